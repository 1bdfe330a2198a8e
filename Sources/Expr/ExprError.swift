/// A half-open range of UTF-8 byte offsets into the expression source.
struct SourceRange: Sendable, Equatable {
    var start: Int
    var end: Int

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// A compile or evaluation error of an expression, with the place it happened.
///
/// `reason` carries what went wrong as data; `message` is expr-lang's own text for it ("unknown name
/// invalidVariable", "index out of range: 0 (array length is 0)"), which is what Argo stores:
/// `EvalCondition` strips expr's location decoration.
/// `description` adds our `LINE:COLUMN:` prefix for people reading the simulator's output.
public struct ExprError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Stage: Sendable, Equatable {
        /// Lexing, parsing or type checking: the condition can never run.
        case compile
        /// Raised while running against a particular `result`.
        case evaluation
    }

    public let stage: Stage
    public let reason: Reason
    /// expr-lang's text for ``reason``.
    public var message: String { reason.message }
    /// UTF-8 byte offset of the start of the offending token or node.
    public let offset: Int
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in Unicode scalars as expr-lang's `file.Error.Bind` counts runes.
    public let column: Int

    init(_ stage: Stage, _ reason: Reason, at range: SourceRange, in source: String) {
        self.stage = stage
        self.reason = reason
        let offset = max(0, min(range.start, source.utf8.count))
        self.offset = offset
        var line = 1
        var column = 1
        var byteIndex = 0
        for scalar in source.unicodeScalars {
            if byteIndex >= offset { break }
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            byteIndex += scalar.utf8.count
        }
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// An error raised before the source text is known to the raiser (parser internals, evaluator),
/// turned into an ``ExprError`` with line and column by the caller that owns the source.
struct RawError: Error {
    let reason: ExprError.Reason
    let range: SourceRange

    init(_ reason: ExprError.Reason, _ range: SourceRange) {
        self.reason = reason
        self.range = range
    }
}
