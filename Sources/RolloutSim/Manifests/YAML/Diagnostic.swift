/// One problem found in the input, printed as `FILE:LINE:COLUMN: message (expected …)`.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// What would have been accepted; printed in parentheses after the message.
    public var expected: String?

    public init(_ severity: Severity, at location: SourceLocation, _ message: String, expected: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.expected = expected
    }

    public var description: String {
        let prefix = severity == .warning ? "warning: " : ""
        let suffix = expected.map { " (expected \($0))" } ?? ""
        return "\(location): \(prefix)\(message)\(suffix)"
    }

    /// Sorted by place, so a report reads top to bottom whatever order the checks ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.message != rhs.message { return lhs.message < rhs.message }
        return (lhs.expected ?? "") < (rhs.expected ?? "")
    }
}

/// Collects diagnostics while a file is read, so that every problem is reported at once rather
/// than only the first. A reference type because every decoder of a file appends to the same list.
public final class DiagnosticSink {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public func error(_ location: SourceLocation, _ message: String, expected: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, expected: expected))
    }

    public func warning(_ location: SourceLocation, _ message: String, expected: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, expected: expected))
    }

    public func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public func append(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var sorted: [Diagnostic] { diagnostics.sorted() }
}
