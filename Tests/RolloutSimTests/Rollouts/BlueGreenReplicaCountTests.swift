import Testing
@testable import RolloutSim

@Suite("blue-green replica counts")
struct BlueGreenReplicaCountTests {
    // Upstream: TestNewRSNewReplicasWitPreviewReplicaCount (utils/replicaset/replicaset_test.go), all
    // 6 cases. R = 10, previewReplicaCount 1, ReplicaSets "foo" (the new RS) and "bar", status
    // currentPodHash "foo" unless overridden.
    @Test("TestNewRSNewReplicasWitPreviewReplicaCount", arguments: [
        ("No active rs is set", "", nil, false, false, 10),
        ("Active rs is the new RS", "foo", nil, false, false, 10),
        ("Rollout's currentPodHash doesn't match up", "bar", "baz", true, false, 1),
        ("Rollout is unpaused and ready to scale up", "bar", nil, true, false, 10),
        ("The rollout should use the preview value", "bar", nil, false, false, 1),
        ("Ignore preview replica count during promote full", "bar", nil, false, true, 10),
    ] as [(String, String, String?, Bool, Bool, Int)])
    func previewReplicaCount(_ row: (String, String, String?, Bool, Bool, Int)) {
        let (_, activeSelector, overrideCurrentPodHash, checkpoint, promoteFull, expected) = row
        let inputs = BlueGreenReplicaCounts.Inputs(
            replicas: 10, previewReplicaCount: 1, promoteFull: promoteFull,
            currentPodHash: overrideCurrentPodHash ?? "foo", activeSelector: activeSelector,
            scaleUpPreviewCheckPoint: checkpoint)
        let count = BlueGreenReplicaCounts.newRSReplicas(inputs, newRSPodTemplateHash: "foo", podTemplateHashes: ["foo", "bar"])
        #expect(count == expected)
    }

    @Test("without previewReplicaCount the preview is full size")
    func noPreviewReplicaCount() {
        let inputs = BlueGreenReplicaCounts.Inputs(replicas: 4, currentPodHash: "new", activeSelector: "old")
        #expect(BlueGreenReplicaCounts.newRSReplicas(inputs, newRSPodTemplateHash: "new", podTemplateHashes: ["new", "old"]) == 4)
    }

    @Test("a paused rollout past the checkpoint keeps the preview size")
    func pausedKeepsPreviewSize() {
        let inputs = BlueGreenReplicaCounts.Inputs(
            replicas: 4, previewReplicaCount: 2, hasPauseConditions: true, currentPodHash: "new", activeSelector: "old",
            scaleUpPreviewCheckPoint: true)
        #expect(BlueGreenReplicaCounts.newRSReplicas(inputs, newRSPodTemplateHash: "new", podTemplateHashes: ["new", "old"]) == 2)
    }

    @Test("blue-green maxUnavailable floors its percentage with no fencepost fix and is capped at R")
    func maxUnavailable() {
        // Upstream: TestMaxUnavailable, "maxUnavailable with BlueGreen deployment strategy" (R = 1).
        #expect(BlueGreenReplicaCounts.maxUnavailable(nil, replicas: 1) == 0)
        #expect(BlueGreenReplicaCounts.maxUnavailable(nil, replicas: 3) == 0)
        #expect(BlueGreenReplicaCounts.maxUnavailable(nil, replicas: 8) == 2)
        #expect(BlueGreenReplicaCounts.maxUnavailable(.int(10), replicas: 5) == 5)
        #expect(BlueGreenReplicaCounts.maxUnavailable(.string("50%"), replicas: 0) == 0)
    }
}
