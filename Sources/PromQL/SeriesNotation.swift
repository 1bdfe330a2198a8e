// The promtool / promqltest series notation: `metric{a="b"} 0+10x100 _ stale 1x3 -2-1x5 _x3`.
// Prometheus: series_description, series_values, series_item in generated_parser.y and
// `ParseSeriesDesc` (promql/parser/parse.go); lexed by lexValueSequence (lex.go).

/// One slot of an expanded series description.
public enum SeriesSlotValue: Sendable, Equatable, CustomStringConvertible {
    /// A sample value (may be an ordinary NaN).
    case value(Double)
    /// `_`: no sample in this slot.
    case omitted
    /// `stale`: a staleness marker in this slot.
    case stale

    /// Values compare by bit pattern, so `NaN == NaN` and `0 != -0`: tests need exact slots.
    public static func == (lhs: SeriesSlotValue, rhs: SeriesSlotValue) -> Bool {
        switch (lhs, rhs) {
        case (.value(let l), .value(let r)): return l.bitPattern == r.bitPattern
        case (.omitted, .omitted), (.stale, .stale): return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .value(let value): return "\(value)"
        case .omitted: return "_"
        case .stale: return "stale"
        }
    }
}

/// Expands a series description line into its label set and one value per slot.
///
///     let (labels, values) = try parseSeriesDescription(#"up{job="api"} 1+1x2 _ stale"#)
///     // values == [.value(1), .value(2), .value(3), .omitted, .stale]
///
/// `a+bxn` yields n+1 values by adding b repeatedly (so float error accumulates exactly as in
/// Prometheus), `axn` n+1 copies of a, `_xn` n omitted slots. Hex numbers are not read here:
/// `0x10` is 0 repeated 10 times.
/// - Throws: `PromQLError` (kind `.parse`) with Prometheus' message and position.
public func parseSeriesDescription(_ line: String) throws(PromQLError) -> (labels: Labels, values: [SeriesSlotValue]) {
    var parser = Parser(query: line, seriesDescription: true)
    return try parser.parseSeriesDescription()
}

/// The staleness marker's bit pattern (`value.StaleNaN`), to classify expanded values.
private let staleMarkerBits: UInt64 = 0x7ff0_0000_0000_0002

extension Parser {
    /// More slots than any test needs; stops `_x99999999999` from exhausting memory.
    static let maxSeriesSlots = 10_000_000

    mutating func parseSeriesDescription() throws(PromQLError) -> (labels: Labels, values: [SeriesSlotValue]) {
        var pairs: [Label] = []
        if current.kind.canBeMetricName {
            pairs.append(Label(name: Labels.metricName, value: advance().text))
        }
        if current.kind == .leftBrace {
            advance()
            // The metric name written before the braces wins over a `__name__` inside them.
            pairs.insert(contentsOf: try parseLabelSet(), at: 0)
        }
        var values: [SeriesSlotValue] = []
        while current.kind != .eof {
            guard current.kind == .space else { throw unexpected("series values") }
            advance()
            if current.kind == .eof { break }
            try parseSeriesItem(into: &values)
            if values.count > Self.maxSeriesSlots {
                throw .parse("series description expands to more than \(Self.maxSeriesSlots) values", at: current.range)
            }
            if current.kind != .space && current.kind != .eof { throw unexpected("series values") }
        }
        return (Labels(pairs), values)
    }

    /// `{name="value", ...}` after the `{`; only `=` is allowed in a label set.
    private mutating func parseLabelSet() throws(PromQLError) -> [Label] {
        var labels: [Label] = []
        if current.kind == .rightBrace {
            advance()
            return labels
        }
        while true {
            guard current.kind == .identifier else { throw unexpected("label set", expected: "identifier or \"}\"") }
            let name = advance()
            guard current.kind == .eql else { throw unexpected("label set", expected: "\"=\"") }
            advance()
            guard current.kind == .string else { throw unexpected("label set", expected: "string") }
            labels.append(Label(name: name.text, value: unquoteString(advance().text)))
            switch current.kind {
            case .comma:
                advance()
                if current.kind == .rightBrace {
                    advance()
                    return labels
                }
            case .rightBrace:
                advance()
                return labels
            default:
                throw unexpected("label set", expected: "\",\" or \"}\"")
            }
        }
    }

    private mutating func parseSeriesItem(into values: inout [SeriesSlotValue]) throws(PromQLError) {
        if current.kind == .blank {
            advance()
            guard current.kind == .times else {
                values.append(.omitted)
                return
            }
            advance()
            let count = try parseRepetition()
            values.append(contentsOf: repeatElement(.omitted, count: count))
            return
        }
        var value = try parseSeriesValue()
        switch current.kind {
        case .times:
            advance()
            let count = try parseRepetition()
            values.append(contentsOf: repeatElement(slot(value), count: count + 1))
        case .add, .sub:
            let step = try parseSignedNumber()
            guard current.kind == .times else { throw unexpected("series values") }
            advance()
            let count = try parseRepetition()
            // Prometheus adds the step repeatedly (`$1 += $2`), never computes a + i*b.
            for _ in 0...count {
                values.append(slot(value))
                value += step
            }
        default:
            values.append(slot(value))
        }
    }

    private func slot(_ value: Double) -> SeriesSlotValue {
        value.bitPattern == staleMarkerBits ? .stale : .value(value)
    }

    /// `stale`, a number, or a signed number.
    private mutating func parseSeriesValue() throws(PromQLError) -> Double {
        switch current.kind {
        case .identifier:
            guard current.text == "stale" else {
                throw unexpected("series values", expected: "number or \"stale\"")
            }
            advance()
            return Double(bitPattern: staleMarkerBits)
        case .number:
            return try numberValue(of: advance())
        case .add, .sub:
            return try parseSignedNumber()
        default:
            throw unexpected("series values")
        }
    }

    private mutating func parseSignedNumber() throws(PromQLError) -> Double {
        let sign = advance()
        guard current.kind == .number else { throw unexpected("series values") }
        let magnitude = try numberValue(of: advance())
        return sign.kind == .sub ? -magnitude : magnitude
    }

    /// The `n` of `xn`: a decimal unsigned integer (`strconv.ParseUint(s, 10, 64)`).
    private mutating func parseRepetition() throws(PromQLError) -> Int {
        guard current.kind == .number else { throw unexpected("series values") }
        let token = advance()
        guard let count = UInt64(token.text) else {
            let reason = token.text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? "value out of range" : "invalid syntax"
            throw .parse("invalid repetition in series values: strconv.ParseUint: parsing \(goQuote(token.text)): \(reason)",
                         at: token.range)
        }
        guard count <= UInt64(Self.maxSeriesSlots) else {
            throw .parse("series description expands to more than \(Self.maxSeriesSlots) values", at: token.range)
        }
        return Int(count)
    }
}
