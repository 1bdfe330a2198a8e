// Subqueries `expr[range:step] offset o` (Prometheus engine.go, SubqueryExpr case).

extension Evaluator {
    /// Evaluates the inner expression at every absolute multiple of the step inside the closed
    /// window [T − offset − range, T − offset] and joins the vectors into series whose points
    /// carry the step times.
    ///
    /// Prometheus 2.42 aligns the inner steps to the epoch, not to T: the first step is the first
    /// multiple of the step at or after the window start.
    func evalSubquery(_ sq: SubqueryExpr, _ ts: Int64) throws(PromQLError) -> RangeSelection {
        // Go wraps int64 arithmetic silently; extreme `@` timestamps and offsets must not trap here.
        let end = referenceTime(sq.at, ts) &- sq.offsetMs
        let windowStart = end &- sq.rangeMs
        let step = sq.stepMs ?? defaultSubqueryStepMs
        guard step > 0 else { throw executionError("subquery step must be positive") }
        // Swift's `/` truncates towards zero like Go's, so this is the same first multiple.
        var t = step * (windowStart / step)
        if t < windowStart { t = t &+ step }
        // Prometheus: ErrTooManySamples once a query holds more than --query.max-samples points
        // (default 50,000,000). Every inner step yields at least one point per matching series;
        // refusing such step counts up front keeps `x[1000y:1ms]` from running for hours.
        if t <= end, (end &- t) / step >= Int64(Self.maxSamples) {
            throw executionError(Self.tooManySamplesMessage)
        }
        var pointCount = 0

        var indexByLabels: [Labels: Int] = [:]
        var labels: [Labels] = []
        var times: [[Int64]] = []
        var values: [[Double]] = []
        func add(_ l: Labels, _ time: Int64, _ value: Double) {
            let index: Int
            if let known = indexByLabels[l] {
                index = known
            } else {
                index = labels.count
                indexByLabels[l] = index
                labels.append(l)
                times.append([])
                values.append([])
            }
            times[index].append(time)
            values[index].append(value)
        }
        var inner = self
        inner.rangeFunctionOutputs = t <= end && end &- t >= step ? RangeFunctionOutputs() : nil
        while t <= end {
            switch try inner.eval(sq.expr, t) {
            case .vector(let samples):
                for s in samples { add(s.labels, t, s.value) }
                pointCount += samples.count
            case .scalar(let v):
                add(.empty, t, v)
                pointCount += 1
            case .string, .matrix:
                throw executionError("subquery is only allowed on instant vector")
            }
            if pointCount > Self.maxSamples { throw executionError(Self.tooManySamplesMessage) }
            let (next, overflow) = t.addingReportingOverflow(step)
            if overflow { break }
            t = next
        }
        var series: [RangeSeries] = []
        series.reserveCapacity(labels.count)
        for i in labels.indices {
            series.append(RangeSeries(labels: labels[i], labelsWithoutName: nil, times: times[i][...], values: values[i][...]))
        }
        return RangeSelection(series: series, windowStartMs: windowStart, windowEndMs: end, rangeMs: sq.rangeMs,
                              hasSingleMetricName: false)
    }
}

extension Evaluator {
    /// Prometheus' default `--query.max-samples`.
    static let maxSamples = 50_000_000
    /// Prometheus: ErrTooManySamples (promql/engine.go), as the API reports it.
    static let tooManySamplesMessage = "query processing would load too many samples into memory in query execution"
}
