import ArgumentParser
import Foundation
import RolloutSim

extension StoreOptions {
    /// Opens the run database for reading; failures print a clear message and exit 1 (storage
    /// trouble is not bad input).
    func openForReading(command: String) throws -> RunStore {
        let location = DatabaseLocation.resolve(flag: db, environment: ProcessInfo.processInfo.environment)
        try checkNotAFolder(location.path, command: command)
        guard FileManager.default.fileExists(atPath: location.path) else {
            printError("rollout-sim \(command): \(location.path): no run database there (expected a file that `rollout-sim run` has written; pass --db or set \(DatabaseLocation.environmentVariable))")
            throw ExitCode(1)
        }
        do {
            return try RunStore.open(at: location.path, mode: .readOnly)
        } catch {
            printError("rollout-sim \(command): \(error)")
            throw ExitCode(1)
        }
    }

    /// SQLite's message for a folder is "unable to open database file"; say what is wrong.
    func checkNotAFolder(_ path: String, command: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            printError("rollout-sim \(command): \(path): is a folder (expected a database file, e.g. \((path as NSString).appendingPathComponent("runs.sqlite")))")
            throw ExitCode(1)
        }
    }

    /// Loads one stored run; an unknown id or unreadable row prints why and exits 1.
    func load(_ id: String, from store: RunStore, command: String) throws -> StoredRun {
        do {
            return try store.load(RunID(id))
        } catch {
            printError("rollout-sim \(command): \(error)")
            throw ExitCode(1)
        }
    }
}

struct GetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Show a stored run's objects as the kubectl plugin does.",
        subcommands: [GetRolloutCommand.self, GetAnalysisRunCommand.self]
    )
}

struct GetRolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollout", abstract: "The tree view of a rollout in a stored run at virtual time T (default: the end).")

    @Argument(help: "The rollout's name.") var name: String
    @Option(name: .customLong("run"), help: "The stored run's id.") var runID: String
    @Option(name: .long, help: "Virtual time, e.g. 7m30s.") var at: String?
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        var time: VirtualTime?
        if let at {
            do {
                time = VirtualTime.zero + (try SimDuration.parse(at))
            } catch {
                printError("rollout-sim get rollout: --at \(at): not a duration (expected e.g. 2m, 7m30s, 90s)")
                throw ExitCode(64)
            }
        }
        let database = try store.openForReading(command: "get rollout")
        let stored = try store.load(runID, from: database, command: "get rollout")
        guard let rollout = stored.rollouts.first(where: { $0.name == name }) else {
            let names = stored.rollouts.map(\.name).joined(separator: ", ")
            printError("rollout-sim get rollout: run \(runID) has no rollout named '\(name)' (expected one of: \(names))")
            throw ExitCode(1)
        }
        let facts = StoredRolloutFacts.find(rollout, in: StoredRolloutFacts.parse(stored.summaryJSON))
        let t = time ?? stored.endedAt
        let tree = StoredRunText.tree(rollout, facts: facts, at: t, end: stored.endedAt)
        switch output {
        case .text: print(tree, terminator: "")
        case .json:
            print("{\"run\": \(JSONText.quote(runID)), \"rollout\": \(JSONText.quote(name)), \"t\": \(min(t, stored.endedAt).milliseconds), \"tree\": \(JSONText.quote(tree))}")
        }
    }
}

struct GetAnalysisRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analysisrun", abstract: "Every measurement of an AnalysisRun in a stored run.")

    @Argument(help: "The AnalysisRun's name.") var name: String
    @Option(name: .customLong("run"), help: "The stored run's id.") var runID: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.openForReading(command: "get analysisrun")
        let stored = try store.load(runID, from: database, command: "get analysisrun")
        for rollout in stored.rollouts {
            guard let analysisRun = rollout.analysisRuns.first(where: { $0.name == name }) else { continue }
            switch output {
            case .text: print(StoredRunText.analysisRun(analysisRun, rollout: rollout), terminator: "")
            case .json: print(StoredRunText.analysisRunJSON(analysisRun, rollout: rollout), terminator: "")
            }
            return
        }
        let names = stored.rollouts.flatMap { $0.analysisRuns.map(\.name) }.joined(separator: ", ")
        printError("rollout-sim get analysisrun: run \(runID) has no AnalysisRun named '\(name)' (expected one of: \(names.isEmpty ? "none" : names))")
        throw ExitCode(1)
    }
}

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List and show stored runs.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self]
    )
}

struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Stored runs, newest first.")
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        let location = DatabaseLocation.resolve(flag: store.db, environment: ProcessInfo.processInfo.environment)
        if !FileManager.default.fileExists(atPath: location.path) {
            print(output == .json ? "[]" : "no stored runs (no database at \(location.path) yet)")
            return
        }
        let database = try store.openForReading(command: "runs list")
        let listings: [RunListing]
        var rollouts: [RunID: [StoredRollout]] = [:]
        do {
            listings = try database.list()
            for listing in listings { rollouts[listing.id] = try database.load(listing.id).rollouts }
        } catch {
            printError("rollout-sim runs list: \(error)")
            throw ExitCode(1)
        }
        let q = JSONText.quote
        switch output {
        case .json:
            print("[" + listings.map { l in
                "\n  {\"id\": \(q(l.id.rawValue)), \"scenario\": \(q(l.scenarioName)), \"seed\": \(l.seed), \"verdict\": \(q(l.verdict)), "
                    + "\"end\": \(l.endedAt.milliseconds), \"digest\": \(q(l.resultDigest)), \"engineVersion\": \(q(l.engineVersion)), \"rollouts\": ["
                    + (rollouts[l.id] ?? []).map { "{\"name\": \(q($0.name)), \"namespace\": \(q($0.namespace)), \"phase\": \(q($0.phase))}" }
                        .joined(separator: ", ") + "]}"
            }.joined(separator: ",") + (listings.isEmpty ? "]" : "\n]"))
        case .text:
            var rows: [[String]] = [["ID", "SCENARIO", "SEED", "VERDICT", "ROLLOUTS", "END"]]
            for l in listings {
                let phases = (rollouts[l.id] ?? []).map { "\($0.name)=\($0.phase)" }.joined(separator: ",")
                rows.append([l.id.rawValue, l.scenarioName, String(l.seed), l.verdict, phases, RunTimelineText.clock(l.endedAt)])
            }
            if listings.isEmpty {
                print("no stored runs in \(database.path)")
            } else {
                print(TextTable.render(rows), terminator: "")
            }
        }
    }
}

struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One stored run's summary.")
    @Argument(help: "The run's id.") var id: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.openForReading(command: "runs show")
        let stored = try store.load(id, from: database, command: "runs show")
        switch output {
        case .json: print(stored.summaryJSON, terminator: "")
        case .text: print(StoredRunText.render(stored), terminator: "")
        }
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Line two stored runs up by step and by measurement.")
    @Argument(help: "The first run's id.") var first: String
    @Argument(help: "The second run's id.") var second: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.openForReading(command: "compare")
        let a = try store.load(first, from: database, command: "compare")
        let b = try store.load(second, from: database, command: "compare")
        let comparison = RunComparison(a, id: RunID(first), b, id: RunID(second))
        switch output {
        case .text: print(comparison.text(), terminator: "")
        case .json: print(comparison.json(), terminator: "")
        }
    }
}
