import Foundation

// Element-wise and vector-shaping functions (Prometheus functions.go `simpleFunc` family, clamp,
// round, scalar, vector, sort, absent, timestamp).

/// Applies `f` to every element and drops the metric name (`simpleFunc`).
func simpleFunction(_ f: @escaping @Sendable (Double) -> Double) -> InstantFunction {
    return { call in
        .vector(call.vector(0).map { Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs, value: f($0.value)) })
    }
}

let mathFunctions: [String: InstantFunction] = [
    "abs": simpleFunction { abs($0) },
    "ceil": simpleFunction { $0.rounded(.up) },
    "floor": simpleFunction { $0.rounded(.down) },
    "exp": simpleFunction { Foundation.exp($0) },
    "sqrt": simpleFunction { $0.squareRoot() },
    "ln": simpleFunction { Foundation.log($0) },
    "log2": simpleFunction { Foundation.log2($0) },
    "log10": simpleFunction { Foundation.log10($0) },
    "sin": simpleFunction { Foundation.sin($0) },
    "cos": simpleFunction { Foundation.cos($0) },
    "tan": simpleFunction { Foundation.tan($0) },
    "asin": simpleFunction { Foundation.asin($0) },
    "acos": simpleFunction { Foundation.acos($0) },
    "atan": simpleFunction { Foundation.atan($0) },
    "sinh": simpleFunction { Foundation.sinh($0) },
    "cosh": simpleFunction { Foundation.cosh($0) },
    "tanh": simpleFunction { Foundation.tanh($0) },
    "asinh": simpleFunction { Foundation.asinh($0) },
    "acosh": simpleFunction { Foundation.acosh($0) },
    "atanh": simpleFunction { Foundation.atanh($0) },
    "rad": simpleFunction { $0 * Double.pi / 180 },
    "deg": simpleFunction { $0 * 180 / Double.pi },
    "sgn": simpleFunction { $0 < 0 ? -1 : ($0 > 0 ? 1 : $0) },
    "pi": { _ in .scalar(Double.pi) },

    // clamp(v, min, max): empty when max < min.
    "clamp": { call in
        let lo = call.scalar(1), hi = call.scalar(2)
        if hi < lo { return .vector([]) }
        return .vector(call.vector(0).map {
            Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs, value: goMax(lo, goMin(hi, $0.value)))
        })
    },
    "clamp_max": { call in
        let hi = call.scalar(1)
        return .vector(call.vector(0).map {
            Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs, value: goMin(hi, $0.value))
        })
    },
    "clamp_min": { call in
        let lo = call.scalar(1)
        return .vector(call.vector(0).map {
            Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs, value: goMax(lo, $0.value))
        })
    },
    // round(v, to_nearest=1): floor(v / to + 0.5) * to, through the reciprocal as upstream does,
    // so ties round up (round(-2.5) = -2).
    "round": { call in
        let toNearest = call.args.count >= 2 ? call.scalar(1) : 1
        let inverse = 1.0 / toNearest
        return .vector(call.vector(0).map {
            Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs,
                   value: ($0.value * inverse + 0.5).rounded(.down) / inverse)
        })
    },
    // scalar(v): the single element's value, NaN unless exactly one element.
    "scalar": { call in
        let v = call.vector(0)
        return .scalar(v.count == 1 ? v[0].value : .nan)
    },
    "vector": { call in .vector([Sample(labels: .empty, timestampMs: call.evalTs, value: call.scalar(0))]) },
    // sort / sort_desc: Go sorts the heap types with sort.Sort (insertion sort up to 12 elements).
    "sort": { call in
        var v = call.vector(0)
        GoHeap.sortDescendingByHeapOrder(&v, reverse: true)
        return .vector(v)
    },
    "sort_desc": { call in
        var v = call.vector(0)
        GoHeap.sortDescendingByHeapOrder(&v, reverse: false)
        return .vector(v)
    },
    // absent(v): 1 with labels from the selector's equality matchers when v is empty.
    "absent": { call in
        if !call.vector(0).isEmpty { return .vector([]) }
        return .vector([Sample(labels: absentLabels(call.argNodes[0]), timestampMs: call.evalTs, value: 1)])
    },
    // timestamp(v): the sample's stored time for a plain selector, else the evaluation time.
    "timestamp": { call in
        .vector(call.vector(0).map {
            Sample(labels: $0.labels.droppingMetricName(), timestampMs: call.evalTs, value: Double($0.timestampMs) / 1000)
        })
    },
]

/// Go's `math.Max`: NaN wins, +Inf wins, and +0 beats −0.
func goMax(_ x: Double, _ y: Double) -> Double {
    if x.isInfinite && x > 0 || y.isInfinite && y > 0 { return .infinity }
    if x.isNaN || y.isNaN { return .nan }
    if x == 0 && x == y { return x.sign == .minus ? y : x }
    return x > y ? x : y
}

/// Go's `math.Min`: NaN wins, −Inf wins, and −0 beats +0.
func goMin(_ x: Double, _ y: Double) -> Double {
    if x.isInfinite && x < 0 || y.isInfinite && y < 0 { return -.infinity }
    if x.isNaN || y.isNaN { return .nan }
    if x == 0 && x == y { return x.sign == .minus ? x : y }
    return x < y ? x : y
}
