import PromQL

/// Runs promtool unit-test files as `promtool test rules` does (cmd/promtool/unittest.go, 2.42):
/// input series loaded into a fresh storage per test group, recording rules evaluated from time 0
/// to the latest eval_time every evaluation_interval, then each `promql_expr_test` queried at its
/// eval_time and compared, sorted by labels, for exact equality.
public struct PromtoolTestRunner {
    public let files: any FileReading

    public init(files: any FileReading = DiskFiles()) {
        self.files = files
    }

    /// The outcome of one file: its report lines in promtool's wording, and case counts.
    public struct FileResult: Sendable {
        public var path: String
        /// promtool's per-failure messages (each may span lines).
        public var failures: [String]
        public var passed: Int
        public var failed: Int
        /// Input problems (a bad file, a rule file that does not parse): the file then counts as failed.
        public var diagnostics: [Diagnostic]
        public var warnings: [String]

        /// promtool's text: `Unit Testing:  FILE`, then `  SUCCESS` or `  FAILED:` and the messages.
        public var report: String {
            var out = "Unit Testing:  \(path)\n"
            for warning in warnings { out += "  WARNING: \(warning)\n" }
            if failures.isEmpty && diagnostics.allSatisfy({ $0.severity == .warning }) {
                out += "  SUCCESS\n"
            } else {
                out += "  FAILED:\n"
                for diagnostic in diagnostics { out += diagnostic.description + "\n\n" }
                for failure in failures { out += failure + "\n\n" }
            }
            return out
        }
    }

    public func run(_ path: String) -> FileResult {
        var result = FileResult(path: path, failures: [], passed: 0, failed: 0, diagnostics: [], warnings: [])
        let sink = DiagnosticSink()
        run(path, into: &result, sink: sink)
        result.diagnostics = sink.sorted
        return result
    }

    private func run(_ path: String, into result: inout FileResult, sink: DiagnosticSink) {
        guard let text = try? files.contents(of: path) else {
            sink.error(SourceLocation(file: path, line: 1, column: 1), "cannot read '\(path)'", expected: "a promtool unit-test file")
            result.failed = 1
            return
        }
        let file = PromtoolTestFile.decode(text, path: path, sink: sink)
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : ""
        var groups: [RuleGroup] = []
        for reference in file.ruleFiles {
            let rulePath = reference.path.hasPrefix("/") || folder.isEmpty ? reference.path : folder + "/" + reference.path
            guard let ruleText = try? files.contents(of: rulePath) else {
                result.warnings.append("no file match pattern \(rulePath)")
                continue
            }
            groups += RuleFile.decode(ruleText, path: rulePath, sink: sink).groups
        }
        if sink.hasErrors {
            result.failed = max(1, file.groups.reduce(0) { $0 + $1.exprTests.count })
            return
        }
        // group_eval_order first, the rest in file order (promtool sorts by the order's index).
        let order = Dictionary(file.groupEvalOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        groups = groups.enumerated().sorted { (order[$0.element.name] ?? 0, $0.offset) < (order[$1.element.name] ?? 0, $1.offset) }.map(\.element)
        for group in file.groups {
            if !group.alertTests.isEmpty {
                for location in group.alertTests {
                    sink.warning(location, "alert_rule_test is not supported: the case is skipped", expected: "promql_expr_test")
                }
            }
            runGroup(group, rules: groups, evaluationInterval: file.evaluationInterval, into: &result)
        }
    }

    private func runGroup(_ group: PromtoolTestGroup, rules: [RuleGroup], evaluationInterval: SimDuration, into result: inout FileResult) {
        let seriesSink = DiagnosticSink()
        let storage = SeriesFile(interval: group.interval, inputSeries: group.inputSeries).makeStorage(sink: seriesSink)
        if seriesSink.hasErrors {
            result.failures += seriesSink.sorted.map(\.description)
            result.failed += group.exprTests.count
            return
        }
        let lookback: Int64 = 300_000
        let maxEvalTime = group.exprTests.map(\.evalTime).max() ?? .zero
        var evaluator = RecordingRuleEvaluator(groups: rules)
        if !rules.isEmpty {
            var t: Int64 = 0
            while t <= maxEvalTime.milliseconds {
                let failures = evaluator.evaluate(at: t, storage: storage, lookbackDeltaMs: lookback)
                if !failures.isEmpty {
                    for failure in failures {
                        result.failures.append("    rule: \(failure.rule), time: \(SimDuration(milliseconds: t)), err: \(failure.message)")
                    }
                    result.failed += group.exprTests.count
                    return
                }
                t += evaluationInterval.milliseconds
            }
        }
        let engine = Engine(storage: storage, lookbackDeltaMs: lookback)
        let namePrefix = group.name.map { "    name: \($0),\n" } ?? ""
        for test in group.exprTests {
            if let failure = check(test, engine: engine, namePrefix: namePrefix) {
                result.failures.append(failure)
                result.failed += 1
            } else {
                result.passed += 1
            }
        }
    }

    /// nil when the case passes, else promtool's message for it.
    private func check(_ test: PromtoolExprTest, engine: Engine, namePrefix: String) -> String? {
        let header = "    expr: \(goQuoted(test.expr)), time: \(test.evalTime)"
        let got: [(Labels, Double)]
        do {
            let expression = try parseExpression(test.expr)
            switch try engine.instantQuery(expression, atMs: test.evalTime.milliseconds) {
            case .vector(let samples): got = samples.map { ($0.labels, $0.value) }
            case .scalar(_, let value): got = [(.empty, value)]
            case .string, .matrix: return "\(header), err: rule result is not a vector or scalar"
            }
        } catch {
            return "\(header), err: \(error.rendered(query: test.expr))"
        }
        var expected: [(Labels, Double)] = []
        for sample in test.expected {
            do {
                expected.append((try parseSeriesDescription(sample.labels).labels, sample.value))
            } catch {
                return "\(header), err: labels \(goQuoted(sample.labels)): \(error.rendered(query: sample.labels))"
            }
        }
        let sortedGot = got.sorted { $0.0 < $1.0 }
        let sortedExpected = expected.sorted { $0.0 < $1.0 }
        // reflect.DeepEqual on the sorted lists: exact float equality, so NaN never matches.
        let equal = sortedGot.count == sortedExpected.count
            && zip(sortedGot, sortedExpected).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        if equal { return nil }
        return "\(namePrefix)\(header),\n        exp: \(samplesText(sortedExpected))\n        got: \(samplesText(sortedGot))"
    }

    private func samplesText(_ samples: [(Labels, Double)]) -> String {
        if samples.isEmpty { return "nil" }
        return samples.map { $0.0.goString + " " + formatGoFloatUpperExponent($0.1) }.joined(separator: ", ")
    }
}

