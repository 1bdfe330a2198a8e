/// One label pair.
public struct Label: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A label set, always sorted by name with unique names (Prometheus `labels.Labels`).
/// Ordering between sets compares pair by pair, name then value; a prefix sorts first.
public struct Labels: Sendable, Hashable, Comparable {
    public static let metricName = "__name__"

    public private(set) var pairs: [Label]

    /// Sorts the pairs by name; for a repeated name the last one wins. Empty values are dropped,
    /// because in Prometheus a label with an empty value is the same as no label.
    public init(_ pairs: [Label]) {
        var byName: [String: String] = [:]
        for pair in pairs { byName[pair.name] = pair.value }
        self.pairs = byName.filter { !$0.value.isEmpty }
            .map { Label(name: $0.key, value: $0.value) }
            .sorted { $0.name < $1.name }
    }

    /// Wraps pairs that are already sorted by name, unique and free of empty values, without
    /// re-sorting them: the evaluator's hot paths (dropping `__name__`, keeping grouping labels)
    /// build label sets this way. Checked in debug builds only.
    public init(sortedPairs: [Label]) {
        assert(zip(sortedPairs, sortedPairs.dropFirst()).allSatisfy { $0.name < $1.name }
            && sortedPairs.allSatisfy { !$0.value.isEmpty }, "pairs must be sorted, unique and non-empty")
        self.pairs = sortedPairs
    }

    public init(_ dictionaryLiteral: KeyValuePairs<String, String>) {
        self.init(dictionaryLiteral.map { Label(name: $0.key, value: $0.value) })
    }

    public static let empty = Labels([Label]())

    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    public var metricName: String? { self[Labels.metricName] }

    public var isEmpty: Bool { pairs.isEmpty }

    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        for (l, r) in zip(lhs.pairs, rhs.pairs) {
            if l.name != r.name { return l.name < r.name }
            if l.value != r.value { return l.value < r.value }
        }
        return lhs.pairs.count < rhs.pairs.count
    }

    /// `{a="1", b="2"}` with the metric name in front when present, as Prometheus prints a series.
    public var description: String {
        var inner: [String] = []
        for pair in pairs where pair.name != Labels.metricName {
            inner.append("\(pair.name)=\(quotedLabelValue(pair.value))")
        }
        let body = "{" + inner.joined(separator: ", ") + "}"
        if let name = metricName {
            return inner.isEmpty ? name : name + body
        }
        return body
    }
}

/// Go's `strconv.Quote` for the characters that occur in label values.
func quotedLabelValue(_ value: String) -> String {
    var out = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
