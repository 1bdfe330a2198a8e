import ArgumentParser
import Foundation
import RolloutSim

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run every scenario's expectations; print failures and 'N passed, N failed'.",
        discussion: """
        PATH is a scenario file or a folder (its *.yaml and *.yml files holding a Scenario document, \
        sub-folders included); default scenarios/. Each scenario is simulated with its own seed and \
        every `expect` item checked. Failures print as FILE:LINE:COLUMN: expected …, observed …; a \
        scenario that does not load is one failure, with its problems. Exit 0 when all pass, 1 when any fails.
        """
    )

    @Argument(help: "Scenario files or folders (default scenarios/).")
    var paths: [String] = []

    @Option(name: .long, help: "Also write JUnit XML to this file.")
    var junit: String?

    @Option(name: .long, help: "text or json.")
    var output: OutputFormat = .text

    @OptionGroup var store: StoreOptions

    func run() throws {
        let results = ScenarioTests().run(paths: paths.isEmpty ? ["scenarios"] : paths)
        switch output {
        case .text: print(ScenarioTestReport.text(results), terminator: "")
        case .json: print(ScenarioTestReport.json(results), terminator: "")
        }
        if let junit {
            do {
                try Data(ScenarioTestReport.junit(results).utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                printError("\(junit): cannot write the JUnit report: \(error.localizedDescription)")
                throw ExitCode(1)
            }
        }
        if ScenarioTestReport.failed(results) > 0 { throw ExitCode(1) }
    }
}
