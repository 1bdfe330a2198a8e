import Foundation
import Testing
@testable import RolloutSim

@Suite("Simulation run")
struct SimulationRunTests {
    static var packageRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    static var libraryScenarios: [String] {
        let folder = packageRoot + "/scenarios"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }

    @Test("the embedded demo is the library's checkout-canary.yaml, byte for byte")
    func embeddedDemoMatchesFile() throws {
        let text = try String(contentsOfFile: Self.packageRoot + "/scenarios/checkout-canary.yaml", encoding: .utf8)
        #expect(DemoScenario.text == text)
    }

    @Test("the demo aborts: checkout 1.9.0 regresses and the step analysis fails")
    func demoAborts() throws {
        let sink = DiagnosticSink()
        let loaded = try #require(DemoScenario.load(sink: sink))
        let result = Simulation.run(loaded)
        let rollout = try #require(result.rollouts.first)
        #expect(rollout.phase == .degraded)
        #expect(rollout.isAborted)
        #expect(rollout.status.message.hasPrefix("RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric "))
        let abortedAt = try #require(rollout.abortedAt)
        #expect(abortedAt < VirtualTime.zero + .minutes(10))
        #expect(rollout.weights.map(\.routerWeight).max() == 5)
        #expect(rollout.analysisRuns.first?.summary.phase == "Failed")
        #expect(result.exitCode == 1)
        #expect(result.end == VirtualTime.zero + .minutes(30))
    }

    @Test("every library scenario run twice gives the same summary bytes and digest")
    func determinism() throws {
        #expect(!Self.libraryScenarios.isEmpty, "no scenarios/ folder next to Package.swift")
        for path in Self.libraryScenarios {
            let sink = DiagnosticSink()
            let loaded = try #require(ScenarioLoader().load(path, sink: sink), "\(path)")
            let first = Simulation.run(loaded)
            let second = Simulation.run(loaded)
            #expect(first.digest == second.digest, "\(path)")
            #expect(RunSummaryJSON.render(first) == RunSummaryJSON.render(second), "\(path)")
            #expect(first.digest.hasPrefix("sha256:") && first.digest.count == 71)
        }
    }

    @Test("a different seed changes the digest")
    func seedChangesDigest() throws {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        #expect(Simulation.run(loaded, seed: 42).digest != Simulation.run(loaded, seed: 43).digest)
    }

    @Test("without a duration the run ends 5 minutes after every rollout settled")
    func settleEndsRun() throws {
        let steps = """
                - setWeight: 50
        """
        var text = SimulationFixture.scenario(replicas: 2, steps: steps)
        text = text.replacingOccurrences(of: "  duration: 30m\n", with: "")
        let result = try SimulationFixture.run(text)
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .healthy)
        let healthyAt = try #require(rollout.phases.last { $0.phase == .healthy }).t
        #expect(result.end == healthyAt + .minutes(5))
    }

    @Test("the run summary has the contract's keys in a fixed order")
    func summaryKeys() throws {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        let json = RunSummaryJSON.render(Simulation.run(loaded))
        let data = Data(json.utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["scenario", "seed", "runId", "digest", "end", "rollouts", "events"] { #expect(object[key] != nil, "\(key)") }
        let rollout = try #require((object["rollouts"] as? [[String: Any]])?.first)
        for key in ["name", "namespace", "phase", "message", "argocdHealth", "aborted", "phases", "steps", "weights",
                    "replicaSets", "analysisRuns", "requests", "errors"] {
            #expect(rollout[key] != nil, "\(key)")
        }
        #expect(json.hasPrefix("{\n  \"scenario\": \"checkout-canary\", \"seed\": 42, \"runId\": "))
    }

    @Test("the tree view follows the plugin's layout")
    func treeView() throws {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        let result = Simulation.run(loaded)
        let tree = RolloutTreeView.render(result.rollouts[0], at: result.end)
        let lines = tree.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Name:            checkout")
        #expect(lines[2] == "Status:          ✖ Degraded")
        #expect(lines.contains("  SetWeight:     0"))
        #expect(lines.contains { $0.hasPrefix("NAME ") && $0.contains("KIND") && $0.hasSuffix("INFO") })
        #expect(lines.contains { $0.hasPrefix("├──# revision:2") })
        #expect(lines.contains { $0.hasPrefix("└──# revision:1") })
        // The demo's run: success-rate 1 successful + 1 failed, latency-p99 2 failed.
        #expect(lines.contains { $0.contains("α checkout-") && $0.hasSuffix("✔ 1,✖ 3") })
        #expect(RolloutTreeView.age(.seconds(45)) == "45s")
        #expect(RolloutTreeView.age(.minutes(5)) == "5m")
        #expect(RolloutTreeView.age(.minutes(239)) == "3h59m")
        #expect(RolloutTreeView.age(.minutes(7 * 24 * 60)) == "7d")
    }
}

@Suite("Controller metrics")
struct ControllerMetricsTests {
    @Test("rollout_info carries the Progressing reason's phase: Abort after the demo's abort")
    func rolloutInfo() throws {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        let simulation = SimulationRun(loaded, seed: loaded.scenario.seed)
        let result = simulation.run()
        let prometheus = SimulatedPrometheus(storage: simulation.world.storage)
        let atEnd = try prometheus.query(address: nil, query: "rollout_info", at: result.end)
        let text = atEnd.text
        #expect(text.contains("phase=\"Abort\""))
        #expect(text.contains("traffic_router=\"Nginx\""))
        #expect(!text.contains("phase=\"Completed\""))
        let before = try prometheus.query(address: nil, query: "rollout_info", at: VirtualTime.zero + .seconds(30))
        #expect(before.text.contains("phase=\"Completed\""))
        let available = try prometheus.query(address: nil, query: "rollout_info_replicas_available", at: result.end)
        #expect(available.text.contains("=> 8"))
    }
}

@Suite("Run digests")
struct RunDigestTests {
    @Test("the scenario digest covers the texts read, not where they were read from")
    func scenarioDigest() throws {
        let demo = Simulation.run(try #require(DemoScenario.load(sink: DiagnosticSink())))
        let file = Simulation.run(try #require(ScenarioLoader().load(SimulationRunTests.packageRoot + "/scenarios/checkout-canary.yaml",
                                                                     sink: DiagnosticSink())))
        #expect(demo.scenarioDigest == file.scenarioDigest)
        #expect(demo.scenarioDigest == "sha256:" + SHA256.hex(DemoScenario.text + "\n"))
        #expect(demo.digest == file.digest)
    }
}
