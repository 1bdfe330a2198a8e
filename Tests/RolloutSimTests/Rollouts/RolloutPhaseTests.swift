import Testing
@testable import RolloutSim

/// Upstream's phase tables from `utils/rollout/rolloututil_test.go`, through `GetRolloutPhase`
/// (`RolloutPhase.observed`) as upstream calls it.
@Suite("rollout phase")
struct RolloutPhaseTests {
    /// Upstream's `newCanaryRollout()`: 5 replicas, steps [setWeight 10, pause 60, setWeight 20],
    /// status replicas 4, updated 3, available 2; generation 0 and no observedGeneration.
    private static func canary() -> RolloutPhaseInputs {
        RolloutPhaseInputs(
            generation: 0, replicas: 5, strategy: .canary(isTrafficRouted: false),
            statusReplicas: 4, updatedReplicas: 3, availableReplicas: 2)
    }

    /// Upstream's `newBlueGreenRollout()`: the same status on a blue-green rollout.
    private static func blueGreen(postPromotionAnalysis: Bool = false) -> RolloutPhaseInputs {
        RolloutPhaseInputs(
            generation: 0, replicas: 5, strategy: .blueGreen(hasPostPromotionAnalysis: postPromotionAnalysis),
            statusReplicas: 4, updatedReplicas: 3, availableReplicas: 2)
    }

    private static func counts(_ rollout: inout RolloutPhaseInputs, replicas: Int, updated: Int, available: Int) {
        rollout.statusReplicas = replicas
        rollout.updatedReplicas = updated
        rollout.availableReplicas = available
    }

    // Upstream: TestRolloutStatusDegraded.
    @Test("a ProgressDeadlineExceeded condition is Degraded with reason: message")
    func degraded() {
        var rollout = Self.canary()
        rollout.conditions = [RolloutCondition(.progressing, reason: "ProgressDeadlineExceeded", message: "timed out")]
        #expect(RolloutPhase.observed(rollout) == RolloutPhaseStatus(.degraded, "ProgressDeadlineExceeded: timed out"))
    }

    @Test("InvalidSpec and RolloutAborted conditions are Degraded, scanned in order")
    func degradedInOrder() {
        var rollout = Self.canary()
        rollout.conditions = [
            RolloutCondition(.available, reason: "AvailableReason", message: "Rollout has minimum availability"),
            RolloutCondition(.progressing, reason: "RolloutAborted", message: "Rollout aborted update to revision 2"),
            RolloutCondition(.invalidSpec, reason: "InvalidSpec", message: "bad"),
        ]
        #expect(RolloutPhase.calculate(rollout)
            == RolloutPhaseStatus(.degraded, "RolloutAborted: Rollout aborted update to revision 2"))
        rollout.conditions.swapAt(1, 2)
        #expect(RolloutPhase.calculate(rollout) == RolloutPhaseStatus(.degraded, "InvalidSpec: bad"))
    }

    // Upstream: TestRolloutStatusPaused.
    @Test("spec.paused is Paused \"manually paused\"")
    func paused() {
        var rollout = Self.canary()
        rollout.paused = true
        #expect(RolloutPhase.observed(rollout) == RolloutPhaseStatus(.paused, "manually paused"))
    }

    @Test("a pause condition is Paused with the condition's reason")
    func pauseCondition() {
        var rollout = Self.canary()
        rollout.pauseConditions = [.inconclusiveAnalysisRun, .canaryPauseStep]
        #expect(RolloutPhase.calculate(rollout) == RolloutPhaseStatus(.paused, "InconclusiveAnalysisRun"))
    }

    // Upstream: TestRolloutStatusProgressing, its 11 phase blocks in order.
    @Test("TestRolloutStatusProgressing")
    func progressing() {
        var ro = Self.canary()
        Self.counts(&ro, replicas: 5, updated: 4, available: 4)
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "more replicas need to be updated"))

        ro = Self.canary()
        Self.counts(&ro, replicas: 5, updated: 5, available: 4)
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "updated replicas are still becoming available"))

        ro = Self.canary()
        Self.counts(&ro, replicas: 7, updated: 5, available: 5)
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "old replicas are pending termination"))

        ro = Self.blueGreen()
        ro.activeSelector = "abc1234"
        ro.stableRS = "abc1234"
        ro.currentPodHash = "def5678"
        Self.counts(&ro, replicas: 5, updated: 5, available: 5)
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "active service cutover pending"))

        ro = Self.blueGreen(postPromotionAnalysis: true)
        ro.activeSelector = "def5678"
        ro.stableRS = "abc1234"
        ro.currentPodHash = "def5678"
        Self.counts(&ro, replicas: 5, updated: 5, available: 5)
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "waiting for analysis to complete"))

        ro = Self.blueGreen()
        ro.activeSelector = "def5678"
        ro.stableRS = "abc1234"
        ro.currentPodHash = "def5678"
        Self.counts(&ro, replicas: 5, updated: 5, available: 5)
        #expect(RolloutPhase.observed(ro)
            == RolloutPhaseStatus(.progressing, "waiting for post-promotion verification to complete"))

        // A new rollout with hashes in its status but no updated replicas yet.
        ro = RolloutPhaseInputs(
            generation: 0, replicas: nil, strategy: .canary(isTrafficRouted: false), observedGeneration: "0",
            stableRS: "abc1234", currentPodHash: "abc1234")
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "more replicas need to be updated"))

        // observedGeneration behind the generation.
        ro = RolloutPhaseInputs(
            generation: 2, replicas: nil, strategy: .canary(isTrafficRouted: false), observedGeneration: "1",
            stableRS: "abc1234", currentPodHash: "abc1234")
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "waiting for rollout spec update to be observed"))

        // A v0.9 rollout's hash is not a generation.
        ro.observedGeneration = "7d66d4485f"
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "more replicas need to be updated"))

        // Nor is an all-digit hash above the generation.
        ro.observedGeneration = "1366344857"
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "more replicas need to be updated"))

        // restartAt not yet reached by restartedAt.
        ro = Self.canary()
        ro.restartAt = "2026-01-01T00:00:00Z"
        Self.counts(&ro, replicas: 5, updated: 5, available: 5)
        ro.stableRS = "abc1234"
        ro.currentPodHash = "abc1234"
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "rollout is restarting"))

        // The referenced workload's generation not yet observed.
        ro = RolloutPhaseInputs(
            generation: 0, workloadGenerationAnnotation: "2", replicas: 5, strategy: .canary(isTrafficRouted: false),
            templateResolvedFromRef: true, workloadObservedGeneration: "1")
        #expect(RolloutPhase.observed(ro)
            == RolloutPhaseStatus(.progressing, "waiting for rollout spec update to be observed for the reference workload"))
    }

    // Upstream: TestRolloutStatusProgressing, the isWorkloadGenerationObserved block (4 assertions).
    @Test("isWorkloadGenerationObserved: absent, unparsable (beyond 32 bits), behind, equal")
    func workloadGenerationObserved() {
        var ro = Self.canary()
        #expect(RolloutPhase.isWorkloadGenerationObserved(ro))
        ro.workloadGenerationAnnotation = "2"
        ro.workloadObservedGeneration = "222222222222222222"
        #expect(RolloutPhase.isWorkloadGenerationObserved(ro))
        ro.workloadObservedGeneration = "1"
        #expect(!RolloutPhase.isWorkloadGenerationObserved(ro))
        ro.workloadObservedGeneration = "2"
        #expect(RolloutPhase.isWorkloadGenerationObserved(ro))
    }

    // Upstream: TestRolloutStatusHealthy (all 4 blocks).
    @Test("TestRolloutStatusHealthy")
    func healthy() {
        var ro = Self.canary()
        Self.counts(&ro, replicas: 5, updated: 5, available: 5)
        ro.stableRS = "abc1234"
        ro.currentPodHash = "abc1234"
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.healthy, ""))

        var bg = Self.blueGreen()
        Self.counts(&bg, replicas: 5, updated: 5, available: 5)
        bg.activeSelector = "abc1234"
        bg.currentPodHash = "abc1234"
        bg.stableRS = "abc1234"
        #expect(RolloutPhase.observed(bg) == RolloutPhaseStatus(.healthy, ""))

        var restarted = ro
        restarted.restartAt = "2026-01-01T00:00:00Z"
        restarted.restartedAt = "2026-01-01T00:00:00Z"
        #expect(RolloutPhase.observed(restarted) == RolloutPhaseStatus(.healthy, ""))

        var workload = ro
        workload.workloadGenerationAnnotation = "2"
        workload.workloadObservedGeneration = "2"
        #expect(RolloutPhase.observed(workload) == RolloutPhaseStatus(.healthy, ""))
    }

    @Test("traffic-routed canary with old pods still up is not \"old replicas are pending termination\"")
    func trafficRoutedKeepsOldPods() {
        var ro = Self.canary()
        ro.strategy = .canary(isTrafficRouted: true)
        Self.counts(&ro, replicas: 10, updated: 5, available: 5)
        ro.stableRS = "abc1234"
        ro.currentPodHash = "abc1234"
        #expect(RolloutPhase.calculate(ro) == RolloutPhaseStatus(.healthy, ""))
        ro.currentPodHash = "def5678"
        #expect(RolloutPhase.calculate(ro) == RolloutPhaseStatus(.progressing, "waiting for all steps to complete"))
    }

    // Upstream: TestIsUnpausing (both assertions).
    @Test("controllerPause without pause conditions is \"waiting for rollout to unpause\"")
    func unpausing() {
        var ro = Self.canary()
        ro.phase = .paused
        ro.message = "canary pause"
        ro.pauseConditions = [.canaryPauseStep]
        ro.controllerPause = true
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.paused, "canary pause"))
        ro.pauseConditions = []
        #expect(RolloutPhase.observed(ro) == RolloutPhaseStatus(.progressing, "waiting for rollout to unpause"))
    }

    // Upstream: Test_isGenerationObserved (all 4 cases).
    @Test("isGenerationObserved", arguments: [
        ("invalid", 0, true),  // test parse generation failed
        ("10", 9, true),       // test status.generation more than spec.generation
        ("10", 10, true),      // test status.generation equal to spec.generation
        ("10", 11, false),     // test status.generation less than spec.generation
    ])
    func generationObserved(_ row: (String, Int, Bool)) {
        let ro = RolloutPhaseInputs(
            generation: row.1, replicas: 1, strategy: .canary(isTrafficRouted: false), observedGeneration: row.0)
        #expect(RolloutPhase.isGenerationObserved(ro) == row.2)
    }

    // Upstream: TestIsFullyPromoted (both blocks), through the canary inputs.
    @Test("fully promoted means stableRS == currentPodHash")
    func fullyPromoted() {
        #expect(CanaryInputs(replicas: 1, stableRS: "abc123", currentPodHash: "abc123").isFullyPromoted)
        #expect(!CanaryInputs(replicas: 1, stableRS: "abc123", currentPodHash: "def456").isFullyPromoted)
    }
}
