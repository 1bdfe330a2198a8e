/// Where an object and each of its fields were written, so that validation can point at the
/// offending value long after decoding. Keys are the YAML field names (`maxSurge`, `steps`).
public struct FieldLocations: Sendable {
    /// The location of the object itself (its mapping node).
    public var object: SourceLocation
    private var values: [String: SourceLocation]

    public init(object: SourceLocation, values: [String: SourceLocation] = [:]) {
        self.object = object
        self.values = values
    }

    /// Records where each field's value of a mapping node starts.
    public init(_ node: YAMLNode) {
        self.object = node.location
        var values: [String: SourceLocation] = [:]
        for pair in node.mappingPairs ?? [] where values[pair.key] == nil {
            values[pair.key] = pair.value.location
        }
        self.values = values
    }

    /// The location of a field's value, or of the object when the field is not written.
    public subscript(_ key: String) -> SourceLocation { values[key] ?? object }

    /// Whether the field was written at all.
    public func has(_ key: String) -> Bool { values[key] != nil }
}

/// A string-to-string map (labels, annotations, selectors, secret data) kept sorted by key, so that
/// iterating it is deterministic: dictionary order never reaches output (DESIGN principle 3).
public struct StringMap: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// Entries sorted by key; each key once (the last written wins, as JSON decoding does).
    public private(set) var entries: [Entry]

    public init(_ pairs: [(key: String, value: String)] = []) {
        var latest: [String: String] = [:]
        for pair in pairs { latest[pair.key] = pair.value }
        entries = latest.map { Entry(key: $0.key, value: $0.value) }.sorted { $0.key < $1.key }
    }

    public subscript(_ key: String) -> String? { entries.first { $0.key == key }?.value }
    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
    public var keys: [String] { entries.map(\.key) }
}
