/// Turns YAML scalars into typed values, reporting a positioned diagnostic instead of failing.
public enum ScalarDecoder {
    public static func string(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> String? {
        guard let text = node.scalar else {
            sink.error(node.location, "\(path) must be a string, got \(node.kindDescription)", expected: "a string")
            return nil
        }
        return text
    }

    public static func int(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> Int? {
        guard let text = node.scalar, !node.isQuoted, let value = parseInt(text) else {
            sink.error(node.location, "\(path) must be an integer, got \(node.kindDescription)", expected: "an integer")
            return nil
        }
        return value
    }

    public static func bool(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> Bool? {
        // YAML 1.2 core schema, as Kubernetes reads manifests: only true/false.
        switch node.isQuoted ? nil : node.scalar {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default:
            sink.error(node.location, "\(path) must be true or false, got \(node.kindDescription)", expected: "true or false")
            return nil
        }
    }

    public static func double(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> Double? {
        guard let text = node.scalar, !node.isQuoted, let value = parseDouble(text) else {
            sink.error(node.location, "\(path) must be a number, got \(node.kindDescription)", expected: "a number")
            return nil
        }
        return value
    }

    public static func duration(_ node: YAMLNode, path: String, sink: DiagnosticSink) -> SimDuration? {
        guard let text = node.scalar else {
            sink.error(node.location, "\(path) must be a duration, got \(node.kindDescription)", expected: SimDuration.expectedForm)
            return nil
        }
        do {
            return try SimDuration.parse(text)
        } catch {
            sink.error(node.location, "\(path): \(error.message)", expected: SimDuration.expectedForm)
            return nil
        }
    }

    /// A decimal integer that fits in `Int`; `+5` and `-5` allowed, `5.0` and `0x5` not.
    static func parseInt(_ text: String) -> Int? {
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || $0 == "-" || $0 == "+" }) else { return nil }
        return Int(text)
    }

    /// A finite or infinite decimal number (`.inf`, `-.inf` and `.nan` as YAML writes them).
    static func parseDouble(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default:
            guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || "+-.eE".unicodeScalars.contains($0) }) else { return nil }
            return Double(text)
        }
    }
}
