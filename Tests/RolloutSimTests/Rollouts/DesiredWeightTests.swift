import Testing
@testable import RolloutSim

/// The desired weight of reference §5.1 and §5.4 (`reconcileTrafficRouting`,
/// `calculateDesiredWeightOnAbortOrStableRollback` in rollout/trafficrouting.go).
@Suite("desired canary weight")
struct DesiredWeightTests {
    private static func rs(_ name: String, _ spec: Int, _ available: Int) -> ReplicaSetCounts {
        ReplicaSetCounts(name: name, specReplicas: spec, availableReplicas: available)
    }

    /// Reference Appendix A, traffic-routed: R = 10, steps [setWeight 20, pause, setWeight 50, pause].
    private static func appendixA(stepIndex: Int) -> CanaryInputs {
        CanaryInputs(
            replicas: 10, steps: [.setWeight(20), .other, .setWeight(50), .other], isTrafficRouted: true,
            currentStepIndex: stepIndex, stableRS: "stable", currentPodHash: "canary")
    }

    private static func weight(_ rollout: CanaryInputs, canary: ReplicaSetCounts?, stable: ReplicaSetCounts? = rs("stable", 10, 10),
                               recorded: RecordedTrafficWeights? = nil) -> DesiredWeight {
        DesiredWeight.forReconcile(rollout, newRS: canary, stableRS: stable, otherRSs: [], recordedWeights: recorded)
    }

    // Goal: the router lags the replicas (pitfall §15.5). Method: walk Appendix A's traffic-routed
    // trace and check the weight and its reason at each point.
    @Test("the router keeps the previous setWeight until the canary is at its counts")
    func routerLagsReplicas() {
        #expect(Self.weight(Self.appendixA(stepIndex: 0), canary: nil) == DesiredWeight(desiredWeight: 0, reason: .canaryUnavailable))
        #expect(Self.weight(Self.appendixA(stepIndex: 0), canary: Self.rs("canary", 2, 1))
            == DesiredWeight(desiredWeight: 0, reason: .canaryNotAtDesiredCounts))
        #expect(Self.weight(Self.appendixA(stepIndex: 0), canary: Self.rs("canary", 2, 2))
            == DesiredWeight(desiredWeight: 20, reason: .currentStep))
        #expect(Self.weight(Self.appendixA(stepIndex: 1), canary: Self.rs("canary", 2, 2))
            == DesiredWeight(desiredWeight: 20, reason: .currentStep))
        #expect(Self.weight(Self.appendixA(stepIndex: 2), canary: Self.rs("canary", 5, 3))
            == DesiredWeight(desiredWeight: 20, reason: .canaryNotAtDesiredCounts))
        #expect(Self.weight(Self.appendixA(stepIndex: 2), canary: Self.rs("canary", 5, 5))
            == DesiredWeight(desiredWeight: 50, reason: .currentStep))
        #expect(Self.weight(Self.appendixA(stepIndex: 4), canary: Self.rs("canary", 5, 5))
            == DesiredWeight(desiredWeight: 50, reason: .canaryNotAtDesiredCounts))
        #expect(Self.weight(Self.appendixA(stepIndex: 4), canary: Self.rs("canary", 10, 10))
            == DesiredWeight(desiredWeight: 100, reason: .allStepsDone))
    }

    @Test("with maxTrafficWeight 1000 the replica math and the final weight use 1000 as the total")
    func maxTrafficWeight() {
        let rollout = CanaryInputs(
            replicas: 10, steps: [.setWeight(50)], isTrafficRouted: true, maxTrafficWeight: 1000,
            currentStepIndex: 0, stableRS: "stable", currentPodHash: "canary")
        #expect(CanaryReplicaCounts.trafficRoutedCanary(rollout, newRS: nil, stableRS: nil, weights: nil)
            == CanaryReplicaCounts(canary: 1, stable: 10))
        #expect(Self.weight(rollout, canary: Self.rs("canary", 1, 1)) == DesiredWeight(desiredWeight: 50, reason: .currentStep))
        var done = rollout
        done.currentStepIndex = 1
        #expect(Self.weight(done, canary: Self.rs("canary", 10, 10)) == DesiredWeight(desiredWeight: 1000, reason: .allStepsDone))
        #expect(CanaryInputs(replicas: 10, maxTrafficWeight: 1000).maxWeight == 100) // only with trafficRouting
    }

    @Test("fully promoted, aborted without dynamicStableScale, and no steps all give 0")
    func zeroCases() {
        var promoted = Self.appendixA(stepIndex: 4)
        promoted.stableRS = "canary"
        #expect(Self.weight(promoted, canary: Self.rs("canary", 10, 10), stable: Self.rs("canary", 10, 10))
            == DesiredWeight(desiredWeight: 0, reason: .fullyPromoted))
        var aborted = Self.appendixA(stepIndex: 0)
        aborted.abort = true
        let abortWeight = Self.weight(aborted, canary: Self.rs("canary", 2, 2), recorded: RecordedTrafficWeights(canaryWeight: 20, stableWeight: 80))
        #expect(abortWeight == DesiredWeight(desiredWeight: 0, reason: .aborted))
        #expect(abortWeight.removesManagedRoutes)
        let noSteps = CanaryInputs(replicas: 10, isTrafficRouted: true, stableRS: "stable", currentPodHash: "canary")
        #expect(Self.weight(noSteps, canary: Self.rs("canary", 10, 10)) == DesiredWeight(desiredWeight: 0, reason: .noSteps))
    }

    @Test("on abort the canary Service points at stable unless dynamicStableScale still drains weight")
    func canaryServiceOnAbort() {
        #expect(DesiredWeight(desiredWeight: 0, reason: .aborted).pointsCanaryServiceAtStable(dynamicStableScale: false))
        #expect(DesiredWeight(desiredWeight: 0, reason: .aborted).pointsCanaryServiceAtStable(dynamicStableScale: true))
        #expect(!DesiredWeight(desiredWeight: 10, reason: .aborted).pointsCanaryServiceAtStable(dynamicStableScale: true))
        #expect(!DesiredWeight(desiredWeight: 0, reason: .fullyPromoted).pointsCanaryServiceAtStable(dynamicStableScale: false))
    }

    @Test("the weight goes to the router before the hash update only when an empty canary still has weight")
    func weightBeforeHash() {
        let recorded = RecordedTrafficWeights(canaryWeight: 20, stableWeight: 80)
        #expect(DesiredWeight.setsWeightBeforeHashUpdate(newRS: nil, recordedWeights: recorded))
        #expect(DesiredWeight.setsWeightBeforeHashUpdate(newRS: Self.rs("canary", 2, 0), recordedWeights: recorded))
        #expect(!DesiredWeight.setsWeightBeforeHashUpdate(newRS: Self.rs("canary", 2, 1), recordedWeights: recorded))
        #expect(!DesiredWeight.setsWeightBeforeHashUpdate(newRS: nil, recordedWeights: nil))
    }

    @Test("promote --full keeps the recorded weight, or follows canary availability with dynamicStableScale")
    func promoteFull() {
        var rollout = Self.appendixA(stepIndex: 1)
        rollout.promoteFull = true
        #expect(Self.weight(rollout, canary: Self.rs("canary", 10, 7), recorded: RecordedTrafficWeights(canaryWeight: 20, stableWeight: 80))
            == DesiredWeight(desiredWeight: 20, reason: .promoteFull))
        #expect(Self.weight(rollout, canary: Self.rs("canary", 10, 7)) == DesiredWeight(desiredWeight: 0, reason: .promoteFull))
        rollout.dynamicStableScale = true
        #expect(Self.weight(rollout, canary: Self.rs("canary", 10, 7)) == DesiredWeight(desiredWeight: 70, reason: .promoteFull))
    }

    /// An aborted dynamicStableScale rollout, R = 10, steps [setWeight 10, setWeight 50], canary 5/5.
    private static func abortedDynamic() -> CanaryInputs {
        CanaryInputs(
            replicas: 10, steps: [.setWeight(10), .setWeight(50)], isTrafficRouted: true, dynamicStableScale: true,
            abort: true, stableRS: "stable", currentPodHash: "canary")
    }

    @Test("abort with dynamicStableScale rides the reverse ladder and never goes up once recorded", arguments: [
        (9, nil, 10),  // no recorded weight: max(100 − 90, ladder 10)
        (9, 50, 10),   // the stable covers 90 ≥ 100 − 10: min(ladder 10, recorded 50)
        (5, 50, 50),   // the stable covers only 50 < 90: hold the recorded 50
        (10, 10, 10),  // a full stable, but the canary's 5 available pods still hold the ladder at 10
    ] as [(Int, Int?, Int)])
    func abortWeight(_ row: (Int, Int?, Int)) {
        let (stableAvailable, recorded, expected) = row
        let weight = DesiredWeight.onAbortOrStableRollback(
            Self.abortedDynamic(), newRS: Self.rs("canary", 5, 5), stableRS: Self.rs("stable", stableAvailable, stableAvailable),
            recordedWeights: recorded.map { RecordedTrafficWeights(canaryWeight: $0, stableWeight: 100 - $0) })
        #expect(weight == expected)
    }

    @Test("once the canary has shrunk to the ladder's last rung, the abort weight reaches 0")
    func abortWeightReachesZero() {
        let weight = DesiredWeight.onAbortOrStableRollback(
            Self.abortedDynamic(), newRS: Self.rs("canary", 1, 1), stableRS: Self.rs("stable", 10, 10),
            recordedWeights: RecordedTrafficWeights(canaryWeight: 10, stableWeight: 90))
        #expect(weight == 0)
    }

    @Test("reverting a dynamicStableScale update balances the previous canary against the stable")
    func dynamicRollback() {
        let rollout = CanaryInputs(
            replicas: 10, steps: [.setWeight(50)], isTrafficRouted: true, dynamicStableScale: true,
            currentStepIndex: 1, stableRS: "v1", currentPodHash: "v1")
        let recorded = RecordedTrafficWeights(canaryWeight: 50, stableWeight: 50, canaryPodTemplateHash: "v2")
        let decision = DesiredWeight.forReconcile(
            rollout, newRS: Self.rs("v1", 10, 6), stableRS: Self.rs("v1", 10, 6), otherRSs: [Self.rs("v2", 5, 5)],
            recordedWeights: recorded)
        #expect(decision.reason == .dynamicRollbackToStable(previousCanaryHash: "v2"))
        #expect(DesiredWeight.dynamicRollbackCanaryHash(rollout, newRS: Self.rs("v1", 10, 10), recordedWeights: recorded) == nil)
    }

    @Test("the router is not touched while the stable lacks the pods for its share")
    func stableCapacityGate() {
        let rollout = Self.appendixA(stepIndex: 0)
        #expect(DesiredWeight.stableCanTake(rollout, stableRS: Self.rs("stable", 10, 10), desiredWeight: 20))
        #expect(!DesiredWeight.stableCanTake(rollout, stableRS: Self.rs("stable", 10, 7), desiredWeight: 20))
        #expect(DesiredWeight.stableCanTake(rollout, stableRS: Self.rs("stable", 10, 8), desiredWeight: 20))
        #expect(!DesiredWeight.stableCanTake(rollout, stableRS: nil, desiredWeight: 0))
        var threshold = rollout
        threshold.replicaProgressThreshold = ReplicaProgressRule(.pods, 7)
        #expect(DesiredWeight.stableCanTake(threshold, stableRS: Self.rs("stable", 10, 7), desiredWeight: 20))
    }

    @Test("the recorded stable weight is the remainder after canary and experiments")
    func recordedStableWeight() {
        #expect(DesiredWeight.recordedStableWeight(maxWeight: 100, desiredWeight: 20, additionalWeights: [5, 5]) == 70)
        #expect(DesiredWeight.recordedStableWeight(maxWeight: 1000, desiredWeight: 5, additionalWeights: []) == 995)
    }

    @Test("provider splits: Istio clamps the stable at 0, SMI does not, NGINX writes integers")
    func providerSplits() {
        #expect(ProviderWeightSplit.istioStableWeight(canaryWeight: 20, experimentWeights: [10]) == 70)
        #expect(ProviderWeightSplit.istioStableWeight(canaryWeight: 90, experimentWeights: [20]) == 0)
        #expect(ProviderWeightSplit.istioStableWeight(canaryWeight: 10, additionalSubsetWeights: [30]) == 60)
        #expect(ProviderWeightSplit.smiStableWeight(canaryWeight: 90, experimentWeights: [20]) == -10)
        let plain = ProviderWeightSplit.nginxWeightAnnotations(canaryWeight: 5, maxTrafficWeight: nil)
        #expect(plain.map { "\($0.key)=\($0.value)" } == [
            "nginx.ingress.kubernetes.io/canary=true", "nginx.ingress.kubernetes.io/canary-weight=5",
        ])
        let total = ProviderWeightSplit.nginxWeightAnnotations(canaryWeight: 5, maxTrafficWeight: 1000, annotationPrefix: "custom")
        #expect(total.map { "\($0.key)=\($0.value)" } == ["custom/canary=true", "custom/canary-weight=5", "custom/canary-weight-total=1000"])
    }
}
