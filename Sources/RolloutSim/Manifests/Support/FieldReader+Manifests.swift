/// Readers for the value shapes Kubernetes and Argo use beyond the plain scalars of `FieldReader`.
extension FieldReader {
    /// Where the object and each of its fields start.
    var locations: FieldLocations { FieldLocations(node) }

    /// A Go `int32` field: an unquoted integer that fits in 32 bits (a larger value fails JSON
    /// decoding upstream, so the object is refused).
    func int32(_ key: String) -> Int? {
        guard let value = node(key) else { return nil }
        return Self.int32(value, path: childPath(key), sink: sink)
    }

    static func int32(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> Int? {
        guard let text = node.scalar, !node.isQuoted, let parsed = ScalarDecoder.parseInt(text) else {
            if let text = node.scalar, !node.isQuoted, ScalarDecoder.parseInt(text) == nil,
               text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" }), !text.isEmpty {
                sink.error(node.location, "\(path) is out of range: \(text)", expected: "an integer between -2147483648 and 2147483647")
                return nil
            }
            sink.error(node.location, "\(path) must be an integer, got \(node.kindDescription)", expected: "an integer")
            return nil
        }
        guard parsed >= Int(Int32.min), parsed <= Int(Int32.max) else {
            sink.error(node.location, "\(path) is out of range: \(text)", expected: "an integer between -2147483648 and 2147483647")
            return nil
        }
        return parsed
    }

    /// A Go `int64` field; an integer that does not fit is reported as out of range.
    func int64Field(_ key: String) -> Int? {
        guard let value = node(key) else { return nil }
        if let text = value.scalar, !value.isQuoted, !text.isEmpty, ScalarDecoder.parseInt(text) == nil,
           text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" }) {
            sink.error(value.location, "\(childPath(key)) is out of range: \(text)", expected: "a 64-bit integer")
            return nil
        }
        return ScalarDecoder.int(value, path: childPath(key), sink: sink)
    }

    /// An `intstr.IntOrString`: an unquoted integer is an int, anything else scalar a string.
    func intOrString(_ key: String) -> IntOrString? {
        guard let value = node(key) else { return nil }
        return Self.intOrString(value, path: childPath(key), sink: sink)
    }

    static func intOrString(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> IntOrString? {
        guard let text = node.scalar else {
            sink.error(node.location, "\(path) must be an integer or a string, got \(node.kindDescription)", expected: "an integer or a string such as \"25%\"")
            return nil
        }
        if node.isQuoted || node.tag == "tag:yaml.org,2002:str" { return .string(text) }
        if let value = ScalarDecoder.parseInt(text) {
            guard value >= Int(Int32.min), value <= Int(Int32.max) else {
                sink.error(node.location, "\(path) is out of range: \(text)", expected: "an integer between -2147483648 and 2147483647")
                return nil
            }
            return .int(value)
        }
        if text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" }), !text.isEmpty {
            sink.error(node.location, "\(path) is out of range: \(text)", expected: "an integer between -2147483648 and 2147483647")
            return nil
        }
        // An unquoted float or bool is not a string in JSON: decoding IntOrString fails upstream.
        if ScalarDecoder.parseDouble(text) != nil || ["true", "false", "True", "False", "TRUE", "FALSE"].contains(text) {
            sink.error(node.location, "\(path) must be an integer or a string, got \(node.kindDescription)", expected: "an integer or a string such as \"25%\"")
            return nil
        }
        return .string(text)
    }

    /// A string field that Go reads into `string`: YAML numbers and booleans are refused, as
    /// JSON decoding of a number into a string fails. Quoted text is always accepted.
    func text(_ key: String) -> String? {
        guard let value = node(key) else { return nil }
        return Self.text(value, path: childPath(key), sink: sink)
    }

    static func text(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> String? {
        guard let text = node.scalar else {
            sink.error(node.location, "\(path) must be a string, got \(node.kindDescription)", expected: "a string")
            return nil
        }
        return text
    }

    /// A list of mappings, each decoded by `decode` with its own reader (path `key[i]`).
    func objects<T>(_ key: String, _ decode: (FieldReader, Int) -> T?) -> [T]? {
        guard let items = sequence(key) else { return nil }
        return items.enumerated().compactMap { index, item in
            let reader = FieldReader(item, path: "\(childPath(key))[\(index)]", sink: sink)
            guard reader.isMapping else { return nil }
            return decode(reader, index)
        }
    }

    /// A mapping field decoded by `decode` with its own reader; nil when absent or not a mapping.
    func decodeObject<T>(_ key: String, _ decode: (FieldReader) -> T?) -> T? {
        guard let reader = object(key), reader.isMapping else { return nil }
        return decode(reader)
    }

    /// Where each item of a list field starts (for pointing at one entry of `ingresses`).
    func itemLocations(_ key: String) -> [SourceLocation] {
        node.mappingPairs?.first { $0.key == key }?.value.sequenceItems?.map(\.location) ?? []
    }

    /// A string map field as a sorted `StringMap`.
    func labels(_ key: String) -> StringMap? { stringMap(key).map { StringMap($0) } }

    /// A mapping whose values are kept as raw nodes (plugin configurations), in source order.
    func opaqueEntries(_ key: String) -> [OpaqueObject]? {
        guard let value = node(key) else { return nil }
        guard let pairs = value.mappingPairs else {
            sink.error(value.location, "\(childPath(key)) must be a mapping, got \(value.kindDescription)", expected: "key: value pairs")
            return nil
        }
        return pairs.map { OpaqueObject(name: $0.key, node: $0.value, location: $0.keyLocation) }
    }
}

/// A part of a manifest kept verbatim because the simulator does not model it (a traffic provider
/// or metric provider we do not simulate, a plugin's configuration). Never dropped: reports list it.
public struct OpaqueObject: Sendable {
    /// The field name it was written under (`ambassador`, `datadog`, `argoproj-labs/gatewayAPI`).
    public var name: String
    public var node: YAMLNode
    public var location: SourceLocation
}
