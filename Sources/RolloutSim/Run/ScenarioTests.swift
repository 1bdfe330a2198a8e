import Foundation

/// What `rollout-sim test` found for one scenario file.
public struct ScenarioTestResult: Sendable {
    public var file: String
    /// Errors that kept the scenario from loading (then nothing was simulated and `outcomes` is empty).
    public var loadErrors: [Diagnostic]
    public var outcomes: [ExpectationOutcome]

    public var loaded: Bool { loadErrors.isEmpty }
    /// A scenario that fails to load counts as one failure.
    public var passedCount: Int { outcomes.filter(\.passed).count }
    public var failedCount: Int { outcomes.filter { !$0.passed }.count + (loaded ? 0 : 1) }
}

/// Finds the scenarios under some paths, simulates each and checks its `expect` list.
public struct ScenarioTests {
    public let loader: ScenarioLoader

    public init(files: any FileReading = DiskFiles()) {
        loader = ScenarioLoader(files: files)
    }

    /// Every `.yaml`/`.yml` file under `paths` (folders recursively, in name order) holding a
    /// `kind: Scenario` document; a file named directly that holds none is reported as not loading.
    /// A path that does not exist is a result with that error.
    public func run(paths: [String]) -> [ScenarioTestResult] {
        var results: [ScenarioTestResult] = []
        for path in paths {
            let sink = DiagnosticSink()
            let found = loader.yamlFiles(at: path, reference: nil, sink: sink)
            if sink.hasErrors {
                results.append(ScenarioTestResult(file: path, loadErrors: sink.sorted, outcomes: []))
                continue
            }
            let direct = !loader.files.isDirectory(path)
            for file in found {
                if !direct, let text = try? loader.files.contents(of: file), !InputValidation.holdsScenario(text) { continue }
                results.append(run(file: file))
            }
        }
        return results
    }

    public func run(file: String) -> ScenarioTestResult {
        let sink = DiagnosticSink()
        let loaded = loader.load(file, sink: sink)
        guard let loaded, !sink.hasErrors else {
            var errors = sink.sorted.filter { $0.severity == .error }
            if errors.isEmpty {
                errors = [Diagnostic(.error, at: SourceLocation(file: file, line: 1, column: 1), "the scenario did not load")]
            }
            return ScenarioTestResult(file: file, loadErrors: errors, outcomes: [])
        }
        let outcomes: [ExpectationOutcome]
        if loaded.scenario.expectations.isEmpty {
            outcomes = []
        } else {
            let result = Simulation.run(loaded, seed: nil)
            outcomes = ExpectationChecker.check(loaded.scenario.expectations, against: result)
        }
        return ScenarioTestResult(file: file, loadErrors: [], outcomes: outcomes)
    }
}

/// The three renderings of `rollout-sim test`: text, JSON and JUnit XML. All deterministic.
public enum ScenarioTestReport {
    /// Failures (and load errors) with file and line, scenarios without expectations, then `N passed, N failed`.
    public static func text(_ results: [ScenarioTestResult]) -> String {
        var out = ""
        for result in results {
            if !result.loaded {
                out += "\(result.file): failed to load\n"
                for diagnostic in result.loadErrors { out += "  \(diagnostic.description)\n" }
            } else if result.outcomes.isEmpty {
                out += "\(result.file): no expectations\n"
            }
            for outcome in result.outcomes where !outcome.passed {
                out += outcome.message + "\n"
            }
        }
        out += "\(passed(results)) passed, \(failed(results)) failed\n"
        return out
    }

    public static func passed(_ results: [ScenarioTestResult]) -> Int { results.reduce(0) { $0 + $1.passedCount } }
    public static func failed(_ results: [ScenarioTestResult]) -> Int { results.reduce(0) { $0 + $1.failedCount } }

    /// A JSON list: one object per expectation, and one per scenario that failed to load.
    public static func json(_ results: [ScenarioTestResult]) -> String {
        var items: [String] = []
        for result in results {
            if !result.loaded {
                let problems = result.loadErrors.map { JSONText.quote($0.description) }.joined(separator: ", ")
                items.append("{\"file\": \(JSONText.quote(result.file)), \"kind\": \"load\", \"passed\": false, \"problems\": [\(problems)]}")
            }
            for outcome in result.outcomes {
                var item = "{\"file\": \(JSONText.quote(outcome.location.file)), \"line\": \(outcome.location.line), \"column\": \(outcome.location.column), "
                item += "\"kind\": \"expectation\", \"expectation\": \(JSONText.quote(outcome.text)), \"passed\": \(outcome.passed), "
                item += "\"expected\": \(JSONText.quote(outcome.wanted)), \"observed\": \(JSONText.quote(outcome.observed))"
                if !outcome.passed { item += ", \"message\": \(JSONText.quote(outcome.message))" }
                items.append(item + "}")
            }
        }
        return items.isEmpty ? "[]\n" : "[\n  " + items.joined(separator: ",\n  ") + "\n]\n"
    }

    /// JUnit XML: one `<testsuite>` per scenario file, one `<testcase>` per expectation named by its
    /// text; a failing one holds `<failure message="expected …, observed …">` with `file:line:col`
    /// in its body. A scenario that fails to load is one testcase `load` with its diagnostics.
    public static func junit(_ results: [ScenarioTestResult]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"rollout-sim test\" tests=\"\(passed(results) + failed(results))\" failures=\"\(failed(results))\">\n"
        for result in results {
            let tests = result.outcomes.count + (result.loaded ? 0 : 1)
            out += "  <testsuite name=\"\(escape(result.file))\" tests=\"\(tests)\" failures=\"\(result.failedCount)\">\n"
            if !result.loaded {
                let body = result.loadErrors.map(\.description).joined(separator: "\n")
                out += "    <testcase name=\"load\" classname=\"\(escape(result.file))\">\n"
                out += "      <failure message=\"\(escape(result.loadErrors.first?.description ?? "did not load"))\">\(escape(body))</failure>\n"
                out += "    </testcase>\n"
            }
            for outcome in result.outcomes {
                let head = "    <testcase name=\"\(escape(outcome.text))\" classname=\"\(escape(result.file))\" file=\"\(escape(outcome.location.file))\" line=\"\(outcome.location.line)\""
                if outcome.passed {
                    out += head + "/>\n"
                } else {
                    out += head + ">\n"
                    out += "      <failure message=\"\(escape("expected \(outcome.wanted), observed \(outcome.observed)"))\">\(escape(outcome.message))</failure>\n"
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// XML-escapes text for an attribute or element body; control characters XML 1.0 cannot hold
    /// become `?`, tabs and newlines become character references so attributes keep them.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "?"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
