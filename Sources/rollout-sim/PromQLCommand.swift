import ArgumentParser

struct PromQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "Evaluate PromQL as Prometheus 2.42 does, over series in promtool notation.",
        subcommands: [PromQLQueryCommand.self, PromQLTestCommand.self]
    )
}

struct PromQLQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Evaluate an instant query at --time over the series of --series.",
        discussion: "An expression starting with '-' goes after '--'. Exit 0 on success, 1 on a query error."
    )

    @Option(name: .long, help: "YAML or JSON with `interval` and `input_series: [{series, values}]`.") var series: String
    @Option(name: .long, help: "Evaluation time: a duration after time 0 (e.g. 10m) or seconds.") var time: String
    @Option(name: .long, help: "text or json (the Prometheus HTTP API envelope).") var output: OutputFormat = .text
    @Argument(help: "The PromQL expression.") var expression: String

    func run() throws { throw notBuiltYet("promql query", issue: "the PromQL engine") }
}

struct PromQLTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run promtool unit-test files; print results and 'N passed, N failed'."
    )

    @Argument(help: "promtool unit-test files.") var files: [String]
    @Option(name: .long, help: "text or json.") var output: OutputFormat = .text

    func run() throws { throw notBuiltYet("promql test", issue: "the PromQL engine") }
}
