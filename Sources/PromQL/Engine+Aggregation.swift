// Aggregation operators (Prometheus engine.go `aggregation`, `generateGroupingKey`).

/// One output group of an aggregation (`groupedAggregation`).
struct AggregationGroup {
    var labels: Labels
    var value: Double
    var mean: Double
    var count: Int
    /// topk/bottomk keep a binary heap here, quantile all values.
    var heap: [Sample] = []
}

/// Finds the group of a label set without building a key per sample: the grouping labels are
/// hashed in place and compared pair by pair with the group's output labels, which are exactly
/// the grouping key (`by`: the listed labels; `without`: all but the listed ones and `__name__`).
struct GroupIndex {
    let grouping: [String]
    let without: Bool
    private var firstByHash: [Int: Int] = [:]
    /// Next group with the same hash, or -1 (collision chain).
    private var next: [Int] = []
    /// The key hash of every group, by group index.
    private var hashes: [Int] = []
    static let linearScanLimit = 16

    init(grouping: [String], without: Bool) {
        self.grouping = grouping
        self.without = without
    }

    @inline(__always)
    func isKey(_ name: String) -> Bool {
        without ? (name != Labels.metricName && !grouping.contains(name)) : grouping.contains(name)
    }

    /// The group index for `labels` among `groups`, or nil with the hash to pass to `insert`.
    func find(_ labels: Labels, in groups: [AggregationGroup]) -> (index: Int?, hash: Int) {
        if !without && grouping.isEmpty { return (groups.isEmpty ? nil : 0, 0) }
        // FNV-1a over the key's bytes: much cheaper than SipHash for a handful of short labels,
        // and collisions are resolved by `keyEquals`. Never leaves this index (no ordering use).
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for pair in labels.pairs where isKey(pair.name) {
            for byte in pair.name.utf8 { fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            fnv = (fnv ^ 0xff) &* 0x0000_0100_0000_01b3
            for byte in pair.value.utf8 { fnv = (fnv ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            fnv = (fnv ^ 0xfe) &* 0x0000_0100_0000_01b3
        }
        let hash = Int(truncatingIfNeeded: fnv)
        // Few groups (`by (le)` has a dozen): a scan of the hashes beats a dictionary lookup.
        if hashes.count <= Self.linearScanLimit {
            for i in hashes.indices where hashes[i] == hash && keyEquals(labels, groups[i].labels) {
                return (i, hash)
            }
            return (nil, hash)
        }
        var candidate = firstByHash[hash] ?? -1
        while candidate >= 0 {
            if keyEquals(labels, groups[candidate].labels) { return (candidate, hash) }
            candidate = next[candidate]
        }
        return (nil, hash)
    }

    mutating func insert(index: Int, hash: Int) {
        hashes.append(hash)
        next.append(firstByHash[hash] ?? -1)
        firstByHash[hash] = index
    }

    private func keyEquals(_ labels: Labels, _ key: Labels) -> Bool {
        var k = 0
        let keyPairs = key.pairs
        for pair in labels.pairs where isKey(pair.name) {
            guard k < keyPairs.count, keyPairs[k] == pair else { return false }
            k += 1
        }
        return k == keyPairs.count
    }

    /// The output labels of a new group.
    func groupLabels(_ labels: Labels) -> Labels {
        if !without && grouping.isEmpty { return .empty }
        return Labels(sortedPairs: labels.pairs.filter { isKey($0.name) })
    }
}

extension Evaluator {
    func evalAggregate(_ a: AggregateExpr, _ ts: Int64) throws(PromQLError) -> EvalValue {
        var param = 0.0
        var valueLabel = ""
        if a.op == .countValues {
            guard let p = a.parameter, case .string(let s) = try eval(p, ts) else {
                throw executionError("count_values needs a string parameter")
            }
            valueLabel = s
        } else if a.op.takesParameter, let p = a.parameter {
            param = try evalScalar(p, ts)
        }
        let vector = try evalVector(a.expr, ts)
        let out = try aggregate(a.op, grouping: a.grouping.sorted(), without: a.without, param: param,
                                valueLabel: valueLabel, vector, ts)
        try checkUniqueLabelSets(out)
        return .vector(out)
    }

    /// Prometheus `aggregation`: groups in order of first appearance; values combined in input order.
    func aggregate(_ op: AggregateOperator, grouping groupingIn: [String], without: Bool, param: Double,
                   valueLabel: String, _ vector: [Sample], _ ts: Int64) throws(PromQLError) -> [Sample] {
        var k = 0
        if op == .topk || op == .bottomk {
            // `convertibleToInt64`: NaN and ±Inf fail the comparisons.
            guard param >= -9.223372036854775808e18, param < 9.223372036854775808e18 else {
                throw executionError("Scalar value \(formatGoFloat(param, format: .shortest)) overflows int64")
            }
            k = Int(param.rounded(.towardZero))
            if k < 1 { return [] }
        }
        var grouping = groupingIn
        if op == .countValues {
            guard isValidLabelName(valueLabel) else {
                throw executionError("invalid label name \"\(valueLabel)\"")
            }
            if !without { grouping = (grouping + [valueLabel]).sorted() }
        }

        var index = GroupIndex(grouping: grouping, without: without)
        var groups: [AggregationGroup] = []
        for sample in vector {
            var metric = sample.labels
            if op == .countValues {
                metric = metric.setting(valueLabel, to: formatGoFloat(sample.value, format: .fixed))
            }
            let v = sample.value
            let (found, hash) = index.find(metric, in: groups)
            guard let g = found else {
                var group = AggregationGroup(labels: index.groupLabels(metric), value: v, mean: v, count: 1)
                switch op {
                case .stddev, .stdvar: group.value = 0
                case .topk, .bottomk, .quantile: group.heap = [sample]
                case .group: group.value = 1
                default: break
                }
                index.insert(index: groups.count, hash: hash)
                groups.append(group)
                continue
            }
            switch op {
            case .sum:
                groups[g].value += v
            case .avg:
                groups[g].count += 1
                let mean = groups[g].mean
                if mean.isInfinite {
                    // Once the mean is ±Inf it stays, unless an opposite Inf or a NaN arrives.
                    if v.isInfinite && (mean > 0) == (v > 0) { break }
                    if !v.isInfinite && !v.isNaN { break }
                }
                let n = Double(groups[g].count)
                groups[g].mean += v / n - mean / n
            case .group:
                break
            case .max:
                if groups[g].value < v || groups[g].value.isNaN { groups[g].value = v }
            case .min:
                if groups[g].value > v || groups[g].value.isNaN { groups[g].value = v }
            case .count, .countValues:
                groups[g].count += 1
            case .stddev, .stdvar:
                // Welford's online algorithm, without compensation in 2.42.
                groups[g].count += 1
                let delta = v - groups[g].mean
                groups[g].mean += delta / Double(groups[g].count)
                groups[g].value += delta * (v - groups[g].mean)
            case .topk, .bottomk:
                let reverse = op == .bottomk
                let top = groups[g].heap[0].value
                let better = reverse ? top > v : top < v
                if groups[g].heap.count < k || better || top.isNaN {
                    if groups[g].heap.count == k {
                        if k == 1 {
                            groups[g].heap[0] = sample
                            break
                        }
                        GoHeap.pop(&groups[g].heap, reverse: reverse)
                    }
                    GoHeap.push(&groups[g].heap, sample, reverse: reverse)
                }
            case .quantile:
                groups[g].heap.append(sample)
            }
        }

        var out: [Sample] = []
        out.reserveCapacity(groups.count)
        for var group in groups {
            switch op {
            case .avg:
                group.value = group.mean
            case .count, .countValues:
                group.value = Double(group.count)
            case .stdvar:
                group.value /= Double(group.count)
            case .stddev:
                group.value = (group.value / Double(group.count)).squareRoot()
            case .topk, .bottomk:
                GoHeap.sortDescendingByHeapOrder(&group.heap, reverse: op == .bottomk)
                for s in group.heap { out.append(Sample(labels: s.labels, timestampMs: ts, value: s.value)) }
                continue
            case .quantile:
                group.value = quantile(param, group.heap.map(\.value))
            case .sum, .min, .max, .group:
                break
            }
            out.append(Sample(labels: group.labels, timestampMs: ts, value: group.value))
        }
        return out
    }
}

/// Go's `container/heap` over samples with Prometheus' orderings (`vectorByValueHeap`, and
/// `vectorByReverseValueHeap` when `reverse`), reproduced step for step because which of several
/// equal values survives in topk/bottomk depends on the exact swaps.
enum GoHeap {
    @inline(__always)
    static func less(_ h: [Sample], _ i: Int, _ j: Int, reverse: Bool) -> Bool {
        if h[i].value.isNaN { return true }
        return reverse ? h[i].value > h[j].value : h[i].value < h[j].value
    }

    static func push(_ h: inout [Sample], _ s: Sample, reverse: Bool) {
        h.append(s)
        var j = h.count - 1
        while true {
            let i = (j - 1) / 2
            if i == j || !less(h, j, i, reverse: reverse) { break }
            h.swapAt(i, j)
            j = i
        }
    }

    static func pop(_ h: inout [Sample], reverse: Bool) {
        let n = h.count - 1
        h.swapAt(0, n)
        var i = 0
        while true {
            let j1 = 2 * i + 1
            if j1 >= n { break }
            var j = j1
            let j2 = j1 + 1
            if j2 < n && less(h, j2, j1, reverse: reverse) { j = j2 }
            if !less(h, j, i, reverse: reverse) { break }
            h.swapAt(i, j)
            i = j
        }
        h.removeLast()
    }

    /// `sort.Sort(sort.Reverse(heap))`: descending by the heap's order, NaN last, with Go's
    /// pdqsort deciding the order of equal values.
    static func sortDescendingByHeapOrder(_ h: inout [Sample], reverse: Bool) {
        GoSort.sort(&h) { a, b in
            // sort.Reverse swaps the arguments of the heap's Less.
            if b.value.isNaN { return true }
            return reverse ? b.value > a.value : b.value < a.value
        }
    }
}

/// Prometheus' label name rule (`model.LabelName.IsValid`): `[a-zA-Z_][a-zA-Z0-9_]*`.
func isValidLabelName(_ name: String) -> Bool {
    guard let first = name.utf8.first else { return false }
    func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 }
    guard isLetter(first) else { return false }
    return name.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) }
}
