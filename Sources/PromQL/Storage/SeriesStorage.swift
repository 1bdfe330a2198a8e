// In-memory sample storage for the evaluator: one record per series (labels plus two contiguous
// arrays, timestamps and values) and a postings index (label name → value → series ids) so that a
// selector never scans every series.

/// A dense handle to a series in one `SeriesStorage`; valid until `clear()`.
public struct SeriesID: Hashable, Sendable {
    public let rawValue: Int32
    init(_ rawValue: Int32) { self.rawValue = rawValue }
}

/// The samples of every series, appended in time order per series.
///
/// Reference semantics: it is one big mutable store that the simulator fills while an `Engine`
/// reads it. Not thread-safe; use it from one task at a time.
public final class SeriesStorage {
    struct Record {
        let labels: Labels
        /// `labels` without `__name__`, computed once: range functions and arithmetic drop the name
        /// of every input series, and this avoids one allocation per series per query.
        let labelsWithoutName: Labels
        var times: [Int64] = []
        var values: [Double] = []
        /// Number of staleness markers stored; zero lets range selection hand out array slices as is.
        var staleCount = 0
    }

    private(set) var records: [Record] = []
    private var idsByLabels: [Labels: Int32] = [:]
    /// Label name → label value → ids of the series carrying that pair, ascending.
    private var postings: [String: [String: [Int32]]] = [:]
    /// Selections by matcher list; emptied whenever a series is created, because only a new
    /// series can change which series a matcher list selects.
    private var selectionCache: [String: [Int32]] = [:]

    public init() {}

    /// Number of series stored.
    public var seriesCount: Int { records.count }

    /// Number of samples stored, staleness markers included.
    public var sampleCount: Int { records.reduce(0) { $0 + $1.times.count } }

    /// Removes every series and sample.
    public func clear() {
        records.removeAll()
        idsByLabels.removeAll()
        postings.removeAll()
        selectionCache.removeAll()
    }

    /// The id of the series with exactly these labels, creating the series when it is new.
    /// - Complexity: O(number of labels) amortized.
    public func seriesID(for labels: Labels) -> SeriesID {
        if let id = idsByLabels[labels] { return SeriesID(id) }
        let id = Int32(records.count)
        var withoutName: [Label] = []
        withoutName.reserveCapacity(labels.pairs.count)
        for pair in labels.pairs where pair.name != Labels.metricName { withoutName.append(pair) }
        records.append(Record(labels: labels, labelsWithoutName: Labels(sortedPairs: withoutName)))
        idsByLabels[labels] = id
        for pair in labels.pairs {
            postings[pair.name, default: [:]][pair.value, default: []].append(id)
        }
        selectionCache.removeAll(keepingCapacity: true)
        return SeriesID(id)
    }

    /// Appends one sample to the series with these labels (created on first use).
    ///
    /// Samples of one series must arrive in increasing time; a sample not later than the series'
    /// last one is ignored, as Prometheus rejects out-of-order and duplicate samples.
    /// `PromQLConstants.staleNaN` appends a staleness marker.
    /// - Complexity: O(number of labels) amortized (one hash lookup).
    public func append(_ labels: Labels, timestampMs: Int64, value: Double) {
        append(seriesID(for: labels), timestampMs: timestampMs, value: value)
    }

    /// Appends one sample to a series already known by its id: the fastest path.
    /// - Complexity: O(1) amortized.
    public func append(_ id: SeriesID, timestampMs: Int64, value: Double) {
        let index = Int(id.rawValue)
        if let last = records[index].times.last, timestampMs <= last { return }
        records[index].times.append(timestampMs)
        records[index].values.append(value)
        if PromQLConstants.isStaleNaN(value) { records[index].staleCount += 1 }
    }

    /// The labels of a stored series.
    public func labels(of id: SeriesID) -> Labels { records[Int(id.rawValue)].labels }

    /// Every stored label set, sorted (for tools and tests; not a hot path).
    public var sortedSeriesLabels: [Labels] { records.map(\.labels).sorted() }
}

extension SeriesStorage {
    /// Ids of the series that satisfy every matcher, through the postings index, ordered by
    /// their label sets.
    ///
    /// Matchers that reject the empty string each give a candidate list (a union over the label's
    /// values for regexes); the lists are intersected. Matchers that accept the empty string (such
    /// as `code!~"5.."`) then remove the series whose value for that label fails them; series
    /// without the label pass, as in Prometheus. Regexes run once per distinct label value.
    /// - Complexity: O(distinct values of the matched labels + selected series), then O(1) for a
    ///   repeated matcher list until a new series is created.
    func select(_ matchers: [LabelMatcher]) -> [Int32] {
        var key = ""
        for m in matchers {
            key += m.name
            key += m.type.rawValue
            key += m.value
            key += "\u{0}"
        }
        if let cached = selectionCache[key] { return cached }
        var result = selectUncached(matchers)
        // Series order decides float summation order. Label order, not creation order, makes
        // sums independent of when series were first scraped (STYLE §6) and reproduces the
        // reference oracle, which loads series sorted by labels.
        result.sort { records[Int($0)].labels < records[Int($1)].labels }
        selectionCache[key] = result
        return result
    }

    private func selectUncached(_ matchers: [LabelMatcher]) -> [Int32] {
        var candidates: [Int32]? = nil
        for m in matchers where !m.matchesEmpty {
            let ids = idsMatching(m)
            candidates = candidates.map { intersectSorted($0, ids) } ?? ids
            if candidates!.isEmpty { return [] }
        }
        var result = candidates ?? (0..<Int32(records.count)).map { $0 }
        for m in matchers where m.matchesEmpty {
            guard let values = postings[m.name] else { continue }
            var excluded = Set<Int32>()
            for (value, ids) in values where !m.matches(value) {
                excluded.formUnion(ids)
            }
            if !excluded.isEmpty { result.removeAll { excluded.contains($0) } }
        }
        return result
    }

    /// Ids of the series whose value for the matcher's label satisfies it (the label must exist).
    private func idsMatching(_ m: LabelMatcher) -> [Int32] {
        guard let values = postings[m.name] else { return [] }
        if m.type == .equal { return values[m.value] ?? [] }
        var lists: [[Int32]] = []
        for (value, ids) in values where m.matches(value) { lists.append(ids) }
        if lists.count <= 1 { return lists.first ?? [] }
        return lists.joined().sorted()
    }
}

/// The intersection of two ascending id lists.
func intersectSorted(_ a: [Int32], _ b: [Int32]) -> [Int32] {
    var out: [Int32] = []
    out.reserveCapacity(min(a.count, b.count))
    var i = 0, j = 0
    while i < a.count && j < b.count {
        if a[i] == b[j] { out.append(a[i]); i += 1; j += 1 } else if a[i] < b[j] { i += 1 } else { j += 1 }
    }
    return out
}
