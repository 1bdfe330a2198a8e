// rate, increase, delta, irate, idelta, deriv, predict_linear, resets, changes, holt_winters
// (Prometheus functions.go).

/// Prometheus: an allowance for irregular sample spacing in `extrapolatedRate` — an edge gap up
/// to 1.1 average intervals is extrapolated fully, a longer one only by half an interval.
let extrapolationThresholdFactor = 1.1

let rateFunctions: [String: RangeFunction] = [
    // rate(v range-vector) -> instant-vector
    "rate": { t, v, c in extrapolatedRate(t, v, c, isCounter: true, isRate: true) },
    // increase(v range-vector) -> instant-vector
    "increase": { t, v, c in extrapolatedRate(t, v, c, isCounter: true, isRate: false) },
    // delta(v range-vector) -> instant-vector
    "delta": { t, v, c in extrapolatedRate(t, v, c, isCounter: false, isRate: false) },
    // irate(v range-vector) -> instant-vector
    "irate": { t, v, _ in instantValue(t, v, isRate: true) },
    // idelta(v range-vector) -> instant-vector
    "idelta": { t, v, _ in instantValue(t, v, isRate: false) },
    // deriv(v range-vector) -> instant-vector
    "deriv": { t, v, _ in
        guard t.count >= 2 else { return nil }
        return linearRegression(t, v, interceptTime: t.first!).slope
    },
    // predict_linear(v range-vector, t scalar) -> instant-vector
    "predict_linear": { t, v, c in
        guard t.count >= 2 else { return nil }
        let (slope, intercept) = linearRegression(t, v, interceptTime: c.evalTs)
        return slope * c.scalars[0] + intercept
    },
    // resets(v range-vector) -> instant-vector
    "resets": { _, v, _ in
        var resets = 0
        var prev = v.first!
        for current in v.dropFirst() {
            if current < prev { resets += 1 }
            prev = current
        }
        return Double(resets)
    },
    // changes(v range-vector) -> instant-vector; NaN → NaN is not a change.
    "changes": { _, v, _ in
        var changes = 0
        var prev = v.first!
        for current in v.dropFirst() {
            if current != prev && !(current.isNaN && prev.isNaN) { changes += 1 }
            prev = current
        }
        return Double(changes)
    },
    // holt_winters(v range-vector, sf scalar, tf scalar) -> instant-vector
    "holt_winters": { _, v, c throws(PromQLError) in try holtWinters(v, smoothing: c.scalars[0], trend: c.scalars[1]) },
]

/// Prometheus `extrapolatedRate` (functions.go): the change over the window, corrected for
/// counter resets and extrapolated towards the window edges.
///
/// Why the zero cut-off: a counter cannot have been below zero, so extrapolation to the start is
/// limited to where the line through the samples reaches zero.
/// The operation order follows upstream so that results are bit-identical.
func extrapolatedRate(_ t: UnsafeBufferPointer<Int64>, _ v: UnsafeBufferPointer<Double>, _ c: RangeCall,
                      isCounter: Bool, isRate: Bool) -> Double? {
    guard t.count >= 2 else { return nil }
    let firstT = t.first!, lastT = t.last!
    let firstV = v.first!
    var result = v.last! - firstV
    if isCounter {
        var prev = firstV
        for i in 1..<v.count {
            let current = v[i]
            if current < prev { result += prev }
            prev = current
        }
    }
    var durationToStart = Double(firstT - c.windowStartMs) / 1000
    let durationToEnd = Double(c.windowEndMs - lastT) / 1000
    let sampledInterval = Double(lastT - firstT) / 1000
    let averageDurationBetweenSamples = sampledInterval / Double(t.count - 1)

    if isCounter && result > 0 && firstV >= 0 {
        let durationToZero = sampledInterval * (firstV / result)
        if durationToZero < durationToStart { durationToStart = durationToZero }
    }
    let extrapolationThreshold = averageDurationBetweenSamples * extrapolationThresholdFactor
    var extrapolateToInterval = sampledInterval
    if durationToStart < extrapolationThreshold {
        extrapolateToInterval += durationToStart
    } else {
        extrapolateToInterval += averageDurationBetweenSamples / 2
    }
    if durationToEnd < extrapolationThreshold {
        extrapolateToInterval += durationToEnd
    } else {
        extrapolateToInterval += averageDurationBetweenSamples / 2
    }
    var factor = extrapolateToInterval / sampledInterval
    if isRate {
        // Go's Duration.Seconds(): whole seconds plus the nanosecond remainder / 1e9.
        factor /= durationSeconds(c.rangeMs)
    }
    result *= factor
    return result
}

/// Go's `time.Duration.Seconds()` for a millisecond duration.
func durationSeconds(_ ms: Int64) -> Double {
    // Ranges beyond ~292 years overflow Go's nanosecond Duration; fall back to plain division.
    let (nanos, overflow) = ms.multipliedReportingOverflow(by: 1_000_000)
    if overflow { return Double(ms) / 1000 }
    let sec = nanos / 1_000_000_000
    let rem = nanos % 1_000_000_000
    return Double(sec) + Double(rem) / 1e9
}

/// Prometheus `instantValue`: the last two samples only; a reset makes irate use the last value.
func instantValue(_ t: UnsafeBufferPointer<Int64>, _ v: UnsafeBufferPointer<Double>, isRate: Bool) -> Double? {
    guard t.count >= 2 else { return nil }
    let last = v[v.endIndex - 1], previous = v[v.endIndex - 2]
    var result = (isRate && last < previous) ? last : last - previous
    let sampledInterval = t[t.endIndex - 1] - t[t.endIndex - 2]
    if sampledInterval == 0 { return nil }
    if isRate { result /= Double(sampledInterval) / 1000 }
    return result
}

/// Least-squares fit with compensated sums (`linearRegression`); x in seconds from interceptTime.
func linearRegression(_ t: UnsafeBufferPointer<Int64>, _ v: UnsafeBufferPointer<Double>, interceptTime: Int64) -> (slope: Double, intercept: Double) {
    var n = 0.0
    var sumX = 0.0, cX = 0.0, sumY = 0.0, cY = 0.0, sumXY = 0.0, cXY = 0.0, sumX2 = 0.0, cX2 = 0.0
    let initY = v.first!
    var constY = true
    for (i, (time, value)) in zip(t, v).enumerated() {
        if constY && i > 0 && value != initY { constY = false }
        n += 1
        let x = Double(time &- interceptTime) / 1e3  // Go wraps; never trap on extreme eval times.
        (sumX, cX) = kahanSumInc(x, sumX, cX)
        (sumY, cY) = kahanSumInc(value, sumY, cY)
        (sumXY, cXY) = kahanSumInc(x * value, sumXY, cXY)
        (sumX2, cX2) = kahanSumInc(x * x, sumX2, cX2)
    }
    if constY {
        if initY.isInfinite { return (.nan, .nan) }
        return (0, initY)
    }
    sumX += cX
    sumY += cY
    sumXY += cXY
    sumX2 += cX2
    let covXY = sumXY - sumX * sumY / n
    let varX = sumX2 - sumX * sumX / n
    let slope = covXY / varX
    let intercept = sumY / n - slope * sumX / n
    return (slope, intercept)
}

/// Double exponential smoothing (`funcHoltWinters`).
func holtWinters(_ v: UnsafeBufferPointer<Double>, smoothing sf: Double, trend tf: Double) throws(PromQLError) -> Double? {
    if sf <= 0 || sf >= 1 {
        throw executionError("invalid smoothing factor. Expected: 0 < sf < 1, got: \(formatGoFixed6(sf))")
    }
    if tf <= 0 || tf >= 1 {
        throw executionError("invalid trend factor. Expected: 0 < tf < 1, got: \(formatGoFixed6(tf))")
    }
    let values = Array(v)
    guard values.count >= 2 else { return nil }
    var s0 = 0.0
    var s1 = values[0]
    var b = values[1] - values[0]
    for i in 1..<values.count {
        let x = sf * values[i]
        if i - 1 != 0 { b = tf * (s1 - s0) + (1 - tf) * b }
        let y = (1 - sf) * (s1 + b)
        (s0, s1) = (s1, x + y)
    }
    return s1
}

/// Go's `%f` (six decimals) for the holt_winters error messages; exact for any float64
/// (`goFixedSixDecimals`, GoFixedFormat.swift), so `1e300` does not trap.
func formatGoFixed6(_ v: Double) -> String {
    goFixedSixDecimals(v)
}

/// Kahan–Neumaier compensated addition step (`kahanSumInc`).
@inline(__always)
func kahanSumInc(_ inc: Double, _ sum: Double, _ c: Double) -> (Double, Double) {
    let t = sum + inc
    var c = c
    if abs(sum) >= abs(inc) {
        c += (sum - t) + inc
    } else {
        c += (inc - t) + sum
    }
    return (t, c)
}
