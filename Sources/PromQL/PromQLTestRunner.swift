// Runs parsed promqltest files against the engine and compares results as promql/test.go does.
// Prometheus: Test.exec, evalCmd.compareResult, almostEqual (promql/test.go, v2.42.0).
// Like Prometheus, each eval is also re-run as a range query from T-1m to T+1m with a 1m step,
// and the step at T must agree (not for eval_ordered), and re-run with `@ T` pinned on its
// selectors at several other evaluation times.

/// The outcome of one eval command.
public struct PromQLTestCaseResult: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line of the eval command.
    public var line: Int
    public var query: String
    /// Nil when the case passed; otherwise why it failed, in promql/test.go's wording.
    public var failure: String?

    public var passed: Bool { failure == nil }

    public var description: String {
        "line \(line): \(query)" + (failure.map { " -> \($0)" } ?? " -> ok")
    }
}

/// Executes the commands of a `.test` file on a fresh storage.
public struct PromQLTestRunner {
    /// Prometheus' relative tolerance for sample values (`epsilon`, promql/test.go).
    static let relativeTolerance = 0.000001
    /// The smallest positive normal float64 (`minNormal`, promql/test.go).
    static let minNormal = Double(bitPattern: 0x0010_0000_0000_0000)
    /// The range re-check spans one step either side of the eval time.
    static let rangeCheckStepMs: Int64 = 60_000

    public var lookbackDeltaMs: Int64

    public init(lookbackDeltaMs: Int64 = 300_000) {
        self.lookbackDeltaMs = lookbackDeltaMs
    }

    /// Runs every command in order and returns one result per eval, in file order.
    public func run(_ file: PromQLTestFile) -> [PromQLTestCaseResult] {
        let storage = SeriesStorage()
        var results: [PromQLTestCaseResult] = []
        for command in file.commands {
            switch command {
            case .clear:
                storage.clear()
            case .load(let load):
                for series in load.series {
                    for (slot, value) in series.values.enumerated() {
                        let timestampMs = Int64(slot) &* load.stepMs
                        switch value {
                        case .value(let number):
                            storage.append(series.labels, timestampMs: timestampMs, value: number)
                        case .stale:
                            storage.append(series.labels, timestampMs: timestampMs, value: PromQLConstants.staleNaN)
                        case .omitted:
                            continue
                        }
                    }
                }
            case .eval(let eval):
                let engine = Engine(storage: storage, lookbackDeltaMs: lookbackDeltaMs)
                results.append(PromQLTestCaseResult(line: eval.line, query: eval.query, failure: failure(of: eval, on: engine)))
            }
        }
        return results
    }

    private func failure(of eval: PromQLTestEval, on engine: Engine) -> String? {
        let expr: Node
        switch eval.expr {
        case .success(let node): expr = node
        case .failure(let error): return "query does not parse: " + error.rendered(query: eval.query)
        }
        if let failure = failure(of: eval, query: expr, atMs: eval.atMs, on: engine) { return failure }
        // Prometheus: atModifierTestCases (promql/test.go) re-runs the query with `@ T` pinned on
        // its selectors at other evaluation times; the answers must not change.
        guard let pinned = Self.pinningAtModifiers(expr, timestampMs: eval.atMs) else { return nil }
        let ts = eval.atMs
        // Go wraps on int64 overflow; `&*` does the same for absurd eval times.
        let evalTimes: [Int64] = ts == 0 ? [-1000, 0, 1000] : [-10 &* ts, 0, ts / 5, ts, 10 &* ts]
        for evalTime in evalTimes {
            if let failure = failure(of: eval, query: pinned, atMs: evalTime, on: engine) {
                return "with @ \(ts)ms evaluated at \(evalTime)ms: " + failure
            }
        }
        return nil
    }

    /// One instant query plus its range-mode re-check (`Test.exec`).
    private func failure(of eval: PromQLTestEval, query expr: Node, atMs: Int64, on engine: Engine) -> String? {
        let result: QueryValue
        do {
            result = try engine.instantQuery(expr, atMs: atMs)
        } catch {
            if eval.expectFail { return nil }
            return "error evaluating query: \(error.rendered(query: eval.query))"
        }
        if eval.expectFail { return "expected error evaluating query but got none" }
        if let mismatch = compare(result, with: eval) { return mismatch }

        // Prometheus: the range-mode re-check in Test.exec; its result is not compared for eval_ordered.
        let range: QueryValue
        do {
            range = try engine.rangeQuery(expr, startMs: atMs &- Self.rangeCheckStepMs,
                                          endMs: atMs &+ Self.rangeCheckStepMs, stepMs: Self.rangeCheckStepMs)
        } catch {
            return "error evaluating query in range mode: \(error.rendered(query: eval.query))"
        }
        if eval.ordered { return nil }
        guard case .matrix(let series) = range else { return "range mode: expected a matrix, got \(range.resultType)" }
        var middle: [Sample] = []
        for one in series {
            if let point = one.points.first(where: { $0.timestampMs == atMs }) {
                middle.append(Sample(labels: one.labels, timestampMs: point.timestampMs, value: point.value))
            }
        }
        let rangeResult: QueryValue
        if case .scalar = result {
            guard let first = middle.first else { return "range mode: no point at the evaluation time" }
            rangeResult = .scalar(timestampMs: atMs, value: first.value)
        } else {
            rangeResult = .vector(middle)
        }
        if let mismatch = compare(rangeResult, with: eval) { return "range mode: " + mismatch }
        return nil
    }

    /// Functions whose answer depends on the evaluation time itself, so pinning `@` changes it
    /// (`AtModifierUnsafeFunctions`, promql/functions.go).
    static let atModifierUnsafeFunctions: Set<String> = [
        "days_in_month", "day_of_month", "day_of_week", "day_of_year", "hour", "minute", "month", "year",
        "predict_linear", "time", "timestamp",
    ]

    /// The query with `@ timestampMs` on every selector and subquery that has no fixed `@` yet,
    /// leaving everything inside a subquery alone; nil when it calls an unsafe function outside
    /// subqueries. Prometheus: atModifierTestCases (promql/test.go), which also overrides
    /// `@ start()` / `@ end()` because a fixed timestamp wins when the query is printed.
    static func pinningAtModifiers(_ node: Node, timestampMs: Int64) -> Node? {
        var unsafe = false
        let pinned = pin(node, timestampMs, &unsafe)
        return unsafe ? nil : pinned
    }

    private static func pin(_ node: Node, _ ts: Int64, _ unsafe: inout Bool) -> Node {
        func isFixed(_ at: AtModifier?) -> Bool {
            if case .timestamp = at { return true }
            return false
        }
        switch node {
        case .number, .string:
            return node
        case .vectorSelector(var selector):
            if !isFixed(selector.at) { selector.at = .timestamp(milliseconds: ts) }
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if !isFixed(matrix.vectorSelector.at) { matrix.vectorSelector.at = .timestamp(milliseconds: ts) }
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            if !isFixed(subquery.at) { subquery.at = .timestamp(milliseconds: ts) }
            return .subquery(subquery)
        case .paren(var paren):
            paren.expr = pin(paren.expr, ts, &unsafe)
            return .paren(paren)
        case .unary(var unary):
            unary.expr = pin(unary.expr, ts, &unsafe)
            return .unary(unary)
        case .binary(var binary):
            binary.lhs = pin(binary.lhs, ts, &unsafe)
            binary.rhs = pin(binary.rhs, ts, &unsafe)
            return .binary(binary)
        case .aggregate(var aggregate):
            aggregate.expr = pin(aggregate.expr, ts, &unsafe)
            if let parameter = aggregate.parameter { aggregate.parameter = pin(parameter, ts, &unsafe) }
            return .aggregate(aggregate)
        case .call(var call):
            if atModifierUnsafeFunctions.contains(call.function) { unsafe = true }
            var args: [Node] = []
            for arg in call.args { args.append(pin(arg, ts, &unsafe)) }
            call.args = args
            return .call(call)
        }
    }

    /// `evalCmd.compareResult`: every expected element present, nothing else, values within tolerance.
    private func compare(_ result: QueryValue, with eval: PromQLTestEval) -> String? {
        switch result {
        case .matrix:
            return "received range result on instant evaluation"
        case .string:
            return "unexpected string result"
        case .scalar(_, let value):
            guard case .scalar(let expected) = eval.expected else { return "expected samples but got scalar \(value)" }
            if !Self.almostEqual(expected, value) { return "expected Scalar \(expected) but got \(value)" }
            return nil
        case .vector(let samples):
            guard case .samples(let expectedSamples) = eval.expected else {
                return "expected a scalar but got a vector of \(samples.count) elements"
            }
            var expectedByLabels: [Labels: PromQLTestExpectedSample] = [:]
            for sample in expectedSamples { expectedByLabels[sample.labels] = sample }
            var seen = Set<Labels>()
            for (position, sample) in samples.enumerated() {
                guard let expected = expectedByLabels[sample.labels] else {
                    return "unexpected metric \(sample.labels.description) in result"
                }
                if eval.ordered && expected.position != position + 1 {
                    return "expected metric \(sample.labels.description) with \(expected.value) at position \(expected.position) but was at \(position + 1)"
                }
                if !Self.almostEqual(expected.value, sample.value) {
                    return "expected \(expected.value) for \(sample.labels.description) but got \(sample.value)"
                }
                seen.insert(sample.labels)
            }
            for expected in expectedSamples where !seen.contains(expected.labels) {
                return "expected metric \(expected.labels.description) with \(expected.value) not found"
            }
            return nil
        }
    }

    /// Prometheus: almostEqual (promql/test.go). NaN equals NaN; otherwise relative error 1e-6.
    static func almostEqual(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let difference = (a - b).magnitude
        if a == 0 || b == 0 || difference < minNormal {
            return difference < relativeTolerance * minNormal
        }
        return difference / (a.magnitude + b.magnitude) < relativeTolerance
    }
}
