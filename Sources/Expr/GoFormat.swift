// Go's textual forms of values, needed where expr-lang or Argo print a value: `string(x)` is
// `fmt.Sprintf("%v", x)`, and Prometheus' `SampleValue.String` is `strconv.FormatFloat(v, 'f', -1, 64)`.
// None of this depends on the locale.

/// The shortest decimal digits that round-trip to `value`, with Go's decimal-point position:
/// value = 0.d₁d₂… × 10^pointPosition. Requires a finite, non-zero value.
///
/// Swift's `description` already prints the shortest round-tripping digits (as Go's `ryu`-based
/// shortest formatting does); only its layout differs, so we re-read its digits and exponent.
private func shortestDigits(_ value: Double) -> (digits: [UInt8], pointPosition: Int) {
    let text = Swift.abs(value).description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        mantissa = text[..<e]
        exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var pointPosition = 0
    var seenPoint = false
    for character in mantissa {
        if character == "." {
            seenPoint = true
            continue
        }
        guard let digit = character.wholeNumberValue else { continue }
        digits.append(UInt8(digit))
        if !seenPoint { pointPosition += 1 }
    }
    // Strip leading zeros ("0.001") and trailing zeros ("120.0").
    while let first = digits.first, first == 0, digits.count > 1 {
        digits.removeFirst()
        pointPosition -= 1
    }
    while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
    return (digits, pointPosition + exponent)
}

private func digitString(_ digits: ArraySlice<UInt8>) -> String {
    String(digits.map { Character(Unicode.Scalar($0 + 48)) })
}

private func specialForm(_ value: Double) -> String? {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
    if value == 0 { return value.sign == .minus ? "-0" : "0" }
    return nil
}

/// `strconv.FormatFloat(value, 'f', -1, 64)`: shortest digits, never an exponent.
/// 10 → "10", 0.95 → "0.95", 1e21 → "1000000000000000000000", NaN → "NaN", +Inf → "+Inf".
func goFormatFixed(_ value: Double) -> String {
    if let special = specialForm(value) { return special }
    let (digits, point) = shortestDigits(value)
    let sign = value < 0 ? "-" : ""
    if point <= 0 {
        return sign + "0." + String(repeating: "0", count: -point) + digitString(digits[...])
    }
    if point >= digits.count {
        return sign + digitString(digits[...]) + String(repeating: "0", count: point - digits.count)
    }
    return sign + digitString(digits[..<point]) + "." + digitString(digits[point...])
}

/// `fmt.Sprintf("%v", value)` for a float64: shortest digits, switching to `%e` form when the
/// decimal exponent is below -4 or at least 21 (Go fmt: `fmtFloat` with verb 'v').
/// 1 → "1", 0.5 → "0.5", 1e-05 → "1e-05", 1e21 → "1e+21".
func goFormatFloatV(_ value: Double) -> String {
    if let special = specialForm(value) { return special }
    let (digits, point) = shortestDigits(value)
    let exponent = point - 1
    guard exponent < -4 || exponent >= 21 else { return goFormatFixed(value) }
    let sign = value < 0 ? "-" : ""
    var mantissa = digitString(digits[..<1])
    if digits.count > 1 { mantissa += "." + digitString(digits[1...]) }
    let magnitude = Swift.abs(exponent)
    let exponentText = magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentText
}

/// `fmt.Sprintf("%v", value)` for any value: what expr-lang's `string(x)` returns.
func goFormatV(_ value: ExprValue) -> String {
    switch value {
    case .nil: return "<nil>"
    case .bool(let flag): return flag ? "true" : "false"
    case .int(let number): return String(number)
    case .float(let number): return goFormatFloatV(number)
    case .string(let text): return text
    case .array(let elements): return "[" + elements.map(goFormatV).joined(separator: " ") + "]"
    case .map(let map):
        // Go prints maps with sorted keys, so sorting here also keeps insertion order out of output.
        let sorted = map.pairs.sorted { $0.key < $1.key }
        return "map[" + sorted.map { "\($0.key):\(goFormatV($0.value))" }.joined(separator: " ") + "]"
    }
}

/// `%#v` / `strconv.Quote` of a string, as used in token descriptions.
func goQuoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\t": result += "\\t"
        case "\r": result += "\\r"
        case "\u{07}": result += "\\a"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case "\u{0B}": result += "\\v"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                result += "\\x" + hex(scalar.value, width: 2).lowercased()
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}

/// `%#U` of a rune: "U+0040 '@'".
func goRuneDescription(_ scalar: Unicode.Scalar) -> String {
    let code = "U+" + hex(scalar.value, width: 4)
    guard scalar.properties.generalCategory != .control else { return code }
    return code + " '" + String(Character(scalar)) + "'"
}

private func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
