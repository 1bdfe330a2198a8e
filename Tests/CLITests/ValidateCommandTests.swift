import Foundation
import Testing

@Suite("rollout-sim validate")
struct ValidateCommandTests {
    @Test("the scenario library validates clean")
    func libraryIsClean() throws {
        let result = try CLI.run(["validate", "scenarios/"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("0 errors"))
    }

    @Test("bad input: every problem positioned on stderr, exit 65")
    func badInput() throws {
        let folder = try CLI.folder(with: [
            "bad.yaml": "apiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec:\n  seed: 1\n  sede: 2\n  duration: 10\n",
            "truncated.yaml": "apiVersion: v1\nkind: Service\nmetadata: {name: [\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["validate", folder.path])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(folder.path)/bad.yaml:6:3: unknown field 'sede' in spec (expected one of: cluster, duration, expect, history, manifests, prometheus, providers, secrets, seed, timeline, traffic, versions; did you mean 'seed'?)"))
        #expect(lines.contains("\(folder.path)/bad.yaml:7:13: spec.duration: invalid duration '10': missing unit after '10' (expected a duration such as 30s, 1m30s, 2h or 500ms)"))
        #expect(lines.contains { $0.hasPrefix("\(folder.path)/truncated.yaml:4:1: invalid YAML: ") })
    }

    @Test("dynamicStableScale without trafficRouting is InvalidSpec, positioned at the field, exit 65")
    func dynamicStableScaleWithoutProvider() throws {
        let file = "Tests/CLITests/Fixtures/invalid/dynamic-stable-scale-without-provider.yaml"
        let result = try CLI.run(["validate", file])
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == ["\(file):42:27: The Rollout \"checkout\" is invalid: spec.strategy.dynamicStableScale: Invalid value: true: Canary dynamicStableScale can only be used with traffic routing"])
        #expect(result.stdout.contains("1 errors, 0 warnings"))
    }

    @Test("a folder without YAML files is a positioned error, not a silent 65")
    func emptyFolder() throws {
        let folder = try CLI.folder(with: ["notes.txt": "hello"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["validate", folder.path])
        #expect(result.status == 65)
        #expect(result.stderr == "\(folder.path):1:1: no .yaml or .yml file in this folder (expected a folder of manifests or scenarios)\n")
    }

    @Test("--output json lists the problems as data")
    func json() throws {
        let folder = try CLI.folder(with: ["s.yaml": "apiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: x}\nspec: {seed: x}\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try CLI.run(["validate", "--output", "json", folder.path])
        #expect(result.status == 65)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["errors"] as? Int == 1)
        let problems = try #require(object["problems"] as? [[String: Any]])
        #expect(problems.first?["line"] as? Int == 4)
        #expect(problems.first?["column"] as? Int == 14)
        #expect(problems.first?["message"] as? String == "spec.seed must be a non-negative integer, got 'x'")
        #expect(problems.first?["expected"] as? String == "an integer such as 42")
    }

    @Test("binary garbage, an empty file and a missing path each give a positioned message and exit 65")
    func garbage() throws {
        let folder = try CLI.folder(with: ["empty.yaml": ""])
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data([0x00, 0xff, 0xfe, 0x41, 0x0a]).write(to: folder.appendingPathComponent("garbage.yaml"))
        let result = try CLI.run(["validate", folder.path, "/nonexistent/path.yaml"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(folder.path)/garbage.yaml:1:1: cannot read"))
        #expect(result.stderr.contains("/nonexistent/path.yaml:1:1: no such file or folder"))
        #expect(result.stderr.contains("\(folder.path)/empty.yaml:1:1: warning: file holds no manifest"))
    }
}

@Suite("rollout-sim commands")
struct CommandSurfaceTests {
    @Test("--help lists every command of the contract")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        for command in ["run", "test", "validate", "get", "promql", "runs", "compare"] {
            #expect(result.stdout.contains("  \(command)"), "missing \(command)")
        }
    }

    @Test("a usage error exits 64")
    func usage() throws {
        #expect(try CLI.run(["validate"]).status == 64)
        #expect(try CLI.run(["no-such-command"]).status == 64)
    }

    @Test("the same seed gives the same draws in two processes, and another seed differs")
    func randomDeterminism() throws {
        let first = try CLI.run(["debug", "random", "--seed", "42"])
        let second = try CLI.run(["debug", "random", "--seed", "42"])
        let other = try CLI.run(["debug", "random", "--seed", "43"])
        #expect(first.status == 0)
        #expect(!first.stdout.isEmpty)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout != other.stdout)
    }
}
