import Foundation
import Testing

@Suite("rollout-sim run")
struct RunCommandTests {
    @Test("the built-in demo prints its timeline and tree and exits 1 (Degraded)")
    func demoText() throws {
        let result = try CLI.run(["run", "--no-store"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed"))
        #expect(result.stdout.contains("Status:          ✖ Degraded"))
        #expect(result.stdout.contains("\ndigest sha256:"))
        #expect(result.stderr.isEmpty)
    }

    @Test("--output json prints the same bytes in two processes; --seed changes the digest")
    func demoJSON() throws {
        let first = try CLI.run(["run", "--output", "json", "--no-store"])
        let second = try CLI.run(["run", "--output", "json", "--no-store", "--db", "/tmp/unused.sqlite"])
        #expect(first.status == 1)
        #expect(first.stdout == second.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(object["scenario"] as? String == "checkout-canary")
        let reseeded = try CLI.run(["run", "--output", "json", "--seed", "7", "--no-store"])
        let other = try #require(try JSONSerialization.jsonObject(with: Data(reseeded.stdout.utf8)) as? [String: Any])
        #expect(other["seed"] as? Int == 7)
        #expect(other["digest"] as? String != object["digest"] as? String)
    }

    @Test("the library's scenario file gives the same run as the embedded demo")
    func scenarioFile() throws {
        let path = CLI.packageRoot.appendingPathComponent("scenarios/checkout-canary.yaml").path
        let fromFile = try CLI.run(["run", path, "--output", "json", "--no-store"])
        let demo = try CLI.run(["run", "--output", "json", "--no-store"])
        #expect(fromFile.status == 1)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(fromFile.stdout.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(demo.stdout.utf8)) as? [String: Any])
        #expect(a["end"] as? Int == b["end"] as? Int)
        #expect((a["events"] as? [Any])?.count == (b["events"] as? [Any])?.count)
    }

    @Test("a scenario that does not exist is bad input: exit 65 with the path")
    func missingScenario() throws {
        let result = try CLI.run(["run", "/nonexistent/scenario.yaml"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("/nonexistent/scenario.yaml"))
        #expect(result.stdout.isEmpty)
    }
}
