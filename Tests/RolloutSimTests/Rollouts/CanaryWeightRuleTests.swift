import Testing
@testable import RolloutSim

/// Upstream's tables for the weight rules and the traffic-routed variants, from
/// `utils/replicaset/canary_test.go`.
@Suite("canary weight rules and traffic-routed counts")
struct CanaryWeightRuleTests {
    private static func rs(_ name: String, _ spec: Int, _ available: Int, status: Int? = nil) -> ReplicaSetCounts {
        ReplicaSetCounts(name: name, specReplicas: spec, statusReplicas: status, availableReplicas: available)
    }

    /// One row of upstream's `TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale`. Upstream
    /// builds the rollout with `newRollout(replicas, rolloutMaxReplicas, …)`, so the field it calls
    /// `rolloutMaxReplicas` is the first step's setWeight; `steps` are appended after it. An RS with 0
    /// replicas is passed as nil, and the canary RS's available count is its spec count.
    struct DynamicScaleCase: Sendable, CustomTestStringConvertible {
        var name: String
        var replicas: Int
        var firstSetWeight: Int
        var abort: Bool
        var steps: [Int]
        var weights: (canary: Int, stable: Int)
        var canaryRS: Int
        var stableRS: (spec: Int, available: Int)
        var expect: CanaryReplicaCounts
        var testDescription: String { name }

        static let upstream: [DynamicScaleCase] = [
            DynamicScaleCase(
                name: "Should scale stable replica up depending on next expected canary downscale step, if abort is true",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [60], weights: (60, 40), canaryRS: 6,
                stableRS: (4, 4), expect: CanaryReplicaCounts(canary: 6, stable: 8)),
            DynamicScaleCase(
                name: "Should scale stable replica up depending on available canary replicas, if actual number of canaries is less than expected and abort is true",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [60], weights: (60, 40), canaryRS: 1,
                stableRS: (4, 4), expect: CanaryReplicaCounts(canary: 6, stable: 8)),
            DynamicScaleCase(
                name: "Should scale stable replica up depending on available stable replicas, if abort is true",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [60], weights: (60, 40), canaryRS: 2,
                stableRS: (8, 4), expect: CanaryReplicaCounts(canary: 6, stable: 8)),
            DynamicScaleCase(
                name: "Should scale stable up as if canaries are scaled down to 0 if stable and canary replicas not passed, and abort is true",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [60], weights: (60, 40), canaryRS: 0,
                stableRS: (0, 0), expect: CanaryReplicaCounts(canary: 6, stable: 10)),
            DynamicScaleCase(
                name: "Should scale down stable",
                replicas: 10, firstSetWeight: 10, abort: false, steps: [], weights: (10, 90), canaryRS: 0,
                stableRS: (0, 0), expect: CanaryReplicaCounts(canary: 1, stable: 9)),
            DynamicScaleCase(
                name: "Should take max of desired canary (20) > actual (10)",
                replicas: 10, firstSetWeight: 20, abort: false, steps: [], weights: (10, 90), canaryRS: 0,
                stableRS: (0, 0), expect: CanaryReplicaCounts(canary: 2, stable: 9)),
            DynamicScaleCase(
                name: "Should leave canary scaled up if there is still traffic to it on abort",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [], weights: (20, 80), canaryRS: 0,
                stableRS: (0, 0), expect: CanaryReplicaCounts(canary: 2, stable: 10)),
            DynamicScaleCase(
                name: "Should reduce canary when there is less traffic to it on abort",
                replicas: 10, firstSetWeight: 20, abort: true, steps: [], weights: (10, 90), canaryRS: 0,
                stableRS: (0, 0), expect: CanaryReplicaCounts(canary: 1, stable: 10)),
        ]
    }

    // Upstream: TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale (all 8 cases).
    @Test("TestCalculateReplicaCountsForCanaryTrafficRoutingDynamicScale", arguments: DynamicScaleCase.upstream)
    func dynamicScale(_ row: DynamicScaleCase) {
        let inputs = CanaryInputs(
            replicas: row.replicas, steps: ([row.firstSetWeight] + row.steps).map(CanaryStepRule.setWeight),
            maxSurge: .int(0), maxUnavailable: .int(1), isTrafficRouted: true, dynamicStableScale: true,
            abort: row.abort, stableRS: "stable", currentPodHash: "canary")
        let canaryRS = row.canaryRS > 0 ? Self.rs("canary", row.canaryRS, row.canaryRS) : nil
        let stableRS = row.stableRS.spec > 0 ? Self.rs("stable", row.stableRS.spec, row.stableRS.available) : nil
        let counts = CanaryReplicaCounts.trafficRoutedCanary(
            inputs, newRS: canaryRS, stableRS: stableRS,
            weights: RecordedTrafficWeights(canaryWeight: row.weights.canary, stableWeight: row.weights.stable))
        #expect(counts == row.expect)
    }

    private static func abortedDynamic(abortDelay: Int?) -> CanaryInputs {
        CanaryInputs(
            replicas: 10, steps: [.setWeight(10), .setWeight(50)], maxSurge: .int(1), maxUnavailable: .int(0),
            isTrafficRouted: true, dynamicStableScale: true, abortScaleDownDelaySeconds: abortDelay,
            abort: true, stableRS: "stable", currentPodHash: "canary")
    }

    // Upstream: TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay (the 4 table rows). Canary RS 5/5.
    @Test("TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay", arguments: [
        (nil, 9, 10),  // no explicit delay: weight is held up by canary size (progressive drain unchanged)
        (30, 5, 10),   // explicit delay: weight steps down gradually while stable is scaling up
        (30, 9, 0),    // explicit delay: weight reaches zero once stable nearly covers spec.Replicas (deadlock case)
        (0, 9, 10),    // explicit zero delay (leave canary up indefinitely): weight is held up by canary size
    ] as [(Int?, Int, Int)])
    func abortWeightWithDelay(_ row: (Int?, Int, Int)) {
        let inputs = Self.abortedDynamic(abortDelay: row.0)
        let weight = inputs.desiredCanaryWeight(newRS: Self.rs("canary", 5, 5), stableRS: Self.rs("stable", row.1, row.1))
        #expect(weight == row.2)
    }

    // Upstream: TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay, subtest
    // "stable scales to spec.Replicas once weight reaches zero".
    @Test("an aborted dynamic canary with an explicit delay scales the stable to R once the weight reaches 0")
    func abortStableReachesFull() {
        let counts = CanaryReplicaCounts.trafficRoutedCanary(
            Self.abortedDynamic(abortDelay: 30), newRS: Self.rs("canary", 5, 5), stableRS: Self.rs("stable", 9, 9),
            weights: RecordedTrafficWeights(canaryWeight: 10, stableWeight: 90))
        #expect(counts.stable == 10)
    }

    // Upstream: TestGetCurrentCanaryStep (3 assertions).
    @Test("GetCurrentCanaryStep: none without steps, the step at the index, none past the end")
    func currentCanaryStep() {
        var inputs = CanaryInputs(replicas: 10, steps: [])
        #expect(inputs.currentStepIndexIfInRange == nil)
        inputs.steps = [.other]
        inputs.currentStepIndex = 0
        #expect(inputs.currentStepIndexIfInRange == 0)
        inputs.currentStepIndex = 1
        #expect(inputs.currentStepIndexIfInRange == nil)
    }

    // Upstream: TestGetCurrentSetWeight (3 assertions).
    @Test("GetCurrentSetWeight: 100 past the end, the step's weight, 0 when aborted")
    func currentSetWeight() {
        var inputs = CanaryInputs(replicas: 10, steps: [.setWeight(10)], currentStepIndex: 1)
        #expect(inputs.currentSetWeight == 100)
        inputs.currentStepIndex = 0
        #expect(inputs.currentSetWeight == 10)
        inputs.abort = true
        #expect(inputs.currentSetWeight == 0)
    }

    @Test("a pause after setWeight 20 keeps 20; steps before any setWeight mean 0")
    func currentSetWeightWalksBack() {
        var inputs = CanaryInputs(replicas: 10, steps: [.other, .setWeight(20), .other], currentStepIndex: 2)
        #expect(inputs.currentSetWeight == 20)
        inputs.currentStepIndex = 0
        #expect(inputs.currentSetWeight == 0)
    }

    @Test("setCanaryScale is sticky across a later setWeight until matchTrafficWeight")
    func setCanaryScaleIsSticky() {
        var inputs = CanaryInputs(
            replicas: 10,
            steps: [.setCanaryScale(CanaryScaleRule(replicas: 3)), .setWeight(40),
                    .setCanaryScale(CanaryScaleRule(matchTrafficWeight: true)), .setWeight(60)],
            isTrafficRouted: true, currentStepIndex: 1, stableRS: "stable", currentPodHash: "canary")
        #expect(inputs.canaryTarget(newRS: nil, stableRS: nil) == .replicas(3))
        inputs.currentStepIndex = 3
        #expect(inputs.canaryTarget(newRS: nil, stableRS: nil) == .weight(60))
    }

    // Upstream: TestGetCanaryReplicasOrWeight (all 4 cases).
    @Test("GetCanaryReplicasOrWeight: full promote, step weight, step replicas, no stable")
    func canaryReplicasOrWeight() {
        #expect(CanaryInputs(replicas: 1, promoteFull: true).canaryTarget(newRS: nil, stableRS: nil) == .weight(100))
        let scaleWeight = CanaryInputs(
            replicas: 1, steps: [.setWeight(10), .setCanaryScale(CanaryScaleRule(weight: 20))], isTrafficRouted: true,
            currentStepIndex: 1, stableRS: "stable-rs")
        #expect(scaleWeight.canaryTarget(newRS: nil, stableRS: nil) == .weight(20))
        let scaleReplicas = CanaryInputs(
            replicas: 1, steps: [.setWeight(10), .setCanaryScale(CanaryScaleRule(replicas: 5))], isTrafficRouted: true,
            currentStepIndex: 1, stableRS: "stable-rs")
        #expect(scaleReplicas.canaryTarget(newRS: nil, stableRS: nil) == .replicas(5))
        // Upstream's fourth case is a blue-green rollout with abort set: no stableRS, so 100.
        #expect(CanaryInputs(replicas: 1, abort: true).canaryTarget(newRS: nil, stableRS: nil) == .weight(100))
    }

    // Upstream: TestAtDesiredReplicaCountsForCanary (all 5 subtests). Basic canary, R = 4,
    // surge 1, unavailable 1, a setCanaryScale beside the setWeight (ignored without trafficRouting).
    @Test("TestAtDesiredReplicaCountsForCanary", arguments: [
        // we are at desired replica counts and availability
        (50, (2, 2, 2), (2, 2, 2), true),
        // new replicaset is not at desired counts or availability
        (50, (2, 1, 2), (2, 2, 2), false),
        // stable replicaset is not at desired counts or availability
        (75, (3, 3, 3), (2, 2, 2), false),
        // stable replicaset is not at desired availability but is at correct count
        (75, (3, 3, 1), (1, 0, 1), true),
        // test that when status field lags behind spec.replicas we fail
        (50, (2, 2, 2), (2, 2, 3), false),
    ] as [(Int, (Int, Int, Int), (Int, Int, Int), Bool)])
    func atDesiredReplicaCounts(_ row: (Int, (Int, Int, Int), (Int, Int, Int), Bool)) {
        let (weight, new, stable, expected) = row
        let inputs = CanaryInputs(
            replicas: 4, steps: [CanaryStepRule(setWeight: weight, setCanaryScale: CanaryScaleRule(replicas: 2, weight: 2))],
            maxSurge: .int(1), maxUnavailable: .int(1), stableRS: "stable", currentPodHash: "current")
        let result = CanaryReplicaCounts.atDesiredReplicaCounts(
            inputs, newRS: Self.rs("newRS", new.0, new.1, status: new.2),
            stableRS: Self.rs("stableRS", stable.0, stable.1, status: stable.2), otherRSs: [],
            weights: RecordedTrafficWeights(canaryWeight: weight, stableWeight: 100 - weight))
        #expect(result == expected)
    }

    @Test("basic canary is not at desired counts while an older RS still has available pods")
    func olderAvailablePodsBlockBasicCanary() {
        let inputs = CanaryInputs(
            replicas: 4, steps: [.setWeight(50)], maxSurge: .int(1), maxUnavailable: .int(1),
            stableRS: "stable", currentPodHash: "current")
        let older = Self.rs("older", 0, 1)
        #expect(!CanaryReplicaCounts.atDesiredReplicaCounts(
            inputs, newRS: Self.rs("new", 2, 2), stableRS: Self.rs("stable", 2, 2), otherRSs: [older], weights: nil))
    }

    // Upstream: TestAllDesiredAreAvailable (the 3 cases with spec.replicas set; the 2 with a nil
    // spec.replicas cannot be expressed, as our ReplicaSets always carry a count).
    @Test("allDesiredAreAvailable")
    func allDesiredAreAvailable() {
        #expect(CanaryReplicaCounts.allDesiredAreAvailable(Self.rs("a", 10, 10), desired: 10))
        #expect(!CanaryReplicaCounts.allDesiredAreAvailable(Self.rs("a", 10, 9), desired: 10))
        #expect(!CanaryReplicaCounts.allDesiredAreAvailable(nil, desired: 10))
    }

    // Upstream: TestAllReplicaProgressThresholdMet (all 9 cases). Upstream leaves spec.replicas
    // unset where the threshold path never reads it; 0 stands in for it here.
    @Test("TestAllReplicaProgressThresholdMet", arguments: [
        (ReplicaProgressRule(.percent, 90), 0, 9, 10, true),   // 90% availability of pods passes
        (ReplicaProgressRule(.pods, 9), 0, 9, 10, true),       // pod values: 90% availability passes
        (ReplicaProgressRule(.percent, 90), 0, 8, 10, false),  // under 90% fails
        (ReplicaProgressRule(.pods, 8), 0, 7, 10, false),      // under 8 pods fails
        (ReplicaProgressRule(.pods, -100), 10, 10, 10, true),  // threshold under 0 defaults to 100% available
        (nil, 5, 10, 10, false),                               // nil threshold: spec 5 ≠ desired 10
        (ReplicaProgressRule(.percent, 100), 0, 100, 10, true), // well above the threshold passes
        (ReplicaProgressRule(.percent, 90), 0, 0, 0, true),    // desired 0: percentage threshold always met
    ] as [(ReplicaProgressRule?, Int, Int, Int, Bool)])
    func replicaProgressThresholdMet(_ row: (ReplicaProgressRule?, Int, Int, Int, Bool)) {
        let (threshold, spec, available, desired, expected) = row
        #expect(CanaryReplicaCounts.replicaProgressThresholdMet(threshold, Self.rs("a", spec, available), desired: desired) == expected)
    }

    // Upstream: TestAllReplicaProgressThresholdMet, "when the replicaset is nil, it always returns false".
    @Test("a missing ReplicaSet never meets a threshold")
    func nilReplicaSetThreshold() {
        #expect(!CanaryReplicaCounts.replicaProgressThresholdMet(ReplicaProgressRule(.pods, 5), nil, desired: 10))
    }

    // Upstream validation lets an NGINX `maxTrafficWeight: 0` through; Go then converts an infinite
    // float to int32 (math.MinInt32 on amd64) or panics on an integer division. Here nothing traps.
    @Test("a maxTrafficWeight of 0 does not trap the rules")
    func zeroMaxTrafficWeight() {
        let inputs = CanaryInputs(
            replicas: 4, steps: [.setWeight(0)], isTrafficRouted: true, maxTrafficWeight: 0,
            stableRS: "stable", currentPodHash: "canary")
        #expect(CanaryReplicaCounts.trafficWeightToReplicas(replicas: 4, weight: 1, maxWeight: 0) == Int(Int32.min))
        #expect(CanaryReplicaCounts.trafficRoutedCanary(inputs, newRS: nil, stableRS: nil, weights: nil).stable == 4)
        #expect(DesiredWeight.stableCanTake(inputs, stableRS: Self.rs("stable", 4, 4), desiredWeight: 0))
        _ = CanaryReplicaCounts.approximateWeighted(replicas: 4, weight: 1, maxWeight: 0, maxSurge: 1)
    }

    @Test("minPodsPerReplicaSet leaves 0 alone, raises others, and is capped at R")
    func minPods() {
        let inputs = CanaryInputs(replicas: 3, isTrafficRouted: true, minPodsPerReplicaSet: 5)
        #expect(CanaryReplicaCounts.minPodsPerReplicaSet(inputs, 0) == 0)
        #expect(CanaryReplicaCounts.minPodsPerReplicaSet(inputs, 1) == 3)
        let basic = CanaryInputs(replicas: 3, minPodsPerReplicaSet: 5)
        #expect(CanaryReplicaCounts.minPodsPerReplicaSet(basic, 1) == 1)
    }
}
