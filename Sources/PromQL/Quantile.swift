// Quantiles (Prometheus promql/quantile.go: `quantile`, `bucketQuantile`, `coalesceBuckets`,
// `ensureMonotonic`).

/// The φ-quantile of values, interpolating linearly between the two nearest ranks.
/// NaN for no values or NaN φ; −Inf for φ < 0; +Inf for φ > 1. NaN values sort lowest.
func quantile(_ q: Double, _ valuesIn: [Double]) -> Double {
    if valuesIn.isEmpty || q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    let values = valuesIn.sorted { a, b in a.isNaN ? !b.isNaN : (!b.isNaN && a < b) }
    let n = Double(values.count)
    let rank = q * (n - 1)
    let lowerIndex = max(0, rank.rounded(.down))
    let upperIndex = min(n - 1, lowerIndex + 1)
    let weight = rank - rank.rounded(.down)
    return values[Int(lowerIndex)] * (1 - weight) + values[Int(upperIndex)] * weight
}

/// One classic histogram bucket: cumulative count of observations ≤ upperBound.
struct Bucket {
    var upperBound: Double
    var count: Double
}

/// The φ-quantile of a classic histogram (`bucketQuantile`), checks in Prometheus' order:
/// NaN φ → NaN, φ < 0 → −Inf, φ > 1 → +Inf; no +Inf bucket → NaN; buckets with the same bound
/// are merged and counts made monotonic; fewer than 2 buckets or no observations → NaN.
/// Within the chosen bucket the result is interpolated linearly from the previous bound (0 for
/// the first bucket, unless its bound is ≤ 0, which is then returned as is).
func bucketQuantile(_ q: Double, _ bucketsIn: [Bucket]) -> Double {
    if q.isNaN { return .nan }
    if q < 0 { return -.infinity }
    if q > 1 { return .infinity }
    // Go's sort.Sort is not stable, but equal bounds are merged next, so the order among them
    // does not change the result.
    var buckets = bucketsIn.sorted { $0.upperBound < $1.upperBound }
    guard let last = buckets.last, last.upperBound == .infinity else { return .nan }

    // coalesceBuckets
    var merged: [Bucket] = []
    merged.reserveCapacity(buckets.count)
    for b in buckets {
        if let tail = merged.last, tail.upperBound == b.upperBound {
            merged[merged.count - 1].count += b.count
        } else {
            merged.append(b)
        }
    }
    buckets = merged

    // ensureMonotonic: raise any count below the running maximum to it.
    var maxCount = buckets[0].count
    for i in 1..<buckets.count {
        if buckets[i].count > maxCount {
            maxCount = buckets[i].count
        } else if buckets[i].count < maxCount {
            buckets[i].count = maxCount
        }
    }

    if buckets.count < 2 { return .nan }
    let observations = buckets[buckets.count - 1].count
    if observations == 0 { return .nan }
    var rank = q * observations
    // sort.Search over all but the +Inf bucket: the first bucket whose count reaches the rank.
    var lo = 0, hi = buckets.count - 1
    while lo < hi {
        let mid = (lo + hi) / 2
        if buckets[mid].count >= rank { hi = mid } else { lo = mid + 1 }
    }
    let b = lo
    if b == buckets.count - 1 { return buckets[buckets.count - 2].upperBound }
    if b == 0 && buckets[0].upperBound <= 0 { return buckets[0].upperBound }
    var bucketStart = 0.0
    let bucketEnd = buckets[b].upperBound
    var count = buckets[b].count
    if b > 0 {
        bucketStart = buckets[b - 1].upperBound
        count -= buckets[b - 1].count
        rank -= buckets[b - 1].count
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count)
}
