import Testing
@testable import RolloutSim

/// Reference §4.5: scaleDownOldReplicaSetsForCanary (rollout/canary.go).
@Suite("older ReplicaSet scale-down")
struct OldReplicaSetScaleDownTests {
    private static func old(_ name: String, _ spec: Int, _ available: Int, revision: Int, referenced: Bool = false,
                            deadline: VirtualTime? = nil) -> OldReplicaSetScaleDown.Candidate {
        OldReplicaSetScaleDown.Candidate(
            counts: ReplicaSetCounts(name: name, specReplicas: spec, availableReplicas: available), revision: revision,
            isReferenced: referenced, scaleDownDeadline: deadline)
    }

    private static let basic = CanaryInputs(replicas: 10, stableRS: "stable", currentPodHash: "canary") // U = 2
    private static let routed = CanaryInputs(replicas: 10, isTrafficRouted: true, stableRS: "stable", currentPodHash: "canary")
    private static let now = VirtualTime(milliseconds: 100_500)

    private static func plan(_ rollout: CanaryInputs, _ others: [OldReplicaSetScaleDown.Candidate], available: Int,
                             promoted: Bool = false, limit: Int? = nil) -> OldReplicaSetScaleDown.Plan {
        OldReplicaSetScaleDown.planForCanary(
            rollout, otherRSs: others, availableAcrossAllRSs: available, isFullyPromoted: promoted,
            scaleDownDelay: .seconds(30), revisionLimit: limit, now: now)
    }

    @Test("basic canary drains older pods within the maxUnavailable budget")
    func basicWithinBudget() {
        #expect(Self.plan(Self.basic, [Self.old("v1", 4, 4, revision: 1)], available: 14).actions == [.scale(name: "v1", replicas: 0)])
        #expect(Self.plan(Self.basic, [Self.old("v1", 4, 4, revision: 1)], available: 10).actions == [.scale(name: "v1", replicas: 2)])
        #expect(Self.plan(Self.basic, [Self.old("v1", 4, 4, revision: 1)], available: 8).actions == [])
    }

    @Test("unavailable pods of older ReplicaSets are removed first, outside the budget")
    func unhealthyFirst() {
        let plan = Self.plan(Self.basic, [Self.old("v1", 4, 1, revision: 1)], available: 8)
        #expect(plan.actions == [.scale(name: "v1", replicas: 1)])
        #expect(plan.totalScaledDown == 3)
    }

    @Test("newest revisions are drained first")
    func newestFirst() {
        let plan = Self.plan(Self.basic, [Self.old("v1", 2, 2, revision: 1), Self.old("v2", 2, 2, revision: 2)], available: 11)
        #expect(plan.actions == [.scale(name: "v2", replicas: 0), .scale(name: "v1", replicas: 1)])
    }

    @Test("after promotion the previous stable gets a 30 s deadline and keeps its size")
    func deadlineAnnotated() {
        let plan = Self.plan(Self.routed, [Self.old("v1", 10, 10, revision: 1)], available: 20, promoted: true)
        #expect(plan.actions == [.setScaleDownDeadline(name: "v1", deadline: VirtualTime(milliseconds: 130_000))])
        #expect(plan.requeueAt == VirtualTime(milliseconds: 130_500))
    }

    @Test("the previous stable keeps its size until strictly after its deadline, then goes to 0")
    func deadlineHonoured() {
        let waiting = Self.plan(Self.routed, [Self.old("v1", 10, 10, revision: 1, deadline: VirtualTime(milliseconds: 130_000))], available: 20)
        #expect(waiting.actions == [])
        #expect(waiting.requeueAt == VirtualTime(milliseconds: 130_000))
        let passed = OldReplicaSetScaleDown.planForCanary(
            Self.routed, otherRSs: [Self.old("v1", 10, 10, revision: 1, deadline: VirtualTime(milliseconds: 130_000))],
            availableAcrossAllRSs: 20, isFullyPromoted: true, scaleDownDelay: .seconds(30), revisionLimit: nil,
            now: VirtualTime(milliseconds: 130_001))
        #expect(passed.actions == [.scale(name: "v1", replicas: 0)])
    }

    @Test("beyond scaleDownDelayRevisionLimit older ReplicaSets go to 0 at once")
    func revisionLimit() {
        let plan = Self.plan(
            Self.routed, [Self.old("v1", 10, 10, revision: 1), Self.old("v2", 10, 10, revision: 2)], available: 30,
            promoted: true, limit: 1)
        #expect(plan.actions == [.setScaleDownDeadline(name: "v2", deadline: VirtualTime(milliseconds: 130_000)),
                                 .scale(name: "v1", replicas: 0)])
    }

    @Test("traffic-routed: referenced ReplicaSets are skipped, intermediate ones go to 0 mid-update")
    func referencedAndIntermediate() {
        let plan = Self.plan(
            Self.routed, [Self.old("v1", 10, 10, revision: 1, referenced: true), Self.old("v2", 3, 3, revision: 2)], available: 23)
        #expect(plan.actions == [.scale(name: "v2", replicas: 0)])
    }

    @Test("with dynamicStableScale the previous stable goes to 0 without a delay")
    func dynamicStableScaleNoDelay() {
        var rollout = Self.routed
        rollout.dynamicStableScale = true
        #expect(Self.plan(rollout, [Self.old("v1", 4, 4, revision: 1)], available: 14, promoted: true).actions
            == [.scale(name: "v1", replicas: 0)])
    }
}
