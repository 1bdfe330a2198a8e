import ArgumentParser

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

    func run() throws {
        throw notBuiltYet("run", issue: "the canary controller and simulation loop")
    }
}

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every scenario's expectations; print failures and 'N passed, N failed'.",
        discussion: "Exit 0 when all pass, 1 when any fails."
    )

    @Argument(help: "Scenario files or folders (default scenarios/).")
    var paths: [String] = []

    @Option(name: .long, help: "Also write JUnit XML to this file.")
    var junit: String?

    @Option(name: .long, help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func run() throws {
        throw notBuiltYet("test", issue: "scenario expectations")
    }
}
