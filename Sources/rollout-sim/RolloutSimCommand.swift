import ArgumentParser
import RolloutSim

@main
struct RolloutSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout-sim",
        abstract: "A deterministic simulator of Argo Rollouts progressive delivery.",
        discussion: """
        Reads real Rollout, AnalysisTemplate and traffic manifests plus a scenario, and replays the \
        rollout on a virtual clock with a synthetic Prometheus. Exit status: 0 success, 1 failure \
        (a Degraded rollout, a failed expectation, a query error), 2 a rollout still in progress, \
        64 usage error, 65 bad input.
        """,
        version: EngineVersion.current,
        subcommands: [
            RunCommand.self, TestCommand.self, ValidateCommand.self, GetCommand.self,
            PromQLCommand.self, RunsCommand.self, CompareCommand.self, DebugCommand.self,
        ]
    )
}

/// The output formats every command accepts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}

/// Options for commands that read or write stored runs (CONTRACT.md §2).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The run database (default .rollout-sim/runs.sqlite, or $ROLLOUT_SIM_DB).")
    var db: String?
}
