import ArgumentParser
import RolloutSim

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Load manifests and scenarios and report every problem.",
        discussion: """
        PATH is a file or a folder (its *.yaml and *.yml files, sub-folders included). Files with a \
        Scenario document are checked with the manifests they name; other files are checked together \
        as one set of manifests. Problems print as FILE:LINE:COLUMN: message (expected ...). \
        Exit 0 when there is no error (warnings allowed), 65 otherwise.
        """
    )

    @Argument(help: "Files or folders to check.")
    var paths: [String]

    @Option(name: .long, help: "text or json.")
    var output: OutputFormat = .text

    func run() throws {
        let report = InputValidation().validate(paths: paths)
        switch output {
        case .json:
            print(report.json)
        case .text:
            for diagnostic in report.diagnostics {
                printError(diagnostic.description)
            }
            print("\(report.files.count) files, \(report.scenarioCount) scenarios, \(report.manifestCount) manifests: \(report.errorCount) errors, \(report.warningCount) warnings")
        }
        if report.errorCount > 0 || report.files.isEmpty {
            throw ExitCode(65)
        }
    }
}
