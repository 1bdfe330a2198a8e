/// Reads the fields of one YAML mapping and remembers which were read, so that `finish` can report
/// every field nobody asked for. Each decoder of an object makes one, reads its fields, then calls
/// `finish`. A missing mapping (the node is not a mapping) is reported once and every read returns nil.
///
///     let fields = FieldReader(node, path: "spec.strategy.canary", sink: sink)
///     let steps = fields.sequence("steps")
///     fields.finish(unknownFields: .warning)
public final class FieldReader {
    public let node: YAMLNode
    /// Dotted path of the object, used in messages ("unknown field 'stepz' in spec.strategy.canary").
    public let path: String
    public let sink: DiagnosticSink
    private var read: Set<String> = []
    private let pairs: [YAMLPair]

    public init(_ node: YAMLNode, path: String, sink: DiagnosticSink) {
        self.node = node
        self.path = path
        self.sink = sink
        if let pairs = node.mappingPairs {
            self.pairs = pairs
        } else {
            self.pairs = []
            if !node.isNull {
                sink.error(node.location, "\(path.isEmpty ? "document" : path) must be a mapping, got \(node.kindDescription)", expected: "key: value pairs")
            }
        }
    }

    public var isMapping: Bool { node.mappingPairs != nil }

    /// The dotted path of a child field.
    public func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw node of a field, marking it read. A null value counts as absent.
    public func node(_ key: String) -> YAMLNode? {
        read.insert(key)
        guard let value = pairs.first(where: { $0.key == key })?.value, !value.isNull else { return nil }
        return value
    }

    /// Whether the field is written at all (even as null).
    public func has(_ key: String) -> Bool { pairs.contains { $0.key == key } }

    /// The value of a required field; reports it missing at the mapping's location.
    public func required(_ key: String, expected: String) -> YAMLNode? {
        guard let value = node(key) else {
            if isMapping {
                sink.error(node.location, "missing required field '\(key)' in \(path.isEmpty ? "document" : path)", expected: expected)
            }
            return nil
        }
        return value
    }

    public func string(_ key: String) -> String? { node(key).flatMap { ScalarDecoder.string($0, path: childPath(key), sink: sink) } }
    public func int(_ key: String) -> Int? { node(key).flatMap { ScalarDecoder.int($0, path: childPath(key), sink: sink) } }
    public func int64(_ key: String) -> Int64? { int(key).map(Int64.init) }
    public func bool(_ key: String) -> Bool? { node(key).flatMap { ScalarDecoder.bool($0, path: childPath(key), sink: sink) } }
    public func double(_ key: String) -> Double? { node(key).flatMap { ScalarDecoder.double($0, path: childPath(key), sink: sink) } }
    public func duration(_ key: String) -> SimDuration? { node(key).flatMap { ScalarDecoder.duration($0, path: childPath(key), sink: sink) } }

    /// A mapping field read through its own reader.
    public func object(_ key: String) -> FieldReader? {
        node(key).map { FieldReader($0, path: childPath(key), sink: sink) }
    }

    /// The items of a list field; reports a non-list.
    public func sequence(_ key: String) -> [YAMLNode]? {
        guard let value = node(key) else { return nil }
        guard let items = value.sequenceItems else {
            sink.error(value.location, "\(childPath(key)) must be a list, got \(value.kindDescription)", expected: "a list")
            return nil
        }
        return items
    }

    public func stringList(_ key: String) -> [String]? {
        sequence(key)?.enumerated().compactMap { index, item in
            ScalarDecoder.string(item, path: "\(childPath(key))[\(index)]", sink: sink)
        }
    }

    /// A mapping of string to string (labels, annotations, secret data).
    public func stringMap(_ key: String) -> [(key: String, value: String)]? {
        guard let value = node(key) else { return nil }
        guard let pairs = value.mappingPairs else {
            sink.error(value.location, "\(childPath(key)) must be a mapping, got \(value.kindDescription)", expected: "key: value pairs")
            return nil
        }
        return pairs.compactMap { pair in
            ScalarDecoder.string(pair.value, path: "\(childPath(key)).\(pair.key)", sink: sink).map { (pair.key, $0) }
        }
    }

    /// Marks fields as known without reading them (kept verbatim or deliberately ignored).
    public func ignore(_ keys: String...) { read.formUnion(keys) }

    /// Every field present, in source order.
    public var keys: [String] { pairs.map(\.key) }

    public enum UnknownFieldPolicy {
        /// Kubernetes objects: `kubectl apply` warns about unknown fields and carries on.
        case warning
        /// Scenario files: our own format, so a typo is an error.
        case error
    }

    /// Reports every field that was not read, with a did-you-mean suggestion among `known`
    /// (by default the fields that were read).
    public func finish(unknownFields policy: UnknownFieldPolicy, known: [String]? = nil) {
        let candidates = (known ?? Array(read)).sorted()
        for pair in pairs where !read.contains(pair.key) {
            var expected = "one of: " + candidates.joined(separator: ", ")
            if let suggestion = closestMatch(to: pair.key, among: candidates) {
                expected += "; did you mean '\(suggestion)'?"
            }
            let message = "unknown field '\(pair.key)' in \(path.isEmpty ? "document" : path)"
            switch policy {
            case .warning: sink.warning(pair.keyLocation, message, expected: expected)
            case .error: sink.error(pair.keyLocation, message, expected: expected)
            }
        }
    }
}

/// The closest candidate by edit distance, if it is close enough to be a plausible typo.
func closestMatch(to word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(word.lowercased(), candidate.lowercased())
        if distance <= max(2, word.count / 3), distance < (best?.1 ?? .max) {
            best = (candidate, distance)
        }
    }
    return best?.0
}

/// Levenshtein distance over Unicode scalars.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
