// Tokens of the PromQL lexer, with the names and descriptions Prometheus prints in errors.
// Prometheus: `ItemType`, `Item.String`, `Item.desc` (promql/parser/lex.go).

/// The kind of a token (`parser.ItemType`).
enum TokenKind: Sendable, Hashable {
    // Punctuation and literals.
    case eql, blank, colon, comma, comment, duration, eof, error, identifier
    case leftBrace, leftBracket, leftParen, metricIdentifier, number
    case rightBrace, rightBracket, rightParen, semicolon, space, string, times
    // Operators.
    case add, div, eqlc, eqlRegex, gte, gtr, land, lor, lss, lte, lunless
    case mod, mul, neq, neqRegex, pow, sub, at, atan2
    // Aggregators.
    case avg, bottomk, count, countValues, group, max, min, quantile, stddev, stdvar, sum, topk
    // Keywords.
    case bool, by, groupLeft, groupRight, ignoring, offset, on, without
    // `@` preprocessors.
    case start, end

    /// Words the lexer turns into keyword tokens, matched case-insensitively (`key` in lex.go).
    static let keywords: [String: TokenKind] = [
        "and": .land, "or": .lor, "unless": .lunless, "atan2": .atan2,
        "sum": .sum, "avg": .avg, "count": .count, "min": .min, "max": .max, "group": .group,
        "stddev": .stddev, "stdvar": .stdvar, "topk": .topk, "bottomk": .bottomk,
        "count_values": .countValues, "quantile": .quantile,
        "offset": .offset, "by": .by, "without": .without, "on": .on, "ignoring": .ignoring,
        "group_left": .groupLeft, "group_right": .groupRight, "bool": .bool,
        "start": .start, "end": .end,
        "inf": .number, "nan": .number,
    ]

    var isOperator: Bool {
        switch self {
        case .add, .div, .eqlc, .eqlRegex, .gte, .gtr, .land, .lor, .lss, .lte, .lunless,
             .mod, .mul, .neq, .neqRegex, .pow, .sub, .at, .atan2:
            return true
        default:
            return false
        }
    }

    var isAggregator: Bool { aggregateOperator != nil }

    var isKeyword: Bool {
        switch self {
        case .bool, .by, .groupLeft, .groupRight, .ignoring, .offset, .on, .without: return true
        default: return false
        }
    }

    var aggregateOperator: AggregateOperator? {
        switch self {
        case .avg: return .avg
        case .bottomk: return .bottomk
        case .count: return .count
        case .countValues: return .countValues
        case .group: return .group
        case .max: return .max
        case .min: return .min
        case .quantile: return .quantile
        case .stddev: return .stddev
        case .stdvar: return .stdvar
        case .sum: return .sum
        case .topk: return .topk
        default: return nil
        }
    }

    /// The binary operator this token spells, if any (`@` is not one).
    var binaryOperator: BinaryOperator? {
        switch self {
        case .add: return .add
        case .sub: return .sub
        case .mul: return .mul
        case .div: return .div
        case .mod: return .mod
        case .pow: return .pow
        case .eqlc: return .eql
        case .neq: return .neq
        case .gtr: return .gtr
        case .lss: return .lss
        case .gte: return .gte
        case .lte: return .lte
        case .land: return .land
        case .lor: return .lor
        case .lunless: return .lunless
        case .atan2: return .atan2
        default: return nil
        }
    }

    /// Tokens that can name a metric (`metric_identifier` in generated_parser.y).
    var canBeMetricName: Bool {
        switch self {
        case .avg, .bottomk, .by, .count, .countValues, .group, .identifier, .land, .lor, .lunless,
             .max, .metricIdentifier, .min, .offset, .quantile, .stddev, .stdvar, .sum, .topk,
             .without, .start, .end:
            return true
        default:
            return false
        }
    }

    /// Tokens accepted as a label name in grouping lists (`maybe_label` in generated_parser.y).
    var canBeGroupingLabel: Bool {
        switch self {
        case .avg, .bool, .bottomk, .by, .count, .countValues, .group, .groupLeft, .groupRight,
             .identifier, .ignoring, .land, .lor, .lunless, .max, .metricIdentifier, .min, .offset,
             .on, .quantile, .stddev, .stdvar, .sum, .topk, .start, .end, .atan2:
            return true
        default:
            return false
        }
    }

    /// Whether Prometheus' `ItemTypeStr` has an entry for the kind; such tokens describe
    /// themselves by their text alone ("unexpected <op:+>", "unexpected \"(\"").
    var hasFixedText: Bool {
        switch self {
        case .leftParen, .rightParen, .leftBrace, .rightBrace, .leftBracket, .rightBracket,
             .comma, .eql, .colon, .semicolon, .blank, .times, .space,
             .sub, .add, .mul, .mod, .div, .eqlc, .neq, .lte, .lss, .gte, .gtr, .eqlRegex, .neqRegex, .pow:
            return true
        case .at:
            return false
        default:
            return isKeyword || isAggregator || self == .land || self == .lor || self == .lunless
                || self == .atan2 || self == .start || self == .end
        }
    }

    /// `ItemType.desc` for kinds without fixed text.
    var kindDescription: String {
        switch self {
        case .error: return "error"
        case .eof: return "end of input"
        case .comment: return "comment"
        case .identifier: return "identifier"
        case .metricIdentifier: return "metric identifier"
        case .string: return "string"
        case .number: return "number"
        case .duration: return "duration"
        // Prometheus prints the raw goyacc token number for `@`, which has no name of its own.
        case .at: return "\"<Item 57385>\""
        default: return "token"
        }
    }
}

/// A token with its byte offset and its source text.
struct Token: Sendable, Equatable {
    var kind: TokenKind
    /// Byte offset of the first character in the query.
    var pos: Int
    /// The source text; for `.error` tokens the lexer's error message.
    var text: String

    /// Byte length of the source text.
    var length: Int { text.utf8.count }

    var range: PositionRange { PositionRange(start: pos, end: pos + length) }

    /// `Item.String` (lex.go).
    var string: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return text
        case .identifier, .metricIdentifier: return goQuote(text)
        default:
            if kind.isKeyword { return "<\(text)>" }
            if kind.isOperator { return "<op:\(text)>" }
            if kind.isAggregator { return "<aggr:\(text)>" }
            let scalars = Array(text.unicodeScalars)
            if scalars.count > 10 {
                var prefix = ""
                prefix.unicodeScalars.append(contentsOf: scalars[0..<10])
                return goQuote(prefix) + "..."
            }
            return goQuote(text)
        }
    }

    /// `Item.desc` (lex.go): what error messages say was found.
    var description: String {
        if kind.hasFixedText { return string }
        if kind == .eof { return kind.kindDescription }
        return kind.kindDescription + " " + string
    }
}

/// Go's `strconv.Quote` (`%q` of a string).
func goQuote(_ text: String) -> String {
    "\"" + goEscaped(text, quote: "\"") + "\""
}

/// Go's `%q` of a rune: `'x'`.
func goQuoteRune(_ scalar: Unicode.Scalar?) -> String {
    guard let scalar else { return "'\\ufffd'" }
    return "'" + goEscaped(String(scalar), quote: "'") + "'"
}

/// Go's `%#U` of a rune: `U+0063 'c'`.
func goUnicodeDescription(_ scalar: Unicode.Scalar?) -> String {
    guard let scalar else { return "U+FFFFFFFFFFFFFFFF" }
    var hex = String(scalar.value, radix: 16, uppercase: true)
    while hex.count < 4 { hex = "0" + hex }
    if scalar.properties.generalCategory == .control { return "U+" + hex }
    return "U+\(hex) '\(String(scalar))'"
}

private func goEscaped(_ text: String, quote: Character) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        case "\\": out += "\\\\"
        default:
            if Character(scalar) == quote {
                out += "\\" + String(scalar)
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out
}
