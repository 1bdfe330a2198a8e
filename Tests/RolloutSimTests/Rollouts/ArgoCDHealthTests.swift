import Testing
@testable import RolloutSim

/// One case of Argo CD's `resource_customizations/argoproj.io/Rollout/health_test.yaml`: the fields
/// of its `testdata/` object that `health.lua` reads, transcribed, and the expected health.
struct ArgoCDHealthCase: Sendable, CustomTestStringConvertible {
    var inputPath: String
    var object: ArgoCDRolloutObject
    var expect: ArgoCDHealth
    var testDescription: String { inputPath }

    private typealias Status = ArgoCDRolloutObject.Status

    private static func available(_ message: String = "Rollout has minimum availability") -> RolloutCondition {
        RolloutCondition(.available, reason: "AvailableReason", message: message)
    }

    private static func progressing(_ reason: String, _ message: String) -> RolloutCondition {
        RolloutCondition(.progressing, reason: reason, message: message)
    }

    /// The 24 cases in upstream's order (argo-cd 37ee0097).
    static let upstream: [ArgoCDHealthCase] = [
        ArgoCDHealthCase(
            inputPath: "testdata/newRolloutWithoutStatus.yaml",
            object: ArgoCDRolloutObject(generation: 1, strategy: .canary, status: nil),
            expect: ArgoCDHealth(.progressing, "Waiting for rollout spec update to be observed")),
        ArgoCDHealthCase(
            inputPath: "testdata/progressing_newGeneration.yaml",
            object: ArgoCDRolloutObject(generation: 2, specReplicas: 1, strategy: .canary, status: Status(
                observedGeneration: "1", conditions: [progressing("NewReplicaSetAvailable", "ReplicaSet \"basic-754cb84d5\" has successfully progressed."), available()],
                currentPodHash: "754cb84d5", replicas: 1, updatedReplicas: 1, availableReplicas: 1, stableRS: "754cb84d5",
                canaryStableRS: .some(nil), blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.progressing, "Waiting for rollout spec update to be observed")),
        ArgoCDHealthCase(
            inputPath: "testdata/progressing_newWorkloadGeneration.yaml",
            object: ArgoCDRolloutObject(
                generation: 3, annotations: ["rollout.argoproj.io/workload-generation": "2"], specReplicas: 5,
                hasWorkloadRef: true, strategy: .canary, status: Status(
                    phase: .healthy, observedGeneration: "3", workloadObservedGeneration: "1",
                    currentPodHash: "75bbd56864", replicas: 5, updatedReplicas: 5, availableReplicas: 5, stableRS: "75bbd56864")),
            expect: ArgoCDHealth(.progressing, "Waiting for rollout spec update to be observed")),
        ArgoCDHealthCase(
            inputPath: "testdata/degraded_statusPhaseMessage.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 1, strategy: .canary, status: Status(
                phase: .degraded, message: "InvalidSpec", observedGeneration: "8575574967", currentPodHash: "754cb84d5",
                replicas: 1, updatedReplicas: 1, availableReplicas: 1, stableRS: "754cb84d5")),
            expect: ArgoCDHealth(.degraded, "InvalidSpec")),
        ArgoCDHealthCase(
            inputPath: "testdata/healthy_legacy_v0.9_observedGeneration.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 1, strategy: .canary, status: Status(
                observedGeneration: "abc123", conditions: [progressing("NewReplicaSetAvailable", "ReplicaSet \"basic-754cb84d5\" has successfully progressed."), available()],
                currentPodHash: "754cb84d5", replicas: 1, updatedReplicas: 1, availableReplicas: 1, stableRS: "754cb84d5",
                canaryStableRS: .some(nil), blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/healthy_legacy_v0.9_observedGeneration_numeric.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 1, strategy: .canary, status: Status(
                observedGeneration: "8575574967", conditions: [progressing("NewReplicaSetAvailable", "ReplicaSet \"basic-754cb84d5\" has successfully progressed."), available()],
                currentPodHash: "754cb84d5", replicas: 1, updatedReplicas: 1, availableReplicas: 1, stableRS: "754cb84d5",
                canaryStableRS: .some(nil), blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/healthy_legacy_v1.0_newWorkloadGeneration.yaml",
            object: ArgoCDRolloutObject(
                generation: 3, annotations: ["rollout.argoproj.io/revision": "1"], specReplicas: 5, hasWorkloadRef: true,
                strategy: .canary, status: Status(
                    phase: .healthy, observedGeneration: "3", currentPodHash: "75bbd56864", replicas: 5,
                    updatedReplicas: 5, availableReplicas: 5, stableRS: "75bbd56864")),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/healthy_newWorkloadGeneration.yaml",
            object: ArgoCDRolloutObject(
                generation: 3, annotations: ["rollout.argoproj.io/workload-generation": "1"], specReplicas: 5,
                hasWorkloadRef: true, strategy: .canary, status: Status(
                    phase: .healthy, observedGeneration: "3", workloadObservedGeneration: "1",
                    currentPodHash: "75bbd56864", replicas: 5, updatedReplicas: 5, availableReplicas: 5, stableRS: "75bbd56864")),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/degraded_invalidSpec.yaml",
            object: ArgoCDRolloutObject(generation: 3, specReplicas: 1, strategy: .unset, status: Status(
                observedGeneration: "3",
                conditions: [
                    progressing("NewReplicaSetAvailable", "ReplicaSet \"basic-754cb84d5\" has successfully progressed."), available(),
                    RolloutCondition(.invalidSpec, reason: "InvalidSpec", message: "The Rollout \"basic\" is invalid: spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"),
                ],
                currentPodHash: "754cb84d5", replicas: 1, updatedReplicas: 1, availableReplicas: 1, stableRS: "754cb84d5")),
            expect: ArgoCDHealth(.degraded, "The Rollout \"basic\" is invalid: spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'")),
        ArgoCDHealthCase(
            inputPath: "testdata/degraded_rolloutTimeout.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 3, strategy: .blueGreen, status: Status(
                observedGeneration: "7bcdbf7bd9",
                conditions: [available(), progressing("ProgressDeadlineExceeded", "ReplicaSet \"guestbook-bluegreen-helm-guestbook-6b8cf6f7db\" has timed out progressing.")],
                currentPodHash: "6b8cf6f7db", replicas: 4, updatedReplicas: 1, availableReplicas: 3,
                canaryStableRS: .some(nil), blueGreenActiveSelector: "8464d8564d")),
            expect: ArgoCDHealth(.degraded, "ReplicaSet \"guestbook-bluegreen-helm-guestbook-6b8cf6f7db\" has timed out progressing.")),
        ArgoCDHealthCase(
            inputPath: "testdata/degraded_abortedRollout.yaml",
            object: ArgoCDRolloutObject(generation: 0, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "58b949649c", conditions: [available(), progressing("RolloutAborted", "Rollout is aborted")],
                currentPodHash: "6758949f55", replicas: 5, availableReplicas: 5, canaryStableRS: "645d5dbc4c",
                blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.degraded, "Rollout is aborted")),
        // BlueGreen
        ArgoCDHealthCase(
            inputPath: "testdata/bluegreen/healthy_servingActiveService.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 1, strategy: .blueGreen, status: Status(
                observedGeneration: "77646c9d4c",
                conditions: [RolloutCondition(.available, reason: "Available", message: "Rollout is serving traffic from the active service.")],
                currentPodHash: "dc689d967", replicas: 1, updatedReplicas: 1, availableReplicas: 1,
                blueGreenActiveSelector: "dc689d967")),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/bluegreen/progressing_addingMoreReplicas.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 3, strategy: .blueGreen, status: Status(
                observedGeneration: "767f98959f",
                conditions: [RolloutCondition(.available, reason: "Available", message: "Rollout is serving traffic from the active service.")],
                currentPodHash: "697fb9575c", replicas: 3, updatedReplicas: 0, availableReplicas: 3)),
            expect: ArgoCDHealth(.progressing, "Waiting for roll out to finish: More replicas need to be updated")),
        ArgoCDHealthCase(
            inputPath: "testdata/bluegreen/progressing_waitingUntilAvailable.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 3, strategy: .blueGreen, status: Status(
                observedGeneration: "767f98959f",
                conditions: [RolloutCondition(.available, reason: "Available", message: "Rollout is not serving traffic from the active service.")],
                currentPodHash: "697fb9575c", replicas: 3, updatedReplicas: 3, availableReplicas: 0)),
            expect: ArgoCDHealth(.progressing, "Waiting for roll out to finish: updated replicas are still becoming available")),
        // Canary
        ArgoCDHealthCase(
            inputPath: "testdata/canary/progressing_setWeightStep.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "6df79499bc",
                conditions: [RolloutCondition(.available, reason: "Available", message: "Rollout is not serving traffic from the active service."),
                             progressing("ReplicaSetUpdated", "ReplicaSet \"example-rollout-canary-6b566f47b7\" is progressing.")],
                currentPodHash: "6b566f47b7", replicas: 5, updatedReplicas: 2, availableReplicas: 5,
                canaryStableRS: "df986d68", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.progressing, "Waiting for roll out to finish: More replicas need to be updated")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/progressing_killingOldReplicas.yaml",
            object: ArgoCDRolloutObject(generation: 101, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "7fcc96c7b7",
                conditions: [available(), progressing("ReplicaSetUpdated", "ReplicaSet \"example-rollout-canary-694fb7759c\" is progressing.")],
                currentPodHash: "694fb7759c", replicas: 6, updatedReplicas: 5, availableReplicas: 5,
                canaryStableRS: "74d6dc8544", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.progressing, "Waiting for roll out to finish: old replicas are pending termination")),
        ArgoCDHealthCase(
            inputPath: "testdata/suspended_controllerPause.yaml",
            object: ArgoCDRolloutObject(generation: 0, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "5b9f9dd6c6", conditions: [progressing("RolloutPaused", "Rollout is paused")],
                pauseConditions: [.canaryPauseStep], currentPodHash: "6758949f55", replicas: 5, updatedReplicas: 1,
                availableReplicas: 5, canaryStableRS: "75c96899b8", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.suspended, "Rollout is paused")),
        ArgoCDHealthCase(
            inputPath: "testdata/suspended_userPause.yaml",
            object: ArgoCDRolloutObject(generation: 0, specReplicas: 5, specPaused: true, strategy: .canary, status: Status(
                observedGeneration: "5c788f4484", conditions: [progressing("RolloutPaused", "Rollout is paused")],
                currentPodHash: "6b566f47b7", replicas: 5, updatedReplicas: 1, availableReplicas: 5,
                canaryStableRS: "df986d68", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.suspended, "Rollout is paused")),
        ArgoCDHealthCase(
            inputPath: "testdata/suspended_v1.0_pausedRollout.yaml",
            object: ArgoCDRolloutObject(generation: 5, specReplicas: 5, strategy: .canary, status: Status(
                phase: .paused, message: "CanaryPauseStep", observedGeneration: "5",
                conditions: [RolloutCondition(.completed, reason: "RolloutCompleted", message: "RolloutCompleted"), available(),
                             progressing("RolloutPaused", "Rollout is paused"),
                             RolloutCondition(.paused, reason: "RolloutPaused", message: "Rollout is paused")],
                pauseConditions: [.canaryPauseStep], currentPodHash: "8566c77b97", replicas: 6, updatedReplicas: 2,
                availableReplicas: 6, stableRS: "77f4f8ff97")),
            expect: ArgoCDHealth(.suspended, "CanaryPauseStep")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/healthy_executedAllStepsPreV0.8.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "c45557fd9",
                conditions: [progressing("NewReplicaSetAvailable", "ReplicaSet \"guestbook-canary-84ccfddd66\" has successfully progressed."), available()],
                currentPodHash: "84ccfddd66", replicas: 5, updatedReplicas: 5, availableReplicas: 5,
                canaryStableRS: "84ccfddd66", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/healthy_executedAllSteps.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "c45557fd9",
                conditions: [progressing("NewReplicaSetAvailable", "ReplicaSet \"guestbook-canary-84ccfddd66\" has successfully progressed."), available()],
                currentPodHash: "84ccfddd66", replicas: 5, updatedReplicas: 5, availableReplicas: 5, stableRS: "84ccfddd66",
                canaryStableRS: .some(nil), blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/progressing_noSteps.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "6886f85bff",
                conditions: [available("Rollout does not have minimum availability"),
                             progressing("ReplicaSetUpdated", "ReplicaSet \"guestbook-canary-567dd56d89\" is progressing.")],
                currentPodHash: "567dd56d89", replicas: 6, updatedReplicas: 5, availableReplicas: 2,
                canaryStableRS: "567dd56d89", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.progressing, "Waiting for roll out to finish: updated replicas are still becoming available")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/healthy_noSteps.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "6886f85bff",
                conditions: [available(), progressing("NewReplicaSetAvailable", "ReplicaSet \"guestbook-canary-567dd56d89\" has successfully progressed.")],
                currentPodHash: "567dd56d89", replicas: 5, updatedReplicas: 5, availableReplicas: 5,
                canaryStableRS: "567dd56d89", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
        ArgoCDHealthCase(
            inputPath: "testdata/canary/healthy_emptyStepsList.yaml",
            object: ArgoCDRolloutObject(generation: 1, specReplicas: 5, strategy: .canary, status: Status(
                observedGeneration: "6886f85bff",
                conditions: [available(), progressing("NewReplicaSetAvailable", "ReplicaSet \"guestbook-canary-567dd56d89\" has successfully progressed.")],
                currentPodHash: "567dd56d89", replicas: 5, updatedReplicas: 5, availableReplicas: 5,
                canaryStableRS: "567dd56d89", blueGreenActiveSelector: .some(nil))),
            expect: ArgoCDHealth(.healthy, "")),
    ]
}

@Suite("Argo CD health")
struct ArgoCDHealthTests {
    // Argo CD: resource_customizations/argoproj.io/Rollout/health_test.yaml, every case.
    @Test("health_test.yaml", arguments: ArgoCDHealthCase.upstream)
    func upstreamCase(_ row: ArgoCDHealthCase) {
        #expect(ArgoCDHealth.assess(row.object) == row.expect)
    }

    @Test("upstream's health_test.yaml has 24 cases")
    func tableIsComplete() {
        #expect(ArgoCDHealthCase.upstream.count == 24)
    }

    @Test("a stored Paused phase stays Suspended even while the controller unpauses")
    func noUnpausingOverride() {
        let object = ArgoCDRolloutObject(generation: 2, specReplicas: 5, strategy: .canary, status: .init(
            phase: .paused, message: "CanaryPauseStep", observedGeneration: "2", pauseConditions: []))
        #expect(ArgoCDHealth.assess(object) == ArgoCDHealth(.suspended, "CanaryPauseStep"))
    }

    @Test("legacy canary with trafficRouting still reports old replicas pending termination")
    func legacyCanaryCountsOldReplicas() {
        let object = ArgoCDRolloutObject(generation: 1, specReplicas: 2, strategy: .canary, status: .init(
            currentPodHash: "b", replicas: 4, updatedReplicas: 2, availableReplicas: 2, stableRS: "b"))
        #expect(ArgoCDHealth.assess(object)
            == ArgoCDHealth(.progressing, "Waiting for roll out to finish: old replicas are pending termination"))
    }

    @Test("Lua tonumber: decimal, exponent and hex are numbers; hashes are not")
    func luaNumber() {
        #expect(ArgoCDHealth.luaNumber("8575574967") == 8_575_574_967)
        #expect(ArgoCDHealth.luaNumber(" 3 ") == 3)
        #expect(ArgoCDHealth.luaNumber("1e3") == 1000)
        #expect(ArgoCDHealth.luaNumber("0x10") == 16)
        #expect(ArgoCDHealth.luaNumber("7d66d4485f") == nil)
        #expect(ArgoCDHealth.luaNumber(nil) == nil)
    }
}
