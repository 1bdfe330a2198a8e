// Decoding of literal token text: numbers, quoted strings and durations, with Go's rules.
// Prometheus: `parser.number` and `parser.unquoteString` (promql/parser/parse.go),
// `strutil.Unquote` (util/strutil/quote.go), `model.ParseDuration` (prometheus/common).

/// Parses a NUMBER token the way `parser.number` does: first as a Go integer literal with base
/// prefix (`0x1F` hex, `0755` octal), else as a float (`1.5e3`, `Inf`, `NaN`).
/// Returns the Go error text on failure.
func parseNumberLiteral(_ text: String) -> Result<Double, NumberSyntaxError> {
    if let integer = parseGoInteger(text) { return .success(Double(integer)) }
    return parseGoFloat(text)
}

struct NumberSyntaxError: Error, Equatable {
    var message: String
}

/// `strconv.ParseInt(text, 0, 64)` for the shapes the lexer can produce.
private func parseGoInteger(_ text: String) -> Int64? {
    let lower = text.lowercased()
    if lower.hasPrefix("0x") {
        return Int64(lower.dropFirst(2), radix: 16)
    }
    guard !lower.isEmpty, lower.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
    if lower.count > 1 && lower.hasPrefix("0") {
        // A leading zero means octal in Go; `08` fails here and is then read as a float.
        return Int64(lower.dropFirst(), radix: 8)
    }
    return Int64(lower, radix: 10)
}

/// `strconv.ParseFloat(text, 64)` for decimal text, `Inf` and `NaN`.
private func parseGoFloat(_ text: String) -> Result<Double, NumberSyntaxError> {
    let syntaxError = NumberSyntaxError(message: "strconv.ParseFloat: parsing \(goQuote(text)): invalid syntax")
    var body = text.lowercased()
    var sign = 1.0
    if body.hasPrefix("+") || body.hasPrefix("-") {
        if body.hasPrefix("-") { sign = -1 }
        body.removeFirst()
    }
    switch body {
    case "inf", "infinity": return .success(sign * Double.infinity)
    case "nan": return .success(Double.nan)
    default: break
    }
    // Only plain decimal syntax: Swift would also take hex floats, which Go rejects here.
    let allowed = Set("0123456789.e+-".utf8)
    guard !body.isEmpty, body.utf8.allSatisfy({ allowed.contains($0) }),
          body.utf8.contains(where: { $0 >= 48 && $0 <= 57 }),
          let value = Double(body) else {
        return .failure(syntaxError)
    }
    if value.isInfinite {
        return .failure(NumberSyntaxError(message: "strconv.ParseFloat: parsing \(goQuote(text)): value out of range"))
    }
    return .success(sign * value)
}

/// Decodes a STRING token (with its quotes). The lexer has already checked the escapes.
func unquoteString(_ token: String) -> String {
    var bytes = Array(token.utf8)
    guard bytes.count >= 2 else { return "" }
    let quote = bytes[0]
    bytes = Array(bytes[1..<(bytes.count - 1)])
    if quote == UInt8(ascii: "`") { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var index = 0
    func hexValue(_ count: Int) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<count where index < bytes.count {
            let c = bytes[index]
            index += 1
            let digit: UInt32
            switch c {
            case 48...57: digit = UInt32(c - 48)
            case 97...102: digit = UInt32(c - 87)
            case 65...70: digit = UInt32(c - 55)
            default: digit = 0
            }
            value = value << 4 | digit
        }
        return value
    }
    while index < bytes.count {
        let c = bytes[index]
        index += 1
        guard c == UInt8(ascii: "\\"), index < bytes.count else {
            out.append(c)
            continue
        }
        let escape = bytes[index]
        index += 1
        switch escape {
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "x"):
            // `\xNN` is one raw byte in Go, which may leave invalid UTF-8 (decoded as U+FFFD).
            out.append(UInt8(truncatingIfNeeded: hexValue(2)))
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let value = hexValue(escape == UInt8(ascii: "u") ? 4 : 8)
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            out.append(contentsOf: Array(String(scalar).utf8))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(escape - 48)
            for _ in 0..<2 where index < bytes.count {
                value = value * 8 + UInt32(bytes[index] - 48)
                index += 1
            }
            out.append(UInt8(truncatingIfNeeded: value))
        default:
            // `\\`, `\"`, `\'`.
            out.append(escape)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Parses a Prometheus duration (`1h30m`, `500ms`, `2w`) into milliseconds, as
/// `model.ParseDuration` does: units in the order y w d h m s ms, each at most once; a bare
/// `0` is allowed. Returns the Go error text on failure.
///
/// Prometheus keeps durations as Go `time.Duration` nanoseconds, so the total must stay below
/// 2^63 ns (about 106,751.99 days); `model.ParseDuration` checks each unit against that bound and
/// the running sum for wrap-around, and so do we.
public func parsePromQLDuration(_ text: String) -> Result<Int64, DurationSyntaxError> {
    if text == "0" { return .success(0) }
    if text.isEmpty { return .failure(DurationSyntaxError(message: "empty duration string")) }
    let invalid = DurationSyntaxError(message: "not a valid duration string: \(goQuote(text))")
    let units: [(String, Int64)] = [
        ("y", 365 * 24 * 3_600_000), ("w", 7 * 24 * 3_600_000), ("d", 24 * 3_600_000),
        ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]
    let nanosecondsPerMillisecond: Int64 = 1_000_000
    let bytes = Array(text.utf8)
    var index = 0
    var nextUnit = 0
    var totalNs: Int64 = 0
    var overflow = false
    while index < bytes.count {
        let digitsStart = index
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
        guard index > digitsStart, index < bytes.count else { return .failure(invalid) }
        let digits = String(decoding: bytes[digitsStart..<index], as: UTF8.self)
        var unit = String(UnicodeScalar(bytes[index]))
        if unit == "m", index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") { unit = "ms" }
        index += unit.utf8.count
        guard let unitIndex = units.firstIndex(where: { $0.0 == unit }), unitIndex >= nextUnit else {
            return .failure(invalid)
        }
        nextUnit = unitIndex + 1
        let multiplier = units[unitIndex].1
        // strconv.Atoi saturates at MaxInt64 on overflow; the bound check below then fires.
        let count = Int64(digits) ?? Int64.max
        if count > Int64.max / multiplier / nanosecondsPerMillisecond { overflow = true }
        // Go's int64 arithmetic wraps; a wrapped running sum shows up as negative.
        totalNs = totalNs &+ (count &* nanosecondsPerMillisecond) &* multiplier
        if totalNs < 0 { overflow = true }
    }
    if overflow { return .failure(DurationSyntaxError(message: "duration out of range")) }
    return .success(totalNs / nanosecondsPerMillisecond)
}

/// Why a duration string was rejected, with Prometheus' wording.
public struct DurationSyntaxError: Error, Sendable, Equatable {
    public var message: String
}
