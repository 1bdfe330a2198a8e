// Label-set operations the evaluator needs (Prometheus `labels.Builder` Del/Keep/Set).

extension Labels {
    /// The set without `__name__` (`dropMetricName`).
    func droppingMetricName() -> Labels {
        guard pairs.contains(where: { $0.name == Labels.metricName }) else { return self }
        return Labels(sortedPairs: pairs.filter { $0.name != Labels.metricName })
    }

    /// The set without the given names.
    func removing(_ names: [String]) -> Labels {
        guard !names.isEmpty else { return self }
        return Labels(sortedPairs: pairs.filter { !names.contains($0.name) })
    }

    /// Only the pairs whose names are listed (`Builder.Keep`).
    func keeping(_ names: [String]) -> Labels {
        Labels(sortedPairs: pairs.filter { names.contains($0.name) })
    }

    /// The set with `name` set to `value`; an empty value deletes the label.
    func setting(_ name: String, to value: String) -> Labels {
        var out = pairs.filter { $0.name != name }
        if !value.isEmpty {
            let index = out.firstIndex { $0.name > name } ?? out.count
            out.insert(Label(name: name, value: value), at: index)
        }
        return Labels(sortedPairs: out)
    }

    /// The value of a label, or "" when it is missing (Prometheus `Labels.Get`).
    @inline(__always)
    func value(of name: String) -> String {
        for pair in pairs where pair.name == name { return pair.value }
        return ""
    }

    /// Go's `labels.Labels.String()`: `{a="1", b="2"}` with `__name__` as an ordinary pair; used in
    /// error messages.
    public var goString: String {
        "{" + pairs.map { "\($0.name)=\(quotedLabelValue($0.value))" }.joined(separator: ", ") + "}"
    }
}
