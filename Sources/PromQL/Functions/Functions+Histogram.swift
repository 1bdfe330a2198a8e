// histogram_quantile over classic `_bucket` series (Prometheus functions.go
// `funcHistogramQuantile`; the quantile itself is `bucketQuantile` in Quantile.swift).

let histogramFunctions: [String: InstantFunction] = [
    // histogram_quantile(φ scalar, b instant-vector) -> instant-vector
    "histogram_quantile": { call in .vector(histogramQuantile(call.scalar(0), call.vector(1), call.evalTs)) },
    // The native-histogram functions skip float samples (functions.go: `if sample.H == nil
    // { continue }`); this engine stores floats only, so they always return an empty vector.
    "histogram_count": { _ in .vector([]) },
    "histogram_sum": { _ in .vector([]) },
    "histogram_fraction": { _ in .vector([]) },
]

/// Groups the bucket samples by their labels without `le` (the metric name is part of the key)
/// and computes one quantile per group. Samples without a parsable `le` are skipped. The output
/// labels also drop `__name__`, so two groups differing only by name collide (checked by the caller).
func histogramQuantile(_ q: Double, _ samples: [Sample], _ ts: Int64) -> [Sample] {
    var groupIndex: [Labels: Int] = [:]
    var groupLabels: [Labels] = []
    var groupBuckets: [[Bucket]] = []
    for sample in samples {
        guard let upperBound = parseGoFloat(sample.labels.value(of: "le")) else { continue }
        let key = sample.labels.removing(["le"])
        let index: Int
        if let known = groupIndex[key] {
            index = known
        } else {
            index = groupLabels.count
            groupIndex[key] = index
            groupLabels.append(key.droppingMetricName())
            groupBuckets.append([])
        }
        groupBuckets[index].append(Bucket(upperBound: upperBound, count: sample.value))
    }
    var out: [Sample] = []
    out.reserveCapacity(groupLabels.count)
    for i in groupLabels.indices {
        out.append(Sample(labels: groupLabels[i], timestampMs: ts, value: bucketQuantile(q, groupBuckets[i])))
    }
    return out
}

/// Go's `strconv.ParseFloat(s, 64)` for the forms an `le` label takes: decimal and exponent
/// notation, `Inf`/`+Inf`/`-Inf`/`Infinity` and `NaN` in any case, underscores not allowed.
func parseGoFloat(_ text: String) -> Double? {
    if text.isEmpty { return nil }
    var body = Substring(text)
    var negative = false
    if body.first == "+" || body.first == "-" {
        negative = body.first == "-"
        body = body.dropFirst()
    }
    switch body.lowercased() {
    case "inf", "infinity": return negative ? -.infinity : .infinity
    case "nan": return text.first == "+" || text.first == "-" ? nil : .nan
    default: break
    }
    // Swift's parser accepts the same decimal forms; reject what Go rejects (hex floats, spaces).
    guard body.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "+" || $0 == "-") }),
          let value = Double(text) else {
        if body.lowercased().hasPrefix("0x"), let v = Double(text) { return v }
        return nil
    }
    return value
}
