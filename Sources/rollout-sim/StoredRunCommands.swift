import ArgumentParser

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

    func run() throws { throw notBuiltYet("get rollout", issue: "the run store") }
}

struct GetAnalysisRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analysisrun", abstract: "Every measurement of an AnalysisRun in a stored run.")

    @Argument(help: "The AnalysisRun's name.") var name: String
    @Option(name: .customLong("run"), help: "The stored run's id.") var runID: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions

    func run() throws { throw notBuiltYet("get analysisrun", issue: "the run store") }
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
    func run() throws { throw notBuiltYet("runs list", issue: "the run store") }
}

struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One stored run's summary.")
    @Argument(help: "The run's id.") var id: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    func run() throws { throw notBuiltYet("runs show", issue: "the run store") }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compare", abstract: "Line two stored runs up by step and by measurement.")
    @Argument(help: "The first run's id.") var first: String
    @Argument(help: "The second run's id.") var second: String
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text
    @OptionGroup var store: StoreOptions
    func run() throws { throw notBuiltYet("compare", issue: "the run store") }
}
