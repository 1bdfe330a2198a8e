// The one error type of the PromQL module, for parse/type errors and for evaluation errors.
// Prometheus keeps a byte `PositionRange` on every parse error and works out `line:col` only when
// the error is printed (`ParseErr.Error`, promql/parser/parse.go); we do the same.

/// An error from parsing, type checking or evaluating a PromQL query.
///
/// Parse errors (`kind == .parse`, HTTP `bad_data`) carry the byte range of the offending text;
/// evaluation errors (`kind == .execution`) usually have no position.
///
///     let error = PromQLError.parse("unexpected end of input", at: PositionRange(start: 2, end: 2))
///     error.rendered(query: "1+")   // "1:3: parse error: unexpected end of input"
public struct PromQLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The two error classes of Prometheus' HTTP API; raw values are its `errorType`s.
    public enum Kind: String, Sendable, Hashable {
        /// A query that does not parse or type-check (`bad_data`, HTTP 400).
        case parse = "bad_data"
        /// A query that fails while being evaluated (`execution`, HTTP 422).
        case execution = "execution"
    }

    public var kind: Kind
    /// The message without position, e.g. `unexpected <op:+> in aggregation`.
    public var message: String
    /// Byte offsets into the query text; nil when the error is not tied to a place.
    public var position: PositionRange?

    public init(kind: Kind, message: String, position: PositionRange? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
    }

    /// A parse or type error at `position`.
    public static func parse(_ message: String, at position: PositionRange) -> PromQLError {
        PromQLError(kind: .parse, message: message, position: position)
    }

    /// An evaluation error (matching conflicts, duplicate label sets, ...).
    public static func execution(_ message: String) -> PromQLError {
        PromQLError(kind: .execution, message: message, position: nil)
    }

    /// The error as Prometheus prints it for `query`: `1:5: parse error: unexpected ...` for parse
    /// errors, the bare message for evaluation errors and for parse-kind errors without a position.
    ///
    /// Prometheus: `ParseErr.Error` (promql/parser/parse.go). The line counts the newlines before
    /// the start offset; the column is the byte distance from the last newline (1-based).
    public func rendered(query: String) -> String {
        switch kind {
        case .execution:
            return message
        case .parse:
            // Errors of kind parse without a place (bad query parameters) print bare, as the API does.
            guard let position else { return message }
            return Self.lineColumn(of: position.start, in: query) + " parse error: " + message
        }
    }

    /// The 1-based line and column (in bytes) where the error starts in `query`, as `rendered`
    /// prints them; nil without a position or when it lies outside the text. Callers that embed a
    /// query in a larger file (a YAML manifest) add these to the query's own location.
    public func location(in query: String) -> (line: Int, column: Int)? {
        guard let position else { return nil }
        return Self.location(of: position.start, in: query)
    }

    static func location(of offset: Int, in query: String) -> (line: Int, column: Int)? {
        let bytes = Array(query.utf8)
        guard offset >= 0, offset <= bytes.count else { return nil }
        var line = 1
        var lastLineBreak = -1
        for index in 0..<offset where bytes[index] == UInt8(ascii: "\n") {
            lastLineBreak = index
            line += 1
        }
        return (line, offset - lastLineBreak)
    }

    /// `line:col:` for a byte offset, or `invalid position:` when it lies outside the text.
    static func lineColumn(of offset: Int, in query: String) -> String {
        guard let (line, column) = location(of: offset, in: query) else { return "invalid position:" }
        return "\(line):\(column):"
    }

    /// The message with its kind, for logs; use `rendered(query:)` to show a position.
    public var description: String {
        switch kind {
        case .parse: return "parse error: " + message
        case .execution: return message
        }
    }
}
