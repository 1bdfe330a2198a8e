import Foundation
import Testing
@testable import RolloutSim

/// Progress deadline, background analysis, undo, apply and the steps the simulator does not run.
@Suite("Canary features")
struct CanaryFeatureTests {
    static let neverReady = """
        - image: example/app:2
          readiness: never

    """
    static let steps = """
            - setWeight: 20
            - pause: {}
    """

    @Test("a canary that stops progressing times out: Degraded, not aborted, and it keeps reconciling")
    func progressDeadline() throws {
        let result = try SimulationFixture.run(SimulationFixture.scenario(
            replicas: 4, steps: Self.steps, nginx: true, strategyExtra: "", duration: "10m", versions: Self.neverReady)
            .replacingOccurrences(of: "  replicas: 4\n", with: "  replicas: 4\n  progressDeadlineSeconds: 60\n"))
        let rollout = result.rollouts[0]
        let canary = try #require(rollout.replicaSets.last)
        #expect(rollout.phase == .degraded)
        #expect(rollout.status.message == "ProgressDeadlineExceeded: ReplicaSet \"\(canary.name)\" has timed out progressing.")
        #expect(!rollout.isAborted)
        // The Progressing condition was last refreshed when the canary pod was created (t = 60 s);
        // the controller wakes at the deadline + 1 s and finds it strictly past.
        let degraded = try #require(rollout.phases.first { $0.phase == .degraded })
        #expect(degraded.t == VirtualTime.zero + .seconds(121))
    }

    @Test("progressDeadlineAbort aborts with the timeout as the cause")
    func progressDeadlineAbort() throws {
        let result = try SimulationFixture.run(SimulationFixture.scenario(
            replicas: 4, steps: Self.steps, nginx: true, duration: "10m", versions: Self.neverReady)
            .replacingOccurrences(of: "  replicas: 4\n", with: "  replicas: 4\n  progressDeadlineSeconds: 60\n  progressDeadlineAbort: true\n"))
        let rollout = result.rollouts[0]
        let canary = try #require(rollout.replicaSets.last)
        #expect(rollout.isAborted)
        #expect(rollout.status.message
            == "RolloutAborted: Rollout aborted update to revision 2: ReplicaSet \"\(canary.name)\" has timed out progressing.")
    }

    @Test("background analysis starts at startingStep and is terminated Successful at promotion")
    func backgroundAnalysis() throws {
        let steps = """
                - setWeight: 20
                - pause: {duration: 30}
                - setWeight: 40
                - pause: {}
        """
        let analysis = """
              analysis:
                startingStep: 2
                templates:
                  - templateName: gate

        """
        let template = """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata:
          name: gate
          namespace: default
        spec:
          metrics:
            - name: gate
              interval: 30s
              successCondition: result[0] >= 0.9
              provider:
                prometheus:
                  address: http://prometheus:9090
                  query: vector(1)

        """
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 10m, promote: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(
            replicas: 4, steps: steps, nginx: true, strategyExtra: analysis, duration: "15m", timeline: timeline, extraManifests: template))
        let rollout = result.rollouts[0]
        let run = try #require(rollout.analysisRuns.first)
        #expect(rollout.analysisRuns.count == 1)
        #expect(run.summary.kind == "background")
        #expect(run.run.name == "app-\(rollout.status.currentPodHash)-2")
        let secondWeightStep = try #require(rollout.steps.first { $0.index == 2 })
        #expect(run.createdAt == secondWeightStep.startedAt)
        #expect(run.run.status.phase == .successful)
        #expect(run.run.status.message == "Run Terminated")
        #expect(rollout.phase == .healthy)
    }

    @Test("undo to the stable revision skips every step and reuses its ReplicaSet with the next revision")
    func undoToStable() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 5m, undo: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m", timeline: timeline))
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .healthy)
        #expect(result.events.contains { $0.reason == "SkipSteps" && $0.message == "Rollback to stable ReplicaSets" })
        #expect(rollout.replicaSets.map(\.revision) == [3, 2])
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 0])
        #expect(rollout.status.currentStepIndex == 2)
    }

    @Test("an experiment step is reported as not simulated and completes")
    func experimentStep() throws {
        let steps = """
                - setWeight: 20
                - experiment:
                    duration: 1m
                    templates:
                      - name: canary
                        specRef: canary
                - pause: {}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: steps, nginx: true, duration: "10m"))
        let rollout = result.rollouts[0]
        #expect(rollout.status.currentStepIndex == 2)
        #expect(result.events.contains { $0.reason == "StepNotSimulated" && $0.message == "Step 2/3 (experiment) is not simulated; treated as Successful" })
    }

    @Test("a manual pause freezes the canary until promote unpauses it")
    func manualPause() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 1m, pause: {rollout: app}}
        """
        let paused = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m", timeline: timeline))
        let rollout = paused.rollouts[0]
        #expect(rollout.phase == .paused)
        #expect(rollout.status.message == "manually paused")
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 0])

        let resumed = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m",
                                                                             timeline: timeline + "\n    - {at: 5m, promote: {rollout: app}}"))
        #expect(resumed.rollouts[0].replicaSets.map(\.specReplicas) == [4, 1])
        #expect(resumed.rollouts[0].status.currentStepIndex == 1)
    }

    @Test("apply of a changed Rollout starts a new revision from step 0 with the new steps")
    func applyChangedRollout() throws {
        let scenario = SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m",
                                                  timeline: "    - {at: 1m, apply: {file: v2.yaml}}")
        // v2.yaml: the fixture's Rollout with image 2 and a 50% first step.
        let rolloutDocument = scenario.components(separatedBy: "---\n")[1]
            .replacingOccurrences(of: "image: example/app:1", with: "image: example/app:2")
            .replacingOccurrences(of: "- setWeight: 20", with: "- setWeight: 50")
        let loaded = try SimulationFixture.load(scenario, otherFiles: ["v2.yaml": rolloutDocument])
        let result = Simulation.run(loaded)
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .paused)
        #expect(rollout.status.currentStepIndex == 1)
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 2])
        #expect(rollout.replicaSets.map(\.revision) == [1, 2])
        #expect(result.events.contains { $0.message == "Rollout step 1/2 completed (setWeight: 50)" })
    }

    @Test("dynamicStableScale shrinks the stable one pass after traffic left it, and aborts down the weight ladder")
    func dynamicStableScale() throws {
        let steps = """
                - setWeight: 50
                - pause: {}
        """
        let extra = "      dynamicStableScale: true\n"
        let paused = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: steps, nginx: true, strategyExtra: extra, duration: "10m"))
        #expect(SimulationFixture.scalings(paused) == ["canary 0→2", "stable 4→2"])
        let weight50 = try #require(paused.events.first { $0.message == "Traffic weight updated from 0 to 50" })
        let stableDown = try #require(paused.events.first { $0.reason == "ScalingReplicaSet" && $0.message.hasSuffix("from 4 to 2") })
        #expect(stableDown.t >= weight50.t)
        #expect(paused.rollouts[0].phase == .paused)

        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 5m, abort: {rollout: app}}
        """
        let aborted = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: steps, nginx: true, strategyExtra: extra,
                                                                             duration: "10m", timeline: timeline))
        let rollout = aborted.rollouts[0]
        #expect(rollout.phase == .degraded)
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 0])
        #expect(SimulationFixture.scalings(aborted).suffix(2) == ["stable 2→4", "canary 2→0"])
        // With dynamicStableScale the weight only leaves the canary as stable pods become available.
        let fiveMinutes = VirtualTime.zero + .minutes(5)
        #expect(rollout.weights.last { $0.t <= fiveMinutes }?.desiredWeight == 50)
        let next = try #require(rollout.weights.first { $0.t > fiveMinutes })
        #expect(next.desiredWeight == 0)
        let stableUp = try #require(aborted.events.first { $0.reason == "ScalingReplicaSet" && $0.message.hasSuffix("from 2 to 4") })
        #expect(next.t > stableUp.t)
    }

    @Test("setCanaryScale sizes the canary apart from the weight and stays in force across a later setWeight")
    func setCanaryScale() throws {
        let steps = """
                - setCanaryScale: {replicas: 3}
                - setWeight: 10
                - pause: {}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 10, steps: steps, nginx: true, duration: "10m"))
        let rollout = result.rollouts[0]
        #expect(SimulationFixture.scalings(result) == ["canary 0→3"])
        #expect(rollout.replicaSets.map(\.specReplicas) == [10, 3])
        #expect(rollout.weights.last?.routerWeight == 10)
        #expect(rollout.status.currentStepIndex == 2)
        #expect(result.events.contains { $0.message == "Rollout step 1/3 completed (setCanaryScale{replicas: 3})" })
    }

    @Test("a new image mid-update starts over from step 0 and the intermediate ReplicaSet goes at once")
    func updateDuringUpdate() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 3m, setImage: {rollout: app, container: app, image: example/app:3}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m", timeline: timeline))
        let rollout = result.rollouts[0]
        #expect(rollout.replicaSets.map(\.revision) == [1, 2, 3])
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 0, 1])
        #expect(rollout.replicaSets.map(\.role) == ["stable", "old", "canary"])
        #expect(rollout.phase == .paused)
        #expect(rollout.status.currentStepIndex == 1)
        let intermediate = try #require(result.events.first { $0.reason == "ScalingReplicaSet" && $0.message.contains("(revision 2) from 1 to 0") })
        #expect(intermediate.t < VirtualTime.zero + .minutes(3) + .seconds(5))
    }
}
