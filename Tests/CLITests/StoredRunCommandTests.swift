import Foundation
import Testing

@Suite("stored runs: run, runs list/show, compare, get")
struct StoredRunCommandTests {
    /// A fresh folder for a database; the tests never touch the default `.rollout-sim/`.
    static func database() throws -> (folder: URL, path: String) {
        let folder = try CLI.folder(with: [:])
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("runs.sqlite").path)
    }

    /// The id from `stored as run <id> in <path>`.
    static func storedID(_ stdout: String) throws -> String {
        let line = try #require(stdout.split(separator: "\n").last(where: { $0.hasPrefix("stored as run ") }))
        return String(line.split(separator: " ")[3])
    }

    @Test("run stores the run, says where, and runs list shows it newest first")
    func runStores() throws {
        let (folder, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try CLI.run(["run", "--db", db])
        #expect(first.status == 1)
        #expect(first.stdout.hasSuffix("in \(db)\n"))
        let id = try Self.storedID(first.stdout)
        #expect(id.hasPrefix("checkout-canary-42-"))
        let second = try Self.storedID(try CLI.run(["run", "--db", db, "--seed", "7"]).stdout)
        let list = try CLI.run(["runs", "list", "--db", db])
        #expect(list.status == 0)
        let lines = list.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix(second))
        #expect(lines[2].hasPrefix(id))
        #expect(lines[2].contains("checkout=Degraded"))
        let json = try CLI.run(["runs", "list", "--db", db, "--output", "json"])
        let array = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == [second, id])

        let noStore = try CLI.run(["run", "--db", db, "--no-store"])
        #expect(!noStore.stdout.contains("stored as run"))
        #expect(try CLI.run(["runs", "list", "--db", db]).stdout.split(separator: "\n").count == 3)
    }

    @Test("runs show prints the stored summary JSON byte for byte, and the timeline as text")
    func runsShow() throws {
        let (folder, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try Self.storedID(try CLI.run(["run", "--db", db]).stdout)
        let json = try CLI.run(["run", "--db", db, "--output", "json"])
        let shown = try CLI.run(["runs", "show", id, "--db", db, "--output", "json"])
        #expect(shown.status == 0)
        #expect(shown.stdout == json.stdout)
        let text = try CLI.run(["runs", "show", id, "--db", db])
        let ran = try CLI.run(["run", "--no-store"])
        let timeline = { (s: String) in s.components(separatedBy: "\nName:").first ?? "" }
        #expect(timeline(text.stdout) == timeline(ran.stdout))
        #expect(text.stdout.contains("shop/checkout: Degraded, aborted at"))
        let missing = try CLI.run(["runs", "show", "nope", "--db", db])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no stored run with id 'nope'"))
    }

    @Test("compare: the same seed twice has no differences; two seeds differ in measurements, not verdicts")
    func compare() throws {
        let (folder, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try Self.storedID(try CLI.run(["run", "--db", db]).stdout)
        let b = try Self.storedID(try CLI.run(["run", "--db", db]).stdout)
        let c = try Self.storedID(try CLI.run(["run", "--db", db, "--seed", "7"]).stdout)
        #expect(b == a + "-2")
        let same = try CLI.run(["compare", a, b, "--db", db])
        #expect(same.status == 0)
        #expect(same.stdout.hasSuffix("\nno differences\n"))
        let other = try CLI.run(["compare", a, c, "--db", db])
        #expect(other.status == 0)
        #expect(other.stdout.contains("  verdict: Degraded | Degraded\n"))
        #expect(other.stdout.contains("  measurements:\n"))
        #expect(other.stdout.contains("success-rate #1: "))
        #expect(!other.stdout.contains("no differences"))
        let json = try CLI.run(["compare", a, c, "--db", db, "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rollout = try #require((object["rollouts"] as? [[String: Any]])?.first)
        #expect((rollout["verdict"] as? [String: Any])?["differs"] as? Bool == false)
        #expect(((rollout["measurements"] as? [Any])?.count ?? 0) > 0)
    }

    @Test("get rollout --at 2m shows the canary at weight 5; get analysisrun lists the measurements")
    func get() throws {
        let (folder, db) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = try Self.storedID(try CLI.run(["run", "--db", db]).stdout)
        let early = try CLI.run(["get", "rollout", "checkout", "--run", id, "--at", "2m", "--db", db])
        #expect(early.status == 0)
        #expect(early.stdout.contains("  SetWeight:     5\n"))
        #expect(early.stdout.contains("Status:          ॥ Paused"))
        let end = try CLI.run(["get", "rollout", "checkout", "--run", id, "--db", db])
        #expect(end.stdout.contains("Status:          ✖ Degraded"))
        let runs = try CLI.run(["runs", "show", id, "--db", db, "--output", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [String: Any])
        let rollout = try #require((object["rollouts"] as? [[String: Any]])?.first)
        let name = try #require((rollout["analysisRuns"] as? [[String: Any]])?.first?["name"] as? String)
        let analysis = try CLI.run(["get", "analysisrun", name, "--run", id, "--db", db])
        #expect(analysis.status == 0)
        #expect(analysis.stdout.contains("success-rate  1"))
        #expect(analysis.stdout.contains("latency-p99   1"))
        #expect(analysis.stdout.contains("failure"))
        let unknown = try CLI.run(["get", "rollout", "nope", "--run", id, "--db", db])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no rollout named 'nope'"))
    }

    @Test("a folder or a corrupt file as --db: a clear message, exit 1, and the file left alone")
    func badDatabase() throws {
        let (folder, _) = try Self.database()
        defer { try? FileManager.default.removeItem(at: folder) }
        let asFolder = try CLI.run(["run", "--db", folder.path])
        #expect(asFolder.status == 1)
        #expect(asFolder.stderr.contains("is a folder"))
        #expect(!asFolder.stdout.contains("stored as run"))
        let corrupt = folder.appendingPathComponent("corrupt.sqlite")
        try Data("not a database at all, just text\n".utf8).write(to: corrupt)
        let result = try CLI.run(["run", "--db", corrupt.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("not a usable SQLite database"))
        #expect(try String(contentsOf: corrupt, encoding: .utf8) == "not a database at all, just text\n")
        let list = try CLI.run(["runs", "list", "--db", corrupt.path])
        #expect(list.status == 1)
        #expect(list.stderr.contains("not a usable SQLite database"))
    }
}
