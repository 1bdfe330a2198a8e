import Foundation
import Testing
@testable import RolloutSim

@Suite("Store crash safety")
struct StoreCrashTests {
    /// The environment variable that turns `writeUntilKilled` on: the database path the child
    /// process writes to.
    static let crashDatabaseVariable = "ROLLOUT_SIM_STORE_CRASH_DB"
    /// What the child prints once it is inside its transaction, with events written.
    static let crashMarker = "ROLLOUT_SIM_STORE_CRASH: inside the transaction"

    static var childDatabase: String? { ProcessInfo.processInfo.environment[Self.crashDatabaseVariable] }
    static var canRelaunchSelf: Bool { FileManager.default.fileExists(atPath: "/proc/self/exe") }

    @Test("a writer killed with SIGKILL mid-run leaves the earlier runs whole and no trace of its own",
          .enabled(if: childDatabase == nil, "this is the crash test's own child process"),
          .enabled(if: canRelaunchSelf, "needs /proc/self/exe (Linux) to run the test binary as a child"))
    func killedWriterLeavesNoHalfRun() throws {
        // Goal: a process killed while writing a run must not leave part of it behind.
        // Method: run this test binary again, filtered to `writeUntilKilled`, which opens the
        // database, writes a big run's events inside its transaction, says so on stdout and
        // blocks; the parent then SIGKILLs it and inspects the database.
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path)
        let earlier = try store.save(StoreFixtures.smallRun())
        let countsBefore = try store.rowCounts()
        store.connection.close()

        let child = Process()
        child.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        child.arguments = Self.childArguments(filter: "writeUntilKilled")
        child.environment = ProcessInfo.processInfo.environment.merging([Self.crashDatabaseVariable: path]) { $1 }
        let output = Pipe()
        let input = Pipe()  // never written: the child blocks reading it
        child.standardOutput = output
        child.standardError = output
        child.standardInput = input
        try child.run()

        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains(Self.crashMarker) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // EOF: the child ended without reaching the marker
            seen.append(chunk)
        }
        let walBytes = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try input.fileHandleForWriting.close()
        let transcript = String(decoding: seen, as: UTF8.self)
        try #require(transcript.contains(Self.crashMarker), "the child never reached its transaction: \(transcript)")
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)
        // The child's uncommitted pages reached the WAL file: it really died mid-write.
        #expect(walBytes > 1_000_000)

        let reopened = try RunStore.open(at: path)
        #expect(try reopened.integrityCheck() == ["ok"])
        #expect(try reopened.list().map(\.id) == [earlier])
        #expect(try reopened.rowCounts() == countsBefore)
        #expect(try reopened.load(earlier) == StoreFixtures.smallRun())
        // The id the dead writer was about to take is free again.
        #expect(try reopened.save(StoreFixtures.bigRun(seed: 7)) == "checkout-canary-7-3f9a1c")
    }

    @Test("(crash test helper) writes a run and blocks inside its transaction until killed",
          .enabled(if: childDatabase != nil, "runs only as the child process of the crash test"))
    func writeUntilKilled() throws {
        let path = try #require(Self.childDatabase)
        let store = try RunStore.open(at: path)
        // ~25 MB of events, well past SQLite's 2 MB page cache, so pages spill into the WAL
        // before the commit.
        let run = StoreFixtures.bigRun(events: 150_000, measurements: 200, samples: 20_000, seed: 7)
        _ = try store.save(run) { table in
            guard table == "events" else { return }
            FileHandle.standardOutput.write(Data((Self.crashMarker + "\n").utf8))
            _ = FileHandle.standardInput.readDataToEndOfFile()  // the parent never writes: block until killed
        }
        Issue.record("the crash helper was not killed inside its transaction")
    }

    /// The arguments that make this test binary run one test of this suite: swift-testing's own
    /// flags, as `swift test` passes them on Linux.
    static func childArguments(filter: String) -> [String] {
        ["--testing-library", "swift-testing", "--filter", "StoreCrashTests/\(filter)"]
    }
}
