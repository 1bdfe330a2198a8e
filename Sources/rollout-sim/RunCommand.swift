import ArgumentParser
import Foundation
import RolloutSim

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and print its timeline (the built-in demo without SCENARIO).",
        discussion: "Exit 0 when every rollout ends Healthy, 1 when any is Degraded, 2 when any is still Paused or Progressing."
    )

    @Argument(help: "A scenario file; omit for the built-in checkout canary demo.")
    var scenario: String?

    @Option(name: .long, help: "text or json (the run summary).")
    var output: OutputFormat = .text

    @Option(name: .long, help: "Override the scenario's seed.")
    var seed: UInt64?

    @OptionGroup var store: StoreOptions

    @Flag(name: .long, help: "Do not store the run.")
    var noStore = false

    /// Profiling aid: simulate this many times and print the last (not part of the contract).
    @Option(name: .customLong("repeat"), help: ArgumentHelp(visibility: .hidden))
    var repeatCount = 1

    func run() throws {
        let sink = DiagnosticSink()
        let loaded = scenario.map { ScenarioLoader().load($0, sink: sink) } ?? DemoScenario.load(sink: sink)
        for diagnostic in sink.sorted { printError(diagnostic.description) }
        guard let loaded, !sink.hasErrors else { throw ExitCode(65) }
        var result = Simulation.run(loaded, seed: seed, sampleSeries: !noStore)
        for _ in 1..<max(1, repeatCount) { result = Simulation.run(loaded, seed: seed, sampleSeries: !noStore) }
        let summary = RunSummaryJSON.render(result)
        // Stored before printing, so a storage failure prints no output that claims success.
        let stored = noStore ? nil : try storeRun(StoredRun(result, summaryJSON: summary))
        switch output {
        case .json: print(summary, terminator: "")
        case .text:
            print(RunTimelineText.render(result), terminator: "")
            if let stored { print("stored as run \(stored.id) in \(stored.path)") }
        }
        let code = result.exitCode
        if code != 0 { throw ExitCode(code) }
    }

    /// Saves the run in one transaction; a failure leaves earlier runs intact and exits 1.
    private func storeRun(_ run: StoredRun) throws -> (id: RunID, path: String) {
        let location = DatabaseLocation.resolve(flag: store.db, environment: ProcessInfo.processInfo.environment)
        try store.checkNotAFolder(location.path, command: "run: the run was simulated but not stored")
        do {
            try location.createDirectoryIfDefault()
            let database = try RunStore.open(at: location.path)
            return (try database.save(run), database.path)
        } catch {
            printError("rollout-sim run: the run was simulated but not stored: \(error) (pass --no-store to skip storing)")
            throw ExitCode(1)
        }
    }
}
