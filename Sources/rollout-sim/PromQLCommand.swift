import ArgumentParser
import PromQL
import RolloutSim

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
        discussion: """
        An expression starting with '-' goes after '--'. --output json prints Prometheus' HTTP API \
        envelope. Exit 0 on success, 1 on a query error, 65 when the series file is bad.
        """
    )

    @Option(name: .long, help: "YAML or JSON with `interval` and `input_series: [{series, values}]`.") var series: String
    @Option(name: .long, help: "Evaluation time: a duration after time 0 (e.g. 10m) or seconds.") var time: String
    @Option(name: .long, help: "Lookback delta.") var lookbackDelta: String = "5m"
    @Option(name: .long, help: "text or json (the Prometheus HTTP API envelope).") var output: OutputFormat = .text
    @Argument(help: "The PromQL expression.") var expression: String

    func run() throws {
        let evaluationTime: Int64
        let lookback: SimDuration
        do {
            evaluationTime = try parseEvaluationTime(time)
            lookback = try SimDuration.parse(lookbackDelta)
        } catch {
            throw ValidationError(error.message)
        }
        let sink = DiagnosticSink()
        guard let text = try? DiskFiles().contents(of: series) else {
            printError("\(series):1:1: cannot read the series file (expected a YAML or JSON file)")
            throw ExitCode(65)
        }
        let file = SeriesFile.decode(text, path: series, sink: sink)
        let storage = file.makeStorage(sink: sink)
        for diagnostic in sink.sorted { printError(diagnostic.description) }
        if sink.hasErrors { throw ExitCode(65) }

        let engine = Engine(storage: storage, lookbackDeltaMs: lookback.milliseconds)
        do {
            let value = try engine.instantQuery(try parseExpression(expression), atMs: evaluationTime)
            print(output == .json ? value.prometheusJSON : value.text)
        } catch {
            switch output {
            case .json: print(error.prometheusJSON(query: expression))
            case .text: printError(error.rendered(query: expression))
            }
            throw ExitCode(1)
        }
    }
}

struct PromQLTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run promtool unit-test files; print results and 'N passed, N failed'.",
        discussion: """
        Reads rule_files (recording rules), evaluation_interval and tests with input_series and \
        promql_expr_test, as `promtool test rules` does; alert_rule_test cases are reported as not \
        supported. Exit 0 when every case passes, 1 otherwise.
        """
    )

    @Argument(help: "promtool unit-test files.") var files: [String]

    func run() throws {
        let runner = PromtoolTestRunner()
        var passed = 0, failed = 0
        for file in files {
            let result = runner.run(file)
            print(result.report)
            passed += result.passed
            failed += result.failed
        }
        print("\(passed) passed, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }
}
