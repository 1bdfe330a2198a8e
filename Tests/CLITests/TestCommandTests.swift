import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("rollout-sim test")
struct TestCommandTests {
    /// The library's checkout canary with its `expect` list replaced.
    static func checkout(expect: String) throws -> String {
        let text = try String(contentsOf: CLI.packageRoot.appendingPathComponent("scenarios/checkout-canary.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "  expect:\n"))
        let end = try #require(text.range(of: "---\n", range: start.upperBound..<text.endIndex))
        return text.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: expect)
    }

    @Test("the scenario library passes: N passed, 0 failed, exit 0")
    func libraryPasses() throws {
        let result = try CLI.run(["test", "scenarios/"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let last = try #require(result.stdout.split(separator: "\n").last.map(String.init))
        #expect(last.hasSuffix(" passed, 0 failed"), "\(result.stdout)")
        let passed = try #require(Int(last.split(separator: " ")[0]))
        #expect(passed >= 4)
    }

    @Test("without PATH it tests scenarios/")
    func defaultPath() throws {
        let result = try CLI.run(["test"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasSuffix(" passed, 0 failed\n"))
    }

    @Test("a contradicted scenario prints file:line and the observed value, exit 1; --junit writes well-formed XML")
    func contradicted() throws {
        let scenario = try Self.checkout(expect: """
              expect:
                - {rollout: checkout, phase: Healthy}
                - {rollout: checkout, maxRouterWeight: 5}
                - {noEvent: {reason: RolloutAborted, messageContains: "<&\\"'>"}}

            """)
        let folder = try CLI.folder(with: [
            "bad.yaml": scenario,
            "quiet.yaml": try Self.checkout(expect: ""),
            "notes/manifest.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = folder.appendingPathComponent("report.xml")
        let result = try CLI.run(["test", folder.path, "--junit", junit.path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines == [
            "\(folder.path)/bad.yaml:33:7: expected rollout checkout to end Healthy, observed Degraded",
            "\(folder.path)/quiet.yaml: no expectations",
            "2 passed, 1 failed",
        ])

        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"))
        #expect(xml.contains("<testcase name=\"{noEvent: {reason: RolloutAborted, messageContains: &lt;&amp;&quot;&apos;&gt;}}\""))
        #if canImport(FoundationXML) || canImport(Darwin)
        let document = try XMLDocument(data: Data(xml.utf8), options: [])
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["\(folder.path)/bad.yaml", "\(folder.path)/quiet.yaml"])
        let cases = suites[0].elements(forName: "testcase")
        #expect(cases.count == 3)
        #expect(cases[2].attribute(forName: "name")?.stringValue == "{noEvent: {reason: RolloutAborted, messageContains: <&\"'>}}")
        let failure = try #require(cases[0].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "expected rollout checkout to end Healthy, observed Degraded")
        #expect(failure.stringValue == "\(folder.path)/bad.yaml:33:7: expected rollout checkout to end Healthy, observed Degraded")
        #expect(cases[1].elements(forName: "failure").isEmpty)
        #endif

        // Deterministic: a second run writes the same bytes.
        let again = folder.appendingPathComponent("again.xml")
        _ = try CLI.run(["test", folder.path, "--junit", again.path])
        #expect(try Data(contentsOf: again) == Data(contentsOf: junit))
    }

    @Test("a scenario that does not load is a failure with its diagnostics")
    func loadFailure() throws {
        let folder = try CLI.folder(with: [
            "broken.yaml": "apiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec: {seed: x}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["test", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(folder.path)/broken.yaml: failed to load\n  \(folder.path)/broken.yaml:4:14: spec.seed must be a non-negative integer, got 'x'"))
        #expect(result.stdout.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test("--output json lists every result")
    func json() throws {
        let result = try CLI.run(["test", "--output", "json", "scenarios/checkout-canary.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        let items = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(items.count == 4)
        #expect(items.first?["file"] as? String == "scenarios/checkout-canary.yaml")
        #expect(items.first?["line"] as? Int == 33)
        #expect(items.first?["expectation"] as? String == "{rollout: checkout, phase: Degraded}")
        #expect(items.first?["passed"] as? Bool == true)
        #expect(items.first?["observed"] as? String == "Degraded")
    }
}
