import Foundation

/// A label matcher of a selector (`labels.Matcher`). Regular expressions are fully anchored, as
/// Prometheus anchors them (`^(?:re)$`), and compiled once when the matcher is made.
public struct LabelMatcher: Sendable, Equatable {
    public enum MatchType: String, Sendable, Hashable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let name: String
    public let type: MatchType
    public let value: String
    private let regex: AnchoredRegex?

    /// Throws `LabelMatcherError` when the pattern of a regex matcher does not compile.
    public init(name: String, type: MatchType, value: String) throws(LabelMatcherError) {
        self.name = name
        self.type = type
        self.value = value
        switch type {
        case .equal, .notEqual:
            regex = nil
        case .regexMatch, .regexNoMatch:
            regex = try AnchoredRegex(pattern: value)
        }
    }

    /// Whether a label value (empty when the label is absent) satisfies the matcher.
    public func matches(_ labelValue: String) -> Bool {
        switch type {
        case .equal: return labelValue == value
        case .notEqual: return labelValue != value
        case .regexMatch: return regex!.matches(labelValue)
        case .regexNoMatch: return !regex!.matches(labelValue)
        }
    }

    /// True when the matcher accepts the empty string, i.e. also selects series lacking the label.
    public var matchesEmpty: Bool { matches("") }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.name == rhs.name && lhs.type == rhs.type && lhs.value == rhs.value
    }
}

public struct LabelMatcherError: Error, Sendable, Equatable {
    public var message: String
}

/// A regular expression matched against a whole string.
struct AnchoredRegex: @unchecked Sendable {
    // NSRegularExpression is immutable and documented thread-safe for matching.
    private let expression: NSRegularExpression

    init(pattern: String) throws(LabelMatcherError) {
        do {
            // (?s): in Prometheus `.` matches newlines too.
            expression = try NSRegularExpression(pattern: "^(?s:" + pattern + ")$")
        } catch {
            throw LabelMatcherError(message: "error parsing regexp: invalid regular expression `\(pattern)`")
        }
    }

    func matches(_ text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [.anchored], range: range) != nil
    }
}
