// The one table of function implementations (Prometheus functions.go, `FunctionCalls`). The
// parser owns the signatures (argument and return types); this table owns the behaviour.

/// What a range-vector function sees for one series at one step.
struct RangeCall {
    /// The evaluation time of the step (`enh.Ts`).
    let evalTs: Int64
    /// The closed window the samples were taken from.
    let windowStartMs: Int64
    let windowEndMs: Int64
    /// The selector's or subquery's range.
    let rangeMs: Int64
    /// The values of the other (scalar) arguments at this step, in written order.
    let scalars: RangeScalars
}

/// Up to two scalar arguments of a range function (quantile_over_time's φ, predict_linear's t,
/// holt_winters' factors), stored inline so a call costs no reference counting.
struct RangeScalars {
    private var first = 0.0
    private var second = 0.0

    init(_ values: [Double]) {
        if values.count > 0 { first = values[0] }
        if values.count > 1 { second = values[1] }
    }

    subscript(index: Int) -> Double { index == 0 ? first : second }
}

/// Calls a range function on slices (subquery and generic paths).
@inline(__always)
func callRangeFunction(_ f: RangeFunction, _ t: ArraySlice<Int64>, _ v: ArraySlice<Double>, _ call: RangeCall) throws(PromQLError) -> Double? {
    try t.withUnsafeBufferPointer { (tb) throws(PromQLError) -> Double? in
        try v.withUnsafeBufferPointer { (vb) throws(PromQLError) -> Double? in try f(tb, vb, call) }
    }
}

/// A range-vector function: the value for one series' window, or nil for no output.
/// `times` and `values` hold at least one sample.
typealias RangeFunction = @Sendable (_ times: UnsafeBufferPointer<Int64>, _ values: UnsafeBufferPointer<Double>, _ call: RangeCall) throws(PromQLError) -> Double?

/// What an instant function sees: its evaluated arguments and their syntax trees (for string
/// arguments and `absent`'s labels).
struct InstantCall {
    let evalTs: Int64
    let args: [EvalValue]
    let argNodes: [Node]

    func vector(_ i: Int) -> [Sample] {
        if case .vector(let v) = args[i] { return v }
        return []
    }

    func scalar(_ i: Int) -> Double {
        switch args[i] {
        case .scalar(let v): return v
        case .vector(let v): return v.count == 1 ? v[0].value : .nan
        default: return .nan
        }
    }

    func string(_ i: Int) -> String {
        if case .string(let s) = args[i] { return s }
        return ""
    }
}

typealias InstantFunction = @Sendable (_ call: InstantCall) throws(PromQLError) -> EvalValue

enum FunctionImplementation: Sendable {
    /// Takes one range vector (plus scalars); applied per series. `keepsMetricName` only for
    /// `last_over_time` (engine.go keeps its name, every other range function drops it).
    case range(RangeFunction, keepsMetricName: Bool)
    case instant(InstantFunction)
}

enum FunctionTable {
    /// Every implemented function by name.
    static let implementations: [String: FunctionImplementation] = {
        var table: [String: FunctionImplementation] = [:]
        for (name, f) in rateFunctions { table[name] = .range(f, keepsMetricName: false) }
        for (name, f) in overTimeFunctions { table[name] = .range(f, keepsMetricName: name == "last_over_time") }
        for (name, f) in histogramFunctions { table[name] = .instant(f) }
        for (name, f) in mathFunctions { table[name] = .instant(f) }
        for (name, f) in labelFunctions { table[name] = .instant(f) }
        for (name, f) in timeFunctions { table[name] = .instant(f) }
        return table
    }()

    /// Sorted names, for the "every signature has an implementation" test.
    static var names: [String] { implementations.keys.sorted() }
}

extension Evaluator {
    func evalCall(_ c: Call, _ ts: Int64) throws(PromQLError) -> EvalValue {
        guard let implementation = FunctionTable.implementations[c.function] else {
            throw executionError("function \"\(c.function)\" is not implemented")
        }
        switch implementation {
        case .range(let f, let keepsName):
            return try evalRangeCall(c, f, keepsMetricName: keepsName, ts)
        case .instant(let f):
            // timestamp(selector) is the one place a sample's stored time is visible (engine.go).
            if c.function == "timestamp", let arg = c.args.first, case .vectorSelector(let vs) = arg.unwrappingParens {
                let samples = selectVector(vs, ts, keepSampleTimestamps: true)
                return try f(InstantCall(evalTs: ts, args: [.vector(samples)], argNodes: c.args))
            }
            var args: [EvalValue] = []
            args.reserveCapacity(c.args.count)
            for node in c.args { args.append(try eval(node, ts)) }
            let result = try f(InstantCall(evalTs: ts, args: args, argNodes: c.args))
            if case .vector(let out) = result { try checkUniqueLabelSets(out) }
            return result
        }
    }

    /// A function with a range-vector argument, applied to each series' window at this step.
    private func evalRangeCall(_ c: Call, _ f: RangeFunction, keepsMetricName: Bool, _ ts: Int64) throws(PromQLError) -> EvalValue {
        var scalars: [Double] = []
        var selection: RangeSelection? = nil
        var selector: MatrixSelector? = nil
        for node in c.args {
            switch node.unwrappingParens {
            case .matrixSelector(let ms) where selection == nil && selector == nil:
                selector = ms
            case .subquery(let sq) where selection == nil && selector == nil:
                selection = try evalSubquery(sq, ts)
            default:
                scalars.append(try evalScalar(node, ts))
            }
        }
        if let selector, c.function != "absent_over_time" {
            return .vector(try applyToStoredWindows(c, f, selector, scalars: scalars, keepsMetricName: keepsMetricName, ts))
        }
        if let selector { selection = selectRange(selector, ts) }
        guard let selection else {
            throw executionError("function \"\(c.function)\" expects a range vector argument")
        }
        let call = RangeCall(evalTs: ts, windowStartMs: selection.windowStartMs, windowEndMs: selection.windowEndMs,
                             rangeMs: selection.rangeMs, scalars: RangeScalars(scalars))
        var out: [Sample] = []
        out.reserveCapacity(selection.series.count)
        var producers: [Labels] = []
        for series in selection.series {
            guard let value = try callRangeFunction(f, series.times, series.values, call) else { continue }
            producers.append(series.labels)
            out.append(Sample(labels: keepsMetricName ? series.labels : series.namelessLabels, timestampMs: ts, value: value))
        }
        if c.function == "absent_over_time" {
            guard out.isEmpty else { return .vector([]) }
            return .vector([Sample(labels: absentLabels(c.args[0]), timestampMs: ts, value: 1)])
        }
        if !(selection.hasSingleMetricName && !keepsMetricName) {
            try checkUniqueLabelSets(out)
            if let outputs = rangeFunctionOutputs, !keepsMetricName {
                let site = callSiteKey(c)
                for (sample, input) in zip(out, producers) {
                    try outputs.record(callSite: site, output: sample.labels, input: input)
                }
            }
        }
        return .vector(out)
    }
}

extension Evaluator {
    /// The range function applied straight to each selected series' window in storage, without
    /// building the intermediate range vector: the hot path of `rate(x[2m])`.
    ///
    /// Why: a canary query rates hundreds of series per evaluation; skipping the intermediate
    /// array saves a copy of each series record and its release (about a third of the time).
    private func applyToStoredWindows(_ c: Call, _ f: RangeFunction, _ ms: MatrixSelector, scalars: [Double],
                                      keepsMetricName: Bool, _ ts: Int64) throws(PromQLError) -> [Sample] {
        let vs = ms.vectorSelector
        // Go wraps int64 arithmetic silently; extreme `@` timestamps and offsets must not trap here.
        let maxt = referenceTime(vs.at, ts) &- vs.offsetMs
        let mint = maxt &- ms.rangeMs
        let call = RangeCall(evalTs: ts, windowStartMs: mint, windowEndMs: maxt, rangeMs: ms.rangeMs, scalars: RangeScalars(scalars))
        let ids = storage.select(vs.matchers)
        var out: [Sample] = []
        out.reserveCapacity(ids.count)
        let singleName = vs.matchers.contains { $0.name == Labels.metricName && $0.type == .equal }
        let trackProducers = rangeFunctionOutputs != nil && !keepsMetricName && !singleName
        var producers: [Labels] = []
        try storage.records.withUnsafeBufferPointer { (records) throws(PromQLError) in
            for id in ids {
                let index = Int(id)
                let value: Double? = try records[index].times.withUnsafeBufferPointer { (allTimes) throws(PromQLError) -> Double? in
                    let lo = allTimes.firstIndex(atOrAfter: mint)
                    let hi = allTimes.firstIndex(after: maxt)
                    guard lo < hi else { return nil }
                    return try records[index].values.withUnsafeBufferPointer { (allValues) throws(PromQLError) -> Double? in
                        if records[index].staleCount == 0 {
                            return try f(UnsafeBufferPointer(rebasing: allTimes[lo..<hi]), UnsafeBufferPointer(rebasing: allValues[lo..<hi]), call)
                        }
                        var times: [Int64] = []
                        var values: [Double] = []
                        for i in lo..<hi where !PromQLConstants.isStaleNaN(allValues[i]) {
                            times.append(allTimes[i])
                            values.append(allValues[i])
                        }
                        guard !times.isEmpty else { return nil }
                        return try callRangeFunction(f, times[...], values[...], call)
                    }
                }
                guard let value else { continue }
                out.append(Sample(labels: keepsMetricName ? records[index].labels : records[index].labelsWithoutName,
                                  timestampMs: ts, value: value))
                if trackProducers { producers.append(records[index].labels) }
            }
        }
        if keepsMetricName || !singleName { try checkUniqueLabelSets(out) }
        if trackProducers, let outputs = rangeFunctionOutputs {
            let site = callSiteKey(c)
            for (sample, input) in zip(out, producers) {
                try outputs.record(callSite: site, output: sample.labels, input: input)
            }
        }
        return out
    }
}

/// Identifies a range-function call site for `RangeFunctionOutputs`: its position and text form
/// (the text keeps hand-built trees, which share a zero position, apart).
func callSiteKey(_ c: Call) -> String {
    "\(c.function)|\(c.position.start)|\(c.position.end)|\(c.args)"
}

/// The labels `absent` and `absent_over_time` give their result (`createLabelsForAbsentFunction`):
/// the first `=` matcher of each name sets it; any later matcher of that name, or a non-`=` one,
/// deletes it; `__name__` is never copied; a non-selector argument gives `{}`.
func absentLabels(_ node: Node) -> Labels {
    let matchers: [LabelMatcher]
    switch node.unwrappingParens {
    case .vectorSelector(let vs): matchers = vs.matchers
    case .matrixSelector(let ms): matchers = ms.vectorSelector.matchers
    default: return .empty
    }
    var values: [String: String] = [:]
    var order: [String] = []
    var has = Set<String>()
    for m in matchers where m.name != Labels.metricName {
        if m.type == .equal && !has.contains(m.name) {
            values[m.name] = m.value
            has.insert(m.name)
            order.append(m.name)
        } else {
            values[m.name] = nil
        }
    }
    return Labels(order.compactMap { name in values[name].map { Label(name: name, value: $0) } })
}
