import Foundation

// Binary operators (Prometheus engine.go: `VectorAnd`/`VectorOr`/`VectorUnless`, `VectorBinop`,
// `VectorscalarBinop`, `resultMetric`, `scalarBinop`, `vectorElemBinop`).

extension Evaluator {
    func evalBinary(_ b: BinaryExpr, _ ts: Int64) throws(PromQLError) -> EvalValue {
        let lhs = try eval(b.lhs, ts)
        let rhs = try eval(b.rhs, ts)
        switch (lhs, rhs) {
        case let (.scalar(l), .scalar(r)):
            return .scalar(scalarBinop(b.op, l, r))
        case let (.vector(l), .scalar(r)):
            let out = vectorScalarBinop(b.op, l, r, swap: false, returnBool: b.returnBool)
            try checkUniqueLabelSets(out)
            return .vector(out)
        case let (.scalar(l), .vector(r)):
            let out = vectorScalarBinop(b.op, r, l, swap: true, returnBool: b.returnBool)
            try checkUniqueLabelSets(out)
            return .vector(out)
        case let (.vector(l), .vector(r)):
            let matching = b.matching ?? VectorMatching(cardinality: b.op.isSetOperator ? .manyToMany : .oneToOne)
            let out: [Sample]
            switch b.op {
            case .land: out = vectorAnd(l, r, matching)
            case .lor: out = vectorOr(l, r, matching)
            case .lunless: out = vectorUnless(l, r, matching)
            default: out = try vectorBinop(b.op, l, r, matching, returnBool: b.returnBool)
            }
            try checkUniqueLabelSets(out)
            return .vector(out)
        default:
            throw executionError("binary operator \"\(b.op.rawValue)\" not allowed between these operand types")
        }
    }

    // MARK: Set operators

    /// Elements of `lhs` whose signature occurs in `rhs`.
    func vectorAnd(_ lhs: [Sample], _ rhs: [Sample], _ m: VectorMatching) -> [Sample] {
        guard !lhs.isEmpty, !rhs.isEmpty else { return [] }
        let rightSigs = Set(rhs.map { signature($0.labels, m) })
        return lhs.filter { rightSigs.contains(signature($0.labels, m)) }
    }

    /// All of `lhs`, then the elements of `rhs` whose signature is not in `lhs`.
    func vectorOr(_ lhs: [Sample], _ rhs: [Sample], _ m: VectorMatching) -> [Sample] {
        if lhs.isEmpty { return rhs }
        if rhs.isEmpty { return lhs }
        let leftSigs = Set(lhs.map { signature($0.labels, m) })
        return lhs + rhs.filter { !leftSigs.contains(signature($0.labels, m)) }
    }

    /// Elements of `lhs` whose signature does not occur in `rhs`.
    func vectorUnless(_ lhs: [Sample], _ rhs: [Sample], _ m: VectorMatching) -> [Sample] {
        guard !lhs.isEmpty, !rhs.isEmpty else { return lhs }
        let rightSigs = Set(rhs.map { signature($0.labels, m) })
        return lhs.filter { !rightSigs.contains(signature($0.labels, m)) }
    }

    // MARK: Arithmetic and comparison between vectors

    /// Prometheus `VectorBinop`: one-to-one, many-to-one (`group_left`) or one-to-many
    /// (`group_right`) matching. For `group_right` the sides swap roles, but the operator still
    /// sees its operands in written order.
    func vectorBinop(_ op: BinaryOperator, _ lhsIn: [Sample], _ rhsIn: [Sample], _ m: VectorMatching,
                     returnBool: Bool) throws(PromQLError) -> [Sample] {
        guard !lhsIn.isEmpty, !rhsIn.isEmpty else { return [] }
        let swapped = m.cardinality == .oneToMany
        let lhs = swapped ? rhsIn : lhsIn
        let rhs = swapped ? lhsIn : rhsIn

        var rightIndexBySig: [Labels: Int] = [:]
        rightIndexBySig.reserveCapacity(rhs.count)
        for (j, rs) in rhs.enumerated() {
            let sig = signature(rs.labels, m)
            if let previous = rightIndexBySig[sig] {
                let side = swapped ? "left" : "right"
                throw executionError("found duplicate series for the match group \(sig.goString) on the \(side) hand-side of the operation: [\(rs.labels.goString), \(rhs[previous].labels.goString)];many-to-many matching not allowed: matching labels must be unique on one side")
            }
            rightIndexBySig[sig] = j
        }

        var matchedOneToOne = Set<Labels>()
        var matchedGroups: [Labels: Set<Labels>] = [:]
        var out: [Sample] = []
        for ls in lhs {
            let sig = signature(ls.labels, m)
            guard let j = rightIndexBySig[sig] else { continue }
            let rs = rhs[j]
            let (vl, vr) = swapped ? (rs.value, ls.value) : (ls.value, rs.value)
            var (value, keep) = vectorElemBinop(op, vl, vr)
            if returnBool {
                value = keep ? 1 : 0
            } else if !keep {
                continue
            }
            var metric = resultMetric(ls.labels, rs.labels, op, m)
            if returnBool { metric = metric.droppingMetricName() }
            if m.cardinality == .oneToOne {
                if !matchedOneToOne.insert(sig).inserted {
                    throw executionError("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
                }
            } else if !matchedGroups[sig, default: []].insert(metric).inserted {
                throw executionError("multiple matches for labels: grouping labels must ensure unique matches")
            }
            out.append(Sample(labels: metric, timestampMs: ls.timestampMs, value: value))
        }
        return out
    }

    /// The labels two elements are matched on (`signatureFunc`): `on(l…)` keeps only l…; otherwise
    /// everything but `ignoring(l…)` and `__name__`.
    func signature(_ labels: Labels, _ m: VectorMatching) -> Labels {
        if m.on { return labels.keeping(m.matchingLabels) }
        return Labels(sortedPairs: labels.pairs.filter {
            $0.name != Labels.metricName && !m.matchingLabels.contains($0.name)
        })
    }

    /// The labels of a result element (`resultMetric`), starting from the "many" side.
    func resultMetric(_ lhs: Labels, _ rhs: Labels, _ op: BinaryOperator, _ m: VectorMatching) -> Labels {
        var out = shouldDropMetricName(op) ? lhs.droppingMetricName() : lhs
        if m.cardinality == .oneToOne {
            out = m.on ? out.keeping(m.matchingLabels) : out.removing(m.matchingLabels)
        }
        for name in m.include {
            out = out.setting(name, to: rhs.value(of: name))
        }
        return out
    }

    // MARK: Vector and scalar

    /// Prometheus `VectorscalarBinop`. A comparison without `bool` keeps the vector's own value even
    /// when the scalar is written on the left.
    func vectorScalarBinop(_ op: BinaryOperator, _ vector: [Sample], _ scalar: Double, swap: Bool,
                           returnBool: Bool) -> [Sample] {
        var out: [Sample] = []
        out.reserveCapacity(vector.count)
        let dropName = shouldDropMetricName(op) || returnBool
        for var sample in vector {
            let (lv, rv) = swap ? (scalar, sample.value) : (sample.value, scalar)
            var (value, keep) = vectorElemBinop(op, lv, rv)
            if op.isComparison && swap { value = rv }
            if returnBool {
                value = keep ? 1 : 0
                keep = true
            }
            guard keep else { continue }
            sample.value = value
            if dropName { sample.labels = sample.labels.droppingMetricName() }
            out.append(sample)
        }
        return out
    }
}

/// Arithmetic operators drop the metric name; comparisons and `atan2` keep it
/// (`shouldDropMetricName`).
func shouldDropMetricName(_ op: BinaryOperator) -> Bool {
    switch op {
    case .add, .sub, .mul, .div, .pow, .mod: return true
    default: return false
    }
}

/// `scalar op scalar`; comparisons give 0 or 1.
func scalarBinop(_ op: BinaryOperator, _ l: Double, _ r: Double) -> Double {
    let (value, keep) = vectorElemBinop(op, l, r)
    return op.isComparison ? (keep ? 1 : 0) : value
}

/// The value of `l op r` and, for comparisons, whether the pair is kept (value = `l`).
@inline(__always)
func vectorElemBinop(_ op: BinaryOperator, _ l: Double, _ r: Double) -> (Double, Bool) {
    switch op {
    case .add: return (l + r, true)
    case .sub: return (l - r, true)
    case .mul: return (l * r, true)
    case .div: return (l / r, true)
    case .pow: return (goPow(l, r), true)
    // Go's math.Mod and C's fmod agree: exact, sign of the dividend, NaN for x%0 and ±Inf%y.
    case .mod: return (l.truncatingRemainder(dividingBy: r), true)
    case .eql: return (l, l == r)
    case .neq: return (l, l != r)
    case .gtr: return (l, l > r)
    case .lss: return (l, l < r)
    case .gte: return (l, l >= r)
    case .lte: return (l, l <= r)
    case .atan2: return (atan2(l, r), true)
    case .land, .lor, .lunless: return (l, true)
    }
}

/// Go's `math.Pow`: the same special cases, and integer exponents by repeated squaring of the
/// mantissa, so `x ^ n` for integral n gives Go's bits exactly. A fractional part goes through
/// `exp(yf·log x)` as in Go (libm's exp/log may differ from Go's in the last bit).
func goPow(_ x: Double, _ y: Double) -> Double {
    if y == 0 || x == 1 { return 1 }
    if y == 1 { return x }
    if x.isNaN || y.isNaN { return .nan }
    func isOddInt(_ v: Double) -> Bool {
        if abs(v) >= 9_007_199_254_740_992 { return false }
        let (i, f) = modf(v)
        return f == 0 && Int64(i) & 1 == 1
    }
    if x == 0 {
        if y < 0 { return (x.sign == .minus && isOddInt(y)) ? -.infinity : .infinity }
        return (x.sign == .minus && isOddInt(y)) ? x : 0
    }
    if y.isInfinite {
        if x == -1 { return 1 }
        return (abs(x) < 1) == (y > 0) ? 0 : .infinity
    }
    if x.isInfinite {
        if x < 0 { return goPow(1 / x, -y) }
        return y < 0 ? 0 : .infinity
    }
    if y == 0.5 { return x.squareRoot() }
    if y == -0.5 { return 1 / x.squareRoot() }

    var (yi, yf) = modf(abs(y))
    if yf != 0 && x < 0 { return .nan }
    if yi >= 9.223372036854775808e18 {
        if x == -1 { return 1 }
        return (abs(x) < 1) == (y > 0) ? 0 : .infinity
    }
    var a1 = 1.0
    var ae = 0
    if yf != 0 {
        if yf > 0.5 { yf -= 1; yi += 1 }
        a1 = exp(yf * log(x))
    }
    let fr = frexp(x)
    var x1 = fr.0
    var xe = fr.1
    var i = Int64(yi)
    while i != 0 {
        if xe < -(1 << 12) || (1 << 12) < xe {
            ae += xe
            break
        }
        if i & 1 == 1 { a1 *= x1; ae += xe }
        x1 *= x1
        xe <<= 1
        if x1 < 0.5 { x1 += x1; xe -= 1 }
        i >>= 1
    }
    if y < 0 { a1 = 1 / a1; ae = -ae }
    return scalbn(a1, ae)
}
