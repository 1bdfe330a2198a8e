import Foundation
import Testing
@testable import RolloutSim

/// Whole blue-green updates (reference §7) with exact times and counts: the three library
/// scenarios, and small fixtures for manual promotion and previewReplicaCount.
@Suite("Blue-green trajectories")
struct BlueGreenTrajectoryTests {
    static func library(_ name: String) throws -> RunResult {
        let path = SimulationRunTests.packageRoot + "/scenarios/" + name
        let loaded = try #require(ScenarioLoader().load(path, sink: DiagnosticSink()), "\(path)")
        return Simulation.run(loaded)
    }

    static func selectors(_ points: [SelectorPoint]) -> [String] { points.map { "\($0.t.milliseconds) \($0.podTemplateHash)" } }
    static func history(_ rs: ReplicaSetOutcome) -> [String] { rs.history.map { "\($0.t.milliseconds) \($0.replicas)/\($0.available)" } }
    static func events(_ result: RunResult, _ reasons: Set<String>) -> [String] {
        result.events.filter { reasons.contains($0.reason) && $0.object.hasPrefix("Rollout/") }.map { "\($0.t.milliseconds) \($0.reason)" }
    }

    @Test("clean promotion: preview ready at 84.774 s, pre-promotion analysis 84–144 s, active flips at 144.001 s, old RS down at 174 s")
    func cleanPromotion() throws {
        let result = try Self.library("checkout-bluegreen.yaml")
        let rollout = result.rollouts[0]
        let old = rollout.replicaSets[0], new = rollout.replicaSets[1]
        #expect(Self.history(new) == ["60000 4/0", "70207 4/1", "77479 4/2", "84481 4/3", "84774 4/4"])
        #expect(Self.history(old) == ["0 4/4", "174000 0/0"])
        // The preview Service follows the first available new pod; the active one the analysis.
        #expect(Self.selectors(rollout.previewSelectorHistory) == ["0 dfb76f7c6", "70207 74947c4cd7"])
        #expect(Self.selectors(rollout.activeSelectorHistory) == ["0 dfb76f7c6", "144001 74947c4cd7"])
        let pre = try #require(rollout.analysisRuns.first)
        #expect(pre.run.name == "checkout-74947c4cd7-2-pre")
        #expect(pre.summary.phase == "Successful")
        #expect(pre.summary.startedAt == 84000 && pre.summary.finishedAt == 144000)
        // Scale-down delay: 30 s after the switch, at 1-second resolution.
        #expect(Self.events(result, ["ScalingReplicaSet", "RolloutCompleted"]) == ["60000 ScalingReplicaSet", "144001 RolloutCompleted", "174000 ScalingReplicaSet"])
        #expect(old.role == "old" && new.role == "active")
        #expect(rollout.phases.map { "\($0.t.milliseconds) \($0.phase.rawValue)" } == ["0 Healthy", "60000 Progressing", "144001 Healthy"])
        #expect(rollout.phase == .healthy && rollout.argocdHealth.status == .healthy)
        // The smoke-test load reached the preview pods before the switch.
        #expect(new.served.requests > 0)
        #expect(result.exitCode == 0)
    }

    @Test("post-promotion failure: active flips at 173.001 s, back at 203.001 s, preview scaled down 30 s later; old RS never scaled")
    func postPromotionFailure() throws {
        let result = try Self.library("checkout-bluegreen-postpromotion.yaml")
        let rollout = result.rollouts[0]
        let old = rollout.replicaSets[0], new = rollout.replicaSets[1]
        #expect(Self.history(new) == ["60000 4/0", "73091 4/1", "76329 4/2", "78576 4/3", "83086 4/4", "233000 0/0"])
        #expect(Self.history(old) == ["0 4/4"])
        #expect(Self.selectors(rollout.activeSelectorHistory) == ["0 dfb76f7c6", "173001 74947c4cd7", "203001 dfb76f7c6"])
        #expect(Self.selectors(rollout.previewSelectorHistory) == ["0 dfb76f7c6", "73091 74947c4cd7"])
        let phases = rollout.analysisRuns.map { "\($0.run.name) \($0.summary.phase) \($0.summary.startedAt ?? -1)-\($0.summary.finishedAt ?? -1)" }
        // The unscoped pre-promotion query only saw the active (old) version, so it passed.
        #expect(phases == ["checkout-74947c4cd7-2-pre Successful 83000-173000", "checkout-74947c4cd7-2-post Failed 173000-203000"])
        #expect(rollout.status.message.hasPrefix("RolloutAborted: Rollout aborted update to revision 2: Blue/green post-promotion analysis phase error/failed: "))
        #expect(rollout.isAborted && rollout.abortedAt == VirtualTime.zero + .seconds(203))
        #expect(rollout.status.stableRS == old.podTemplateHash)
        #expect(old.role == "active" && new.role == "preview")
        #expect(rollout.phase == .degraded && rollout.argocdHealth.status == .degraded)
        #expect(result.exitCode == 1)
    }

    @Test("manual pause and abort: paused at 78.878 s when the preview is ready, active never moves, preview down at 330 s")
    func manualAbort() throws {
        let result = try Self.library("checkout-bluegreen-manual-abort.yaml")
        let rollout = result.rollouts[0]
        let old = rollout.replicaSets[0], new = rollout.replicaSets[1]
        #expect(Self.history(new) == ["60000 3/0", "71635 3/1", "74222 3/2", "78878 3/3", "330000 0/0"])
        #expect(Self.history(old) == ["0 3/3"])
        #expect(Self.selectors(rollout.activeSelectorHistory) == ["0 dfb76f7c6"])
        #expect(rollout.phases.map { "\($0.t.milliseconds) \($0.phase.rawValue) \($0.message)" } == [
            "0 Healthy ", "60000 Progressing more replicas need to be updated", "78878 Paused BlueGreenPause",
            "300000 Degraded RolloutAborted: Rollout aborted update to revision 2",
        ])
        #expect(Self.events(result, ["RolloutPaused", "RolloutAborted"]) == ["78878 RolloutPaused", "300000 RolloutAborted"])
        #expect(result.exitCode == 1)
        let tree = RolloutTreeView.render(rollout, at: result.end)
        #expect(tree.contains("Strategy:        BlueGreen"))
        #expect(tree.contains("stable,active"))
        #expect(tree.contains("preview,delay:passed"))
        #expect(!tree.contains("SetWeight"))
    }

    static func fixture(strategy: String, timeline: String, duration: String = "6m", replicas: Int = 4) -> String {
        """
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata:
          name: bg-fixture
        spec:
          seed: 7
          duration: \(duration)
          cluster:
            podStartup: 1s
            podShutdown: 1s
          traffic:
            rps: 20
          timeline:
        \(timeline)
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata:
          name: app
          namespace: default
        spec:
          replicas: \(replicas)
          selector:
            matchLabels:
              app: app
          template:
            metadata:
              labels:
                app: app
            spec:
              containers:
                - name: app
                  image: example/app:1
          strategy:
            blueGreen:
              activeService: app-active
              previewService: app-preview
        \(strategy)
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app-active
          namespace: default
        spec:
          selector:
            app: app
          ports:
            - port: 80
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: app-preview
          namespace: default
        spec:
          selector:
            app: app
          ports:
            - port: 80

        """
    }

    @Test("manual promotion: promote at 3m ends the BlueGreenPause, the active Service flips, the old RS waits scaleDownDelaySeconds")
    func manualPromote() throws {
        let text = Self.fixture(strategy: "      autoPromotionEnabled: false\n      scaleDownDelaySeconds: 10", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 3m, promote: {rollout: app}}
        """)
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.phases.map { "\($0.t.milliseconds) \($0.phase.rawValue)" } == ["0 Healthy", "60000 Progressing", "61000 Paused", "180000 Healthy"])
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0, 180000])
        #expect(Self.history(rollout.replicaSets[0]) == ["0 4/4", "190000 0/0"])
        #expect(rollout.status.stableRS == rollout.status.currentPodHash)
        #expect(rollout.phase == .healthy)
    }

    @Test("autoPromotionSeconds: the pause ends strictly after startTime + 20 s")
    func autoPromotionSeconds() throws {
        let text = Self.fixture(strategy: "      autoPromotionSeconds: 20", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
        """)
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0, 81001])
        #expect(Self.history(rollout.replicaSets[0]) == ["0 4/4", "111000 0/0"])
        #expect(rollout.phase == .healthy)
    }

    @Test("previewReplicaCount: the preview runs 1 pod while paused, scales to R after promote, then the active Service flips")
    func previewReplicaCount() throws {
        let text = Self.fixture(strategy: "      previewReplicaCount: 1\n      autoPromotionEnabled: false", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 2m, promote: {rollout: app}}
        """)
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        let scalings = result.events.filter { $0.reason == "ScalingReplicaSet" }.map { "\($0.t.milliseconds) \($0.message.split(separator: " ").suffix(3).joined(separator: " "))" }
        #expect(scalings == ["60000 0 to 1", "120000 1 to 4", "151000 4 to 0"])
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0, 121000])
        #expect(rollout.phase == .healthy)
    }

    static func scalings(_ result: RunResult) -> [String] {
        result.events.filter { $0.reason == "ScalingReplicaSet" }.map { event in
            let parts = event.message.split(separator: " ")
            return "\(event.t.milliseconds) \(parts[3]) \(parts[parts.count - 3])→\(parts[parts.count - 1])"
        }
    }

    @Test("abortScaleDownDelaySeconds: 0 keeps the aborted preview up; retry starts again and promote --full switches at once")
    func abortRetryPromoteFull() throws {
        let text = Self.fixture(strategy: "      autoPromotionEnabled: false\n      abortScaleDownDelaySeconds: 0", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 2m, abort: {rollout: app}}
            - {at: 3m, retry: {rollout: app}}
            - {at: 4m, promote: {rollout: app, full: true}}
        """)
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.phases.map { "\($0.t.milliseconds) \($0.phase.rawValue)" } == [
            "0 Healthy", "60000 Progressing", "61000 Paused", "120000 Degraded", "180000 Paused", "240000 Healthy",
        ])
        // The preview is never scaled down on abort (delay 0); the old RS goes 30 s after the switch.
        #expect(Self.scalings(result) == ["60000 app-\(rollout.status.currentPodHash) 0→4", "270000 app-\(rollout.replicaSets[0].podTemplateHash) 4→0"])
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0, 240000])
        #expect(rollout.phase == .healthy)
    }

    @Test("scaleDownDelayRevisionLimit: 0 scales the previous active ReplicaSet down at once on promotion")
    func revisionLimit() throws {
        let text = Self.fixture(strategy: "      scaleDownDelayRevisionLimit: 0", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
        """)
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0, 61000])
        #expect(Self.history(rollout.replicaSets[0]) == ["0 4/4", "61000 0/0"])
        #expect(rollout.phase == .healthy)
    }

    @Test("a preview that never becomes ready times out: Degraded ProgressDeadlineExceeded 600 s after the last progress")
    func progressDeadline() throws {
        var text = Self.fixture(strategy: "", timeline: """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
        """, duration: "15m")
        text = text.replacingOccurrences(of: "  timeline:\n", with: "  versions:\n    - image: example/app:2\n      readiness: never\n  timeline:\n")
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.phases.map { "\($0.t.milliseconds) \($0.phase.rawValue)" } == ["0 Healthy", "60000 Progressing", "661000 Degraded"])
        #expect(rollout.status.message == "ProgressDeadlineExceeded: ReplicaSet \"app-\(rollout.status.currentPodHash)\" has timed out progressing.")
        #expect(rollout.activeSelectorHistory.map(\.t.milliseconds) == [0])
        #expect(Self.history(rollout.replicaSets[0]) == ["0 4/4"])
    }

    @Test("traffic.previewRps decodes, defaults to 0, and is in the known keys")
    func previewRpsDecodes() throws {
        let loaded = try SimulationFixture.load(Self.fixture(strategy: "", timeline: "    - {at: 1m, pause: {rollout: app}}"))
        #expect(loaded.scenario.traffic.previewRps == 0)
        let withPreview = Self.fixture(strategy: "", timeline: "    - {at: 1m, pause: {rollout: app}}")
            .replacingOccurrences(of: "    rps: 20\n", with: "    rps: 20\n    previewRps: 5\n")
        #expect(try SimulationFixture.load(withPreview).scenario.traffic.previewRps == 5)
    }
}
