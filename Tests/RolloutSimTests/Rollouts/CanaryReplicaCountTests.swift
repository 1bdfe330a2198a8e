import Testing
@testable import RolloutSim

/// Upstream's replica-count tables from `utils/replicaset/canary_test.go`, row for row.
@Suite("canary replica counts")
struct CanaryReplicaCountTests {
    private static func rs(_ name: String, _ spec: Int, _ available: Int) -> ReplicaSetCounts {
        ReplicaSetCounts(name: name, specReplicas: spec, availableReplicas: available)
    }

    // Upstream: TestCalculateReplicaCountsForCanary. Traffic-routed rows are called with nil RSs and
    // nil weights, basic rows with both RSs and the optional older RS, exactly as upstream does.
    @Test("TestCalculateReplicaCountsForCanary", arguments: ReplicaCountCase.upstream)
    func calculateReplicaCountsForCanary(_ row: ReplicaCountCase) {
        let inputs = row.inputs
        let counts: CanaryReplicaCounts
        if row.trafficRouted {
            counts = CanaryReplicaCounts.trafficRoutedCanary(inputs, newRS: nil, stableRS: nil, weights: nil)
        } else {
            counts = CanaryReplicaCounts.basicCanary(
                inputs, newRS: Self.rs("canary", row.canary.spec, row.canary.available),
                stableRS: Self.rs("stable", row.stable.spec, row.stable.available),
                otherRSs: row.olderRS.map { [$0] } ?? [])
        }
        #expect(counts == row.expect)
    }

    @Test("the upstream replica-count table has all 40 cases")
    func tableIsComplete() {
        #expect(ReplicaCountCase.upstream.count == 40)
        #expect(ApproximateCase.upstream.count == 57)
    }

    // Upstream: TestApproximateWeightedNewStableReplicaCounts.
    @Test("TestApproximateWeightedNewStableReplicaCounts", arguments: ApproximateCase.upstream)
    func approximateWeighted(_ row: ApproximateCase) {
        let counts = CanaryReplicaCounts.approximateWeighted(
            replicas: row.replicas, weight: row.weight, maxWeight: row.maxWeight, maxSurge: row.maxSurge)
        #expect(counts == row.expect)
    }

    // Upstream: TestCalculateReplicaCountsForNewDeployment. The stable RS is the new RS (same name).
    @Test("a stable RS that is the new RS sends the new RS to 100%")
    func newDeployment() {
        let inputs = CanaryInputs(
            replicas: 10, steps: [.setWeight(10)], maxSurge: .int(0), maxUnavailable: .int(1),
            stableRS: "stable", currentPodHash: "canary")
        let counts = CanaryReplicaCounts.basicCanary(
            inputs, newRS: Self.rs("stable", 10, 0), stableRS: Self.rs("stable", 10, 0), otherRSs: [])
        #expect(counts == CanaryReplicaCounts(canary: 10, stable: 0))
    }

    // Upstream: TestCalculateReplicaCountsForCanaryTrafficRouting.
    @Test("traffic-routed setWeight 10 of 10 replicas gives canary 1 and keeps stable at 10")
    func trafficRouting() {
        let inputs = CanaryInputs(
            replicas: 10, steps: [.setWeight(10)], maxSurge: .int(0), maxUnavailable: .int(1), isTrafficRouted: true,
            stableRS: "stable", currentPodHash: "canary")
        let counts = CanaryReplicaCounts.trafficRoutedCanary(inputs, newRS: nil, stableRS: nil, weights: nil)
        #expect(counts == CanaryReplicaCounts(canary: 1, stable: 10))
    }

    // Upstream: TestCalculateReplicaCountsForCanaryStableRSdEdgeCases (both assertions).
    @Test("no stable RS, or a stable RS that is the new RS, gives (R, 0)")
    func stableRSEdgeCases() {
        let inputs = CanaryInputs(
            replicas: 10, steps: [.setWeight(10)], maxSurge: .int(0), maxUnavailable: .int(1))
        let newRS = Self.rs("stable", 9, 9)
        #expect(CanaryReplicaCounts.basicCanary(inputs, newRS: newRS, stableRS: nil, otherRSs: [])
            == CanaryReplicaCounts(canary: 10, stable: 0))
        #expect(CanaryReplicaCounts.basicCanary(inputs, newRS: newRS, stableRS: newRS, otherRSs: [])
            == CanaryReplicaCounts(canary: 10, stable: 0))
    }

    // Upstream: TestTrafficWeightToReplicas (all 7 assertions).
    @Test("trafficWeightToReplicas rounds up", arguments: [
        (10, 0, 100, 0), (10, 20, 100, 2), (10, 25, 100, 3), (10, 33, 100, 4), (10, 99, 100, 10),
        (10, 100, 100, 10), (23, 100_000_000, 100_000_000, 23),
    ])
    func trafficWeightToReplicas(_ row: (Int, Int, Int, Int)) {
        #expect(CanaryReplicaCounts.trafficWeightToReplicas(replicas: row.0, weight: row.1, maxWeight: row.2) == row.3)
    }

    // Not an upstream case: no upstream row reaches adjustReplicaWithinLimits' add-back step (E.7.7).
    // Method: spec.replicas lowered from 10 to 4 mid-update (surge 1, unavailable 0, so maxTotal 5
    // and minAvailable 4) with no canary pod available: the canary drains 4 → 2, the stable is
    // trimmed 8 → 3 to fit maxTotal, gets one available pod back to keep minAvailable, and the
    // canary drops 2 → 1 so the pair fits maxTotal again.
    @Test("trimming back under surge keeps minAvailable by returning available stable pods")
    func adjustWithinLimitsAddsBackAvailability() {
        let inputs = CanaryInputs(
            replicas: 4, steps: [.setWeight(50)], maxSurge: .int(1), maxUnavailable: .int(0),
            stableRS: "stable", currentPodHash: "canary")
        let counts = CanaryReplicaCounts.basicCanary(
            inputs, newRS: Self.rs("canary", 4, 0), stableRS: Self.rs("stable", 8, 8), otherRSs: [])
        #expect(counts == CanaryReplicaCounts(canary: 1, stable: 4))
    }

    // Upstream: TestMaxSurge (utils/replicaset/replicaset_test.go), the 2 canary cases; unavailable is 1.
    @Test("MaxSurge resolves an int as is and a percentage rounded up", arguments: [
        (IntOrString.int(5), 5), (IntOrString.string("50%"), 5),
    ])
    func maxSurge(_ row: (IntOrString, Int)) {
        #expect(CanaryInputs(replicas: 10, maxSurge: row.0, maxUnavailable: .int(1)).resolvedMaxSurge == row.1)
    }

    // Upstream: TestMaxUnavailable, the 7 canary cases (surge is 1); the blue-green one is in
    // BlueGreenReplicaCountTests.
    @Test("MaxUnavailable is capped at R and is 0 without replicas", arguments: [
        (10, IntOrString.int(5), 5), (10, .int(10), 10), (5, .int(10), 5), (0, .int(10), 0),
        (10, .string("50%"), 5), (10, .string("100%"), 10), (5, .string("100%"), 5),
    ])
    func maxUnavailable(_ row: (Int, IntOrString, Int)) {
        #expect(CanaryInputs(replicas: row.0, maxSurge: .int(1), maxUnavailable: row.1).resolvedMaxUnavailable == row.2)
    }

    // Upstream: TestGetReplicasForScaleDown (all 4 cases).
    @Test("GetReplicasForScaleDown: nil, spec below available, ignore availability, honour availability")
    func replicasForScaleDown() {
        #expect(CanaryReplicaCounts.replicasForScaleDown(nil, ignoreAvailability: false) == 0)
        #expect(CanaryReplicaCounts.replicasForScaleDown(Self.rs("a", 3, 5), ignoreAvailability: false) == 3)
        #expect(CanaryReplicaCounts.replicasForScaleDown(Self.rs("a", 3, 2), ignoreAvailability: true) == 3)
        #expect(CanaryReplicaCounts.replicasForScaleDown(Self.rs("a", 3, 2), ignoreAvailability: false) == 2)
    }

    // The seed article's fact: basic canary, 8 replicas, setWeight 5 settles at 1 canary pod beside
    // 8 stable pods (an effective share of 1/9, about 11%, not 5%). Method: replay passes, applying
    // each pass's counts and making every pod available, until the counts stop changing.
    @Test("a 5% basic canary of 8 replicas settles at 1 canary pod and 8 stable pods")
    func fivePercentOfEight() {
        let inputs = CanaryInputs(replicas: 8, steps: [.setWeight(5)], stableRS: "stable", currentPodHash: "canary")
        #expect(CanaryReplicaCounts.approximateWeighted(replicas: 8, weight: 5, maxWeight: 100, maxSurge: inputs.resolvedMaxSurge)
            == CanaryReplicaCounts(canary: 1, stable: 8))
        var counts = CanaryReplicaCounts(canary: 0, stable: 8)
        for _ in 0..<10 {
            let next = CanaryReplicaCounts.basicCanary(
                inputs, newRS: Self.rs("canary", counts.canary, counts.canary),
                stableRS: Self.rs("stable", counts.stable, counts.stable), otherRSs: [])
            if next == counts { break }
            counts = next
        }
        #expect(counts == CanaryReplicaCounts(canary: 1, stable: 8))
        #expect(Double(counts.canary) / Double(counts.canary + counts.stable) == 1.0 / 9.0)
        #expect(CanaryReplicaCounts.atDesiredReplicaCounts(
            inputs, newRS: ReplicaSetCounts(name: "canary", specReplicas: 1, availableReplicas: 1),
            stableRS: ReplicaSetCounts(name: "stable", specReplicas: 8, availableReplicas: 8), otherRSs: [], weights: nil))
    }

    // Reference Appendix A, basic canary: R = 10, defaults (S = 3, U = 2), setWeight 20 then 50.
    // Method: one pass at a time with pods available before the next pass; the controller writes one
    // RS per pass (stable first), so a pass here applies only the RS whose count changed first.
    @Test("Appendix A: basic canary 10 replicas walks 10→8 stable, 0→2 canary, then 8→6, 2→5, 6→5")
    func appendixATrajectory() {
        var stable = 10
        var canary = 0
        var trace: [String] = []
        func settle(weightStepIndex: Int) {
            let inputs = CanaryInputs(
                replicas: 10, steps: [.setWeight(20), .other, .setWeight(50), .other],
                currentStepIndex: weightStepIndex, stableRS: "stable", currentPodHash: "canary")
            for _ in 0..<10 {
                let next = CanaryReplicaCounts.basicCanary(
                    inputs, newRS: Self.rs("canary", canary, canary), stableRS: Self.rs("stable", stable, stable), otherRSs: [])
                if next.stable != stable {
                    trace.append("stable \(stable)→\(next.stable)")
                    stable = next.stable
                } else if next.canary != canary {
                    trace.append("canary \(canary)→\(next.canary)")
                    canary = next.canary
                } else {
                    return
                }
            }
        }
        settle(weightStepIndex: 0)
        #expect(trace == ["stable 10→8", "canary 0→2"])
        trace = []
        settle(weightStepIndex: 2)
        #expect(trace == ["stable 8→6", "canary 2→5", "stable 6→5"])
    }
}
