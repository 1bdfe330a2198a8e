// Subqueries `expr[range:step] offset o` (Prometheus engine.go, SubqueryExpr case).

extension Evaluator {
    /// Evaluates the inner expression at every absolute multiple of the step inside the closed
    /// window [T − offset − range, T − offset] and joins the vectors into series whose points
    /// carry the step times.
    ///
    /// Prometheus 2.42 aligns the inner steps to the epoch, not to T: the first step is the first
    /// multiple of the step at or after the window start.
    func evalSubquery(_ sq: SubqueryExpr, _ ts: Int64) throws(PromQLError) -> RangeSelection {
        let end = referenceTime(sq.at, ts) - sq.offsetMs
        let windowStart = end - sq.rangeMs
        let step = sq.stepMs ?? defaultSubqueryStepMs
        guard step > 0 else { throw executionError("subquery step must be positive") }
        // Swift's `/` truncates towards zero like Go's, so this is the same first multiple.
        var t = step * (windowStart / step)
        if t < windowStart { t += step }

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
        inner.rangeFunctionOutputs = end - t >= step ? RangeFunctionOutputs() : nil
        while t <= end {
            switch try inner.eval(sq.expr, t) {
            case .vector(let samples):
                for s in samples { add(s.labels, t, s.value) }
            case .scalar(let v):
                add(.empty, t, v)
            case .string, .matrix:
                throw executionError("subquery is only allowed on instant vector")
            }
            t += step
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
