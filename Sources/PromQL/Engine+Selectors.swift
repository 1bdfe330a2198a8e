// Instant and range selectors (Prometheus `vectorSelectorSingle`, `matrixIterSlice`, engine.go).

/// A range vector together with the window it was taken from, as range functions need it.
struct RangeSelection {
    var series: [RangeSeries]
    /// The closed window [windowStartMs, windowEndMs].
    var windowStartMs: Int64
    var windowEndMs: Int64
    /// The selector's (or subquery's) range: `rate` divides by it.
    var rangeMs: Int64
    /// True when every series has the same metric name, so dropping it cannot collide.
    var hasSingleMetricName: Bool
}

extension Evaluator {
    /// The latest sample at or before `T − offset` of every matching series, if it is no older
    /// than the lookback delta and not a staleness marker.
    ///
    /// Prometheus 2.42 (`vectorSelectorSingle`): a sample exactly `lookbackDelta` old is still
    /// visible (closed interval), and a staleness marker as latest sample hides the series without
    /// looking further back.
    /// - Parameter keepSampleTimestamps: give each sample its stored time instead of `ts`; only
    ///   `timestamp(selector)` sees stored times.
    /// - Complexity: O(selected series × log samples per series).
    func selectVector(_ vs: VectorSelector, _ ts: Int64, keepSampleTimestamps: Bool) -> [Sample] {
        // Go wraps int64 arithmetic silently; extreme `@` timestamps and offsets must not trap here.
        let refTime = referenceTime(vs.at, ts) &- vs.offsetMs
        let oldest = refTime &- lookbackDeltaMs
        let ids = storage.select(vs.matchers)
        var out: [Sample] = []
        out.reserveCapacity(ids.count)
        storage.records.withUnsafeBufferPointer { records in
            for id in ids {
                let times = records[Int(id)].times
                let index = times.firstIndex(after: refTime) - 1
                guard index >= 0, times[index] >= oldest else { continue }
                let value = records[Int(id)].values[index]
                if PromQLConstants.isStaleNaN(value) { continue }
                out.append(Sample(labels: records[Int(id)].labels,
                                  timestampMs: keepSampleTimestamps ? times[index] : ts, value: value))
            }
        }
        return out
    }

    /// The samples of every matching series in the closed window [T − offset − range, T − offset].
    ///
    /// Prometheus 2.42 (`matrixIterSlice`) keeps samples with `t >= mint` and the one at exactly
    /// `maxt`; staleness markers are dropped. Series without samples in the window are left out.
    /// Series without staleness markers are handed out as array slices, without copying.
    func selectRange(_ ms: MatrixSelector, _ ts: Int64) -> RangeSelection {
        let vs = ms.vectorSelector
        // Go wraps int64 arithmetic silently; extreme `@` timestamps and offsets must not trap here.
        let maxt = referenceTime(vs.at, ts) &- vs.offsetMs
        let mint = maxt &- ms.rangeMs
        let ids = storage.select(vs.matchers)
        var out: [RangeSeries] = []
        out.reserveCapacity(ids.count)
        storage.records.withUnsafeBufferPointer { records in
            for id in ids {
                let record = records[Int(id)]
                let lo = record.times.firstIndex(atOrAfter: mint)
                let hi = record.times.firstIndex(after: maxt)
                guard lo < hi else { continue }
                if record.staleCount == 0 {
                    out.append(RangeSeries(labels: record.labels, labelsWithoutName: record.labelsWithoutName,
                                           times: record.times[lo..<hi], values: record.values[lo..<hi]))
                    continue
                }
                var times: [Int64] = []
                var values: [Double] = []
                for i in lo..<hi where !PromQLConstants.isStaleNaN(record.values[i]) {
                    times.append(record.times[i])
                    values.append(record.values[i])
                }
                guard !times.isEmpty else { continue }
                out.append(RangeSeries(labels: record.labels, labelsWithoutName: record.labelsWithoutName,
                                       times: times[...], values: values[...]))
            }
        }
        let singleName = vs.matchers.contains { $0.name == Labels.metricName && $0.type == .equal }
        return RangeSelection(series: out, windowStartMs: mint, windowEndMs: maxt, rangeMs: ms.rangeMs,
                              hasSingleMetricName: singleName)
    }
}
