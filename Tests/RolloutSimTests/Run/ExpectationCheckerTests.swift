import Foundation
import Testing
@testable import RolloutSim

/// Checks against the demo's run (`scenarios/checkout-canary.yaml`): 1.9.0 goes to 5%, the analysis
/// fails and the rollout aborts at 3m42.001s, ending Degraded.
@Suite("Expectation checker")
struct ExpectationCheckerTests {
    static let path = DemoScenario.path

    static let demoRun: RunResult = {
        let sink = DiagnosticSink()
        let loaded = DemoScenario.load(sink: sink)!
        return Simulation.run(loaded, seed: nil)
    }()

    /// The demo's text with its `expect` list replaced by these lines (each `    - …`).
    static func demo(expect items: [String]) -> String {
        let text = DemoScenario.text
        let start = text.range(of: "  expect:\n")!
        let end = text.range(of: "---\n", range: start.upperBound..<text.endIndex)!
        let list = "  expect:\n" + items.map { "    - \($0)\n" }.joined()
        return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: list)
    }

    /// Loads a scenario text at the demo's path and checks its expectations against the demo's run.
    static func check(_ text: String) throws -> [ExpectationOutcome] {
        let sink = DiagnosticSink()
        let loaded = ScenarioLoader(files: MemoryFiles([path: text])).load(path, sink: sink)
        #expect(!sink.hasErrors, "\(sink.sorted.map(\.description))")
        let scenario = try #require(loaded)
        return ExpectationChecker.check(scenario.scenario.expectations, against: demoRun)
    }

    static func outcome(_ item: String) throws -> ExpectationOutcome {
        try #require(try check(demo(expect: [item])).first)
    }

    @Test("each kind passes when the run agrees", arguments: [
        ("{rollout: checkout, phase: Degraded}", "Degraded"),
        ("{rollout: checkout, phase: Healthy, at: 0s}", "Healthy"),
        ("{rollout: checkout, phase: Paused, at: 2m}", "Paused"),
        ("{rollout: shop/checkout, phase: Degraded, at: 30m}", "Degraded"),
        ("{rollout: checkout, abortedWithin: 10m}", "aborted at 3m42s1ms"),
        ("{rollout: checkout, abortedWithin: 3m42s1ms}", "aborted at 3m42s1ms"),
        ("{rollout: checkout, maxRouterWeight: 5}", "max 5"),
        ("{rollout: checkout, minRouterWeight: 5}", "max 5"),
        ("{rollout: checkout, maxEffectiveWeight: 5}", "max 5"),
        ("{rollout: checkout, minEffectiveWeight: 4}", "max 5"),
        ("{analysisRun: {rollout: checkout, template: success-rate-latency}, phase: Failed}", "Failed"),
        ("{rollout: checkout, canaryRequestsServed: {min: 1000, max: 2000}}", "1483"),
        ("{rollout: checkout, canaryRequestsServed: 1483}", "1483"),
        ("{rollout: checkout, canaryErrorsServed: {max: 500}}", "19"),
        ("{event: {reason: RolloutAborted, object: Rollout/checkout, messageContains: latency-p99}}", "RolloutAborted at 3m42s1ms on Rollout/checkout"),
        ("{noEvent: {reason: RolloutCompleted}}", "none"),
        ("{noEvent: {reason: RolloutAborted, object: Rollout/other}}", "none"),
    ])
    func passes(item: String, observed: String) throws {
        let outcome = try Self.outcome(item)
        #expect(outcome.passed, "\(outcome.message)")
        #expect(outcome.observed == observed)
        #expect(outcome.text == item)
    }

    @Test("each kind fails when the run disagrees, naming file:line and the observed value", arguments: [
        ("{rollout: checkout, phase: Healthy}", "expected rollout checkout to end Healthy, observed Degraded"),
        ("{rollout: checkout, phase: Healthy, at: 2m}", "expected rollout checkout to be Healthy at 2m, observed Paused"),
        ("{rollout: checkout, abortedWithin: 1m}", "expected rollout checkout to abort within 1m, observed aborted at 3m42s1ms"),
        ("{rollout: checkout, promotedWithin: 10m}", "expected rollout checkout to complete its update within 10m, observed no update completed (ended Degraded)"),
        ("{rollout: checkout, maxRouterWeight: 4}", "expected rollout checkout router weight to stay at most 4, observed max 5"),
        ("{rollout: checkout, minRouterWeight: 6}", "expected rollout checkout router weight to reach at least 6, observed max 5"),
        ("{rollout: checkout, maxEffectiveWeight: 1}", "expected rollout checkout effective weight to stay at most 1, observed max 5"),
        ("{rollout: checkout, minEffectiveWeight: 90}", "expected rollout checkout effective weight to reach at least 90, observed max 5"),
        ("{analysisRun: {rollout: checkout, template: success-rate-latency}, phase: Successful}", "expected analysisRun checkout/success-rate-latency to end Successful, observed Failed"),
        ("{rollout: checkout, canaryRequestsServed: {max: 1}}", "expected rollout checkout canary requests served to be at most 1, observed 1483"),
        ("{rollout: checkout, canaryErrorsServed: 0}", "expected rollout checkout canary errors served to be exactly 0, observed 19"),
        ("{rollout: checkout, canaryErrorsServed: {min: 20, max: 30}}", "expected rollout checkout canary errors served to be between 20 and 30, observed 19"),
        ("{event: {reason: Nope}}", "expected an event Nope, observed no Nope event"),
        ("{event: {reason: RolloutAborted, object: Rollout/other}}",
         "expected an event RolloutAborted on Rollout/other, observed 1 RolloutAborted event(s), none matching (first at 3m42s1ms on Rollout/checkout: \"Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric \"latency-p99\" assessed Failed due to failed (2) > failureLimit (1)\")"),
        ("{noEvent: {reason: RolloutAborted, messageContains: analysis}}",
         "expected no event RolloutAborted with message containing \"analysis\", observed RolloutAborted at 3m42s1ms on Rollout/checkout: \"Rollout aborted update to revision 2: Step-based analysis phase error/failed: Metric \"latency-p99\" assessed Failed due to failed (2) > failureLimit (1)\""),
    ])
    func fails(item: String, message: String) throws {
        let outcome = try Self.outcome(item)
        #expect(!outcome.passed)
        #expect(outcome.message == "scenarios/checkout-canary.yaml:33:7: " + message)
    }

    @Test("a rollout the run does not have fails every check")
    func unknownRollout() {
        let ref = RolloutReference(parsing: "nowhere", location: SourceLocation(file: "x.yaml", line: 3, column: 7))
        let outcome = ExpectationChecker.check(Expectation(check: .phase(rollout: ref, phase: "Healthy", at: nil), location: ref.location),
                                               against: Self.demoRun)
        #expect(!outcome.passed)
        #expect(outcome.message == "x.yaml:3:7: expected rollout nowhere to end Healthy, observed no rollout nowhere in the run")
    }

    @Test("promotedWithin reads RolloutCompleted after the update")
    func promoted() throws {
        let text = SimulationFixture.scenario(replicas: 2, steps: "        - setWeight: 50\n        - pause: {duration: 1m}\n")
            .replacingOccurrences(of: "  timeline:", with: "  expect:\n    - {rollout: app, promotedWithin: 30m}\n    - {rollout: app, promotedWithin: 1m}\n  timeline:")
        let sink = DiagnosticSink()
        let loaded = try #require(ScenarioLoader(files: MemoryFiles(["s.yaml": text])).load("s.yaml", sink: sink), "\(sink.sorted)")
        let result = Simulation.run(loaded, seed: nil)
        let completed = try #require(result.events.first { $0.reason == "RolloutCompleted" && $0.t > .zero })
        let outcomes = ExpectationChecker.check(loaded.scenario.expectations, against: result)
        #expect(outcomes.map(\.passed) == [true, false])
        #expect(outcomes[1].observed == "completed at \(SimDuration(milliseconds: completed.t.milliseconds))")
    }

    // MARK: - Mutation: each expectation of scenarios/checkout-canary.yaml is seen to fail when contradicted.

    @Test("the library's checkout canary passes as written")
    func libraryPasses() throws {
        let outcomes = try Self.check(DemoScenario.text)
        #expect(outcomes.count == 4)
        #expect(outcomes.filter { !$0.passed }.isEmpty, "\(outcomes.filter { !$0.passed }.map(\.message))")
    }

    @Test("each expectation fails when the scenario is changed to contradict it", arguments: [
        ("{rollout: checkout, phase: Degraded}", "{rollout: checkout, phase: Healthy}", 33,
         "expected rollout checkout to end Healthy, observed Degraded"),
        ("{rollout: checkout, abortedWithin: 10m}", "{rollout: checkout, abortedWithin: 1m}", 34,
         "expected rollout checkout to abort within 1m, observed aborted at 3m42s1ms"),
        ("{rollout: checkout, maxRouterWeight: 5}", "{rollout: checkout, maxRouterWeight: 4}", 35,
         "expected rollout checkout router weight to stay at most 4, observed max 5"),
        ("{analysisRun: {rollout: checkout, template: success-rate-latency}, phase: Failed}",
         "{analysisRun: {rollout: checkout, template: success-rate-latency}, phase: Successful}", 36,
         "expected analysisRun checkout/success-rate-latency to end Successful, observed Failed"),
    ])
    func mutation(original: String, flipped: String, line: Int, message: String) throws {
        let text = DemoScenario.text
        #expect(text.components(separatedBy: "    - \(original)\n").count == 2, "the scenario no longer holds \(original)")
        let mutated = text.replacingOccurrences(of: "    - \(original)\n", with: "    - \(flipped)\n")
        let outcomes = try Self.check(mutated)
        let failures = outcomes.filter { !$0.passed }
        #expect(failures.count == 1)
        #expect(failures.first?.message == "scenarios/checkout-canary.yaml:\(line):7: " + message)
        #expect(failures.first?.text == flipped)
    }

    // MARK: - Reports

    @Test("JUnit escapes names and messages; text ends with the count line")
    func reports() throws {
        let outcomes = try Self.check(Self.demo(expect: ["{rollout: checkout, phase: Degraded}",
                                                         "{event: {reason: RolloutAborted, messageContains: \"<&'\"}}"]))
        let results = [ScenarioTestResult(file: Self.path, loadErrors: [], outcomes: outcomes),
                       ScenarioTestResult(file: "scenarios/empty.yaml", loadErrors: [], outcomes: [])]
        #expect(outcomes[1].message.hasPrefix("scenarios/checkout-canary.yaml:34:7: expected an event RolloutAborted with message containing \"<&'\", observed 1 RolloutAborted event(s), none matching"))
        #expect(ScenarioTestReport.text(results) == outcomes[1].message + "\nscenarios/empty.yaml: no expectations\n1 passed, 1 failed\n")
        let xml = ScenarioTestReport.junit(results)
        #expect(xml.contains("<testcase name=\"{event: {reason: RolloutAborted, messageContains: &lt;&amp;&apos;}}\""))
        #expect(xml.contains("<testsuite name=\"scenarios/empty.yaml\" tests=\"0\" failures=\"0\">"))
        #expect(xml.contains("<failure message=\"expected an event RolloutAborted with message containing &quot;&lt;&amp;&apos;&quot;, observed"))
        #expect(ScenarioTestReport.escape("a\"b\n\u{1}") == "a&quot;b&#10;?")
    }
}
