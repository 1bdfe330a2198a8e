// The *_over_time functions (Prometheus functions.go, `aggrOverTime` family). Each sees the
// non-stale samples of the closed window, at least one.

let overTimeFunctions: [String: RangeFunction] = [
    // avg_over_time(v range-vector): incremental mean with compensation; an infinite mean stays
    // unless an opposite infinity or a NaN arrives.
    "avg_over_time": { _, v, _ in
        var mean = 0.0, count = 0.0, c = 0.0
        for x in v {
            count += 1
            if mean.isInfinite {
                if x.isInfinite && (mean > 0) == (x > 0) { continue }
                if !x.isInfinite && !x.isNaN { continue }
            }
            (mean, c) = kahanSumInc(x / count - mean / count, mean, c)
        }
        return mean.isInfinite ? mean : mean + c
    },
    "count_over_time": { t, _, _ in Double(t.count) },
    "last_over_time": { _, v, _ in v.last! },
    "present_over_time": { _, _, _ in 1 },
    // absent_over_time: any value marks the series present; the caller turns "none" into 1.
    "absent_over_time": { _, _, _ in 1 },
    // max/min: a NaN result is replaced by any later value; NaN only if all values are NaN.
    "max_over_time": { _, v, _ in
        var result = v.first!
        for x in v where x > result || result.isNaN { result = x }
        return result
    },
    "min_over_time": { _, v, _ in
        var result = v.first!
        for x in v where x < result || result.isNaN { result = x }
        return result
    },
    "sum_over_time": { _, v, _ in
        var sum = 0.0, c = 0.0
        for x in v { (sum, c) = kahanSumInc(x, sum, c) }
        return sum.isInfinite ? sum : sum + c
    },
    // quantile_over_time(φ scalar, v range-vector)
    "quantile_over_time": { _, v, c in quantile(c.scalars[0], Array(v)) },
    "stddev_over_time": { _, v, _ in varianceOverTime(v).squareRoot() },
    "stdvar_over_time": { _, v, _ in varianceOverTime(v) },
]

/// Population variance by Welford's algorithm with compensated sums (`funcStdvarOverTime`).
func varianceOverTime(_ v: UnsafeBufferPointer<Double>) -> Double {
    var count = 0.0
    var mean = 0.0, cMean = 0.0, aux = 0.0, cAux = 0.0
    for x in v {
        count += 1
        let delta = x - (mean + cMean)
        (mean, cMean) = kahanSumInc(delta / count, mean, cMean)
        (aux, cAux) = kahanSumInc(delta * (x - (mean + cMean)), aux, cAux)
    }
    return (aux + cAux) / count
}
