// The PromQL evaluator (Prometheus 2.42 `promql/engine.go`), reorganised around one idea: a query
// is evaluated one step at a time. An instant query is one step; a range query evaluates every
// step and joins the vectors into series. Prometheus instead evaluates each node over all steps at
// once (`rangeEval`); both give the same numbers, and stepping keeps the instant query — the
// simulator's analysis gate — free of per-step bookkeeping.

/// The value of a node at one evaluation time.
enum EvalValue {
    case scalar(Double)
    case string(String)
    case vector([Sample])
    case matrix([RangeSeries])
}

/// One series of a range vector: a window of a stored series, or a subquery's points.
struct RangeSeries {
    var labels: Labels
    /// `labels` without `__name__` when already known (storage precomputes it).
    var labelsWithoutName: Labels?
    var times: ArraySlice<Int64>
    var values: ArraySlice<Double>

    var namelessLabels: Labels { labelsWithoutName ?? labels.droppingMetricName() }
}

/// Evaluates PromQL syntax trees over a `SeriesStorage` as Prometheus 2.42 does.
public struct Engine {
    public let storage: SeriesStorage
    /// How far back an instant selector looks for a sample (`--query.lookback-delta`, default 5m).
    public let lookbackDeltaMs: Int64
    /// The step of a subquery written without one (`[5m:]`): the global evaluation interval,
    /// 1m by default in Prometheus.
    public var defaultSubqueryStepMs: Int64 = 60_000

    public init(storage: SeriesStorage, lookbackDeltaMs: Int64 = 300_000) {
        self.storage = storage
        self.lookbackDeltaMs = lookbackDeltaMs
    }

    /// Evaluates `expr` at one time, as `/api/v1/query` does.
    ///
    /// Vector samples carry `atMs` as their timestamp; a top-level range selector or subquery
    /// returns a matrix with the points' own timestamps.
    public func instantQuery(_ expr: Node, atMs: Int64) throws(PromQLError) -> QueryValue {
        let evaluator = makeEvaluator(startMs: atMs, endMs: atMs)
        switch try evaluator.eval(expr, atMs) {
        case .scalar(let v):
            return .scalar(timestampMs: atMs, value: v)
        case .string(let s):
            return .string(timestampMs: atMs, value: s)
        case .vector(let samples):
            return .vector(samples.map { Sample(labels: $0.labels, timestampMs: atMs, value: $0.value) })
        case .matrix(let series):
            return .matrix(series.map { s in
                Series(labels: s.labels, points: zip(s.times, s.values).map { Point(timestampMs: $0, value: $1) })
            })
        }
    }

    /// Evaluates `expr` at `startMs`, `startMs + stepMs`, … up to `endMs`, as
    /// `/api/v1/query_range` does. The result is a matrix sorted by labels (Prometheus sorts range
    /// results); a scalar expression gives one series with no labels.
    public func rangeQuery(_ expr: Node, startMs: Int64, endMs: Int64, stepMs: Int64) throws(PromQLError) -> QueryValue {
        guard stepMs > 0 else {
            throw PromQLError(kind: .parse, message: "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        guard endMs >= startMs else {
            throw PromQLError(kind: .parse, message: "end timestamp must not be before start time")
        }
        var evaluator = makeEvaluator(startMs: startMs, endMs: endMs)
        if endMs > startMs { evaluator.rangeFunctionOutputs = RangeFunctionOutputs() }
        var indexByLabels: [Labels: Int] = [:]
        var series: [Series] = []
        var ts = startMs
        while ts <= endMs {
            switch try evaluator.eval(expr, ts) {
            case .scalar(let v):
                if series.isEmpty { series.append(Series(labels: .empty, points: [])) }
                series[0].points.append(Point(timestampMs: ts, value: v))
            case .vector(let samples):
                for sample in samples {
                    let index: Int
                    if let known = indexByLabels[sample.labels] {
                        index = known
                    } else {
                        index = series.count
                        indexByLabels[sample.labels] = index
                        series.append(Series(labels: sample.labels, points: []))
                    }
                    series[index].points.append(Point(timestampMs: ts, value: sample.value))
                }
            case .string:
                throw PromQLError(kind: .parse, message: "invalid expression type \"string\" for range query, must be Scalar or instant Vector")
            case .matrix:
                throw PromQLError(kind: .parse, message: "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
            }
            let (next, overflow) = ts.addingReportingOverflow(stepMs)
            if overflow { break }
            ts = next
        }
        series.sort { $0.labels < $1.labels }
        return .matrix(series)
    }

    /// Parses and evaluates a query text at one time: `parseExpression` then `instantQuery`.
    public func instantQuery(_ query: String, atMs: Int64) throws(PromQLError) -> QueryValue {
        try instantQuery(parseExpression(query), atMs: atMs)
    }

    /// Parses and evaluates a query text over a time range: `parseExpression` then `rangeQuery`.
    public func rangeQuery(_ query: String, startMs: Int64, endMs: Int64, stepMs: Int64) throws(PromQLError) -> QueryValue {
        try rangeQuery(parseExpression(query), startMs: startMs, endMs: endMs, stepMs: stepMs)
    }

    func makeEvaluator(startMs: Int64, endMs: Int64) -> Evaluator {
        Evaluator(storage: storage, lookbackDeltaMs: lookbackDeltaMs, defaultSubqueryStepMs: defaultSubqueryStepMs,
                  startMs: startMs, endMs: endMs)
    }
}

/// Evaluation state of one query: the storage and the query's own time range (for `@ start()`).
struct Evaluator {
    let storage: SeriesStorage
    let lookbackDeltaMs: Int64
    let defaultSubqueryStepMs: Int64
    let startMs: Int64
    let endMs: Int64
    /// Set while several steps make up one range evaluation (a range query, a subquery's inner
    /// steps): range functions then check label collisions across the steps, as Prometheus checks
    /// its whole output matrix.
    var rangeFunctionOutputs: RangeFunctionOutputs? = nil

    /// Evaluates a node at time `ts` (milliseconds).
    func eval(_ node: Node, _ ts: Int64) throws(PromQLError) -> EvalValue {
        switch node {
        case .number(let n):
            return .scalar(n.value)
        case .string(let s):
            return .string(s.value)
        case .paren(let p):
            return try eval(p.expr, ts)
        case .unary(let u):
            return try evalUnary(u, ts)
        case .vectorSelector(let vs):
            return .vector(selectVector(vs, ts, keepSampleTimestamps: false))
        case .matrixSelector(let ms):
            return .matrix(selectRange(ms, ts).series)
        case .subquery(let sq):
            return .matrix(try evalSubquery(sq, ts).series)
        case .binary(let b):
            return try evalBinary(b, ts)
        case .aggregate(let a):
            return try evalAggregate(a, ts)
        case .call(let c):
            return try evalCall(c, ts)
        }
    }

    /// Unary minus negates and drops the metric name (`engine.go`, UnaryExpr); unary plus is a no-op.
    private func evalUnary(_ u: UnaryExpr, _ ts: Int64) throws(PromQLError) -> EvalValue {
        let value = try eval(u.expr, ts)
        guard u.op == .minus else { return value }
        switch value {
        case .scalar(let v):
            return .scalar(-v)
        case .vector(var samples):
            for i in samples.indices {
                samples[i].labels = samples[i].labels.droppingMetricName()
                samples[i].value = -samples[i].value
            }
            try checkUniqueLabelSets(samples)
            return .vector(samples)
        case .string, .matrix:
            throw executionError("unary expression only allowed on expressions of type scalar or instant vector")
        }
    }

    /// The time a selector or subquery looks at: the `@` time when present, else the step time.
    func referenceTime(_ at: AtModifier?, _ ts: Int64) -> Int64 {
        switch at {
        case nil: return ts
        case .timestamp(let ms): return ms
        case .start: return startMs
        case .end: return endMs
        }
    }

    /// Evaluates a node that must produce a scalar (function and aggregation parameters).
    func evalScalar(_ node: Node, _ ts: Int64) throws(PromQLError) -> Double {
        switch try eval(node, ts) {
        case .scalar(let v): return v
        case .vector(let samples):
            // The type checker only lets scalars through; be lenient like `scalar()` otherwise.
            return samples.count == 1 ? samples[0].value : .nan
        case .string, .matrix:
            throw executionError("expected scalar expression")
        }
    }

    /// Evaluates a node that must produce an instant vector.
    func evalVector(_ node: Node, _ ts: Int64) throws(PromQLError) -> [Sample] {
        switch try eval(node, ts) {
        case .vector(let samples): return samples
        case .scalar(let v): return [Sample(labels: .empty, timestampMs: ts, value: v)]
        case .string, .matrix:
            throw executionError("expected instant vector expression")
        }
    }
}

/// The output label sets each range-function call produced during one range evaluation, with the
/// input series each came from.
///
/// Prometheus evaluates a range function over all steps at once and then rejects its matrix when
/// two input series map to the same output labels (`Matrix.ContainsSameLabelset`), even when they
/// never produce a value at the same step. Stepping one time at a time loses that, so this
/// remembers, per call site, which input produced each output label set.
final class RangeFunctionOutputs {
    private var inputByOutput: [String: [Labels: Labels]] = [:]

    /// Records that `input` produced `output` at `callSite`; throws when another input already did.
    func record(callSite: String, output: Labels, input: Labels) throws(PromQLError) {
        if let previous = inputByOutput[callSite, default: [:]].updateValue(input, forKey: output), previous != input {
            throw duplicateLabelSetError()
        }
    }
}

/// The one place execution errors are made, so a change to `PromQLError` touches one line.
func executionError(_ message: String) -> PromQLError {
    PromQLError(kind: .execution, message: message)
}

/// Prometheus' check after every vector-producing step (`Vector.ContainsSameLabelset`).
func checkUniqueLabelSets(_ samples: [Sample]) throws(PromQLError) {
    guard samples.count > 1 else { return }
    if samples.count == 2 {
        if samples[0].labels == samples[1].labels { throw duplicateLabelSetError() }
        return
    }
    var seen = Set<Labels>(minimumCapacity: samples.count)
    for sample in samples where !seen.insert(sample.labels).inserted {
        throw duplicateLabelSetError()
    }
}

func duplicateLabelSetError() -> PromQLError {
    executionError("vector cannot contain metrics with the same labelset")
}

extension Node {
    /// The node with any parentheses around it removed (`unwrapParenExpr`).
    var unwrappingParens: Node {
        var node = self
        while case .paren(let p) = node { node = p.expr }
        return node
    }
}
