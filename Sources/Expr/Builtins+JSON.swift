/// `type`, `toJSON` and `fromJSON`. expr-lang: `builtin/lib.go` (`Type`) and `builtin/builtin.go`,
/// which call Go's `encoding/json` (`MarshalIndent` with two spaces, `Unmarshal` into `any`).
extension Builtin {
    var jsonSignatures: [Signature]? {
        switch self {
        case .type, .toJSON: return [Signature([.unknown], .string)]
        case .fromJSON: return [Signature([.string], .unknown)]
        default: return nil
        }
    }

    func callJSON(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        let value = argument(arguments, 0)
        switch self {
        case .type:
            switch value {
            case .nil: return "nil"
            case .bool: return "bool"
            case .int: return "int"
            case .float: return "float"
            case .string: return "string"
            case .array: return "array"
            case .map: return "map"
            }
        case .toJSON:
            var output = ""
            try encodeJSON(value, indent: "", into: &output, at: range)
            return .string(output)
        default:
            var parser = JSONParser(bytes: Array(try assertString(value, range).utf8), range: range)
            return try parser.parseDocument()
        }
    }
}

/// encoding/json's encoder with `MarshalIndent(v, "", "  ")`: map keys sorted, HTML characters
/// escaped, floats in the shortest form ('e' notation below 1e-6 and from 1e21).
private func encodeJSON(_ value: ExprValue, indent: String, into output: inout String, at range: SourceRange) throws(RawError) {
    switch value {
    case .nil: output += "null"
    case .bool(let flag): output += flag ? "true" : "false"
    case .int(let number): output += String(number)
    case .float(let number):
        guard number.isFinite else { throw RawError(.jsonUnsupportedValue(goFormatFloatV(number)), range) }
        let magnitude = Swift.abs(number)
        if magnitude != 0 && (magnitude < 1e-6 || magnitude >= 1e21) {
            var text = goFormatFloatV(number)
            // Go cleans "e-07" up to "e-7".
            if let marker = text.firstRange(of: "e-0") { text.replaceSubrange(marker, with: "e-") }
            output += text
        } else {
            output += goFormatFixed(number)
        }
    case .string(let text): output += jsonQuoted(text)
    case .array(let elements):
        guard !elements.isEmpty else { output += "[]"; return }
        let inner = indent + "  "
        output += "["
        for (index, element) in elements.enumerated() {
            output += (index == 0 ? "\n" : ",\n") + inner
            try encodeJSON(element, indent: inner, into: &output, at: range)
        }
        output += "\n" + indent + "]"
    case .map(let map):
        guard map.count > 0 else { output += "{}"; return }
        let inner = indent + "  "
        output += "{"
        let pairs = map.pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, pair) in pairs.enumerated() {
            output += (index == 0 ? "\n" : ",\n") + inner + jsonQuoted(pair.key) + ": "
            try encodeJSON(pair.value, indent: inner, into: &output, at: range)
        }
        output += "\n" + indent + "}"
    }
}

private func jsonQuoted(_ text: String) -> String {
    let hexDigits = Array("0123456789abcdef".unicodeScalars)
    var result = String.UnicodeScalarView()
    result.append("\"")
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result.append(contentsOf: "\\\"".unicodeScalars)
        case "\\": result.append(contentsOf: "\\\\".unicodeScalars)
        case "\n": result.append(contentsOf: "\\n".unicodeScalars)
        case "\r": result.append(contentsOf: "\\r".unicodeScalars)
        case "\t": result.append(contentsOf: "\\t".unicodeScalars)
        case "\u{08}": result.append(contentsOf: "\\b".unicodeScalars)
        case "\u{0C}": result.append(contentsOf: "\\f".unicodeScalars)
        default:
            let code = scalar.value
            if code < 0x20 || scalar == "<" || scalar == ">" || scalar == "&" || code == 0x2028 || code == 0x2029 {
                result.append(contentsOf: "\\u".unicodeScalars)
                for shift in stride(from: 12, through: 0, by: -4) {
                    result.append(hexDigits[Int((code >> UInt32(shift)) & 0xF)])
                }
            } else {
                result.append(scalar)
            }
        }
    }
    result.append("\"")
    return String(result)
}

/// encoding/json's `Unmarshal` into `any`: numbers become float64, objects maps (the last of
/// repeated keys wins). A syntax error anywhere wins over a number out of float64 range, as
/// Go validates the whole input before decoding it. Nesting is capped at ``maxValueDepth``
/// (Go allows 10000), so that the recursive helpers stay within the stack.
private struct JSONParser {
    let bytes: [UInt8]
    let range: SourceRange
    var position = 0
    var outOfRange: String?

    init(bytes: [UInt8], range: SourceRange) {
        self.bytes = bytes
        self.range = range
    }

    mutating func parseDocument() throws(RawError) -> ExprValue {
        skipSpace()
        let value = try parseValue(depth: 0)
        skipSpace()
        if position < bytes.count { throw invalid("after top-level value") }
        if let outOfRange { throw RawError(.jsonNumberOutOfRange(outOfRange), range) }
        return value
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// "invalid character 'x' <context>", or "unexpected end of JSON input" at the end.
    private func invalid(_ context: String) -> RawError {
        guard let byte = current else { return RawError(.jsonSyntax("unexpected end of JSON input"), range) }
        let scalar = Unicode.Scalar(byte)
        let quoted: String
        switch scalar {
        case "'": quoted = "'\\''"
        case "\"": quoted = "'\"'"
        default: quoted = "'" + goQuoted(String(Character(scalar))).dropFirst().dropLast() + "'"
        }
        return RawError(.jsonSyntax("invalid character \(quoted) \(context)"), range)
    }

    private mutating func parseValue(depth: Int) throws(RawError) -> ExprValue {
        guard let byte = current else { throw invalid("looking for beginning of value") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < maxValueDepth else { throw RawError(.jsonTooDeep, range) }
            position += 1
            return byte == UInt8(ascii: "{") ? try parseObject(depth: depth + 1) : try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw invalid("looking for beginning of value")
        }
    }

    private mutating func parseLiteral(_ word: String) throws(RawError) {
        for expected in word.utf8 {
            guard current == expected else {
                throw invalid("in literal \(word) (expecting '\(Character(Unicode.Scalar(expected)))')")
            }
            position += 1
        }
    }

    private mutating func parseArray(depth: Int) throws(RawError) -> ExprValue {
        var elements: [ExprValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") { position += 1; return .array(elements) }
        while true {
            skipSpace()
            elements.append(try parseValue(depth: depth))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; return .array(elements)
            default: throw invalid("after array element")
            }
        }
    }

    private mutating func parseObject(depth: Int) throws(RawError) -> ExprValue {
        var entries: [(String, ExprValue)] = []
        skipSpace()
        if current == UInt8(ascii: "}") { position += 1; return .map(ExprMap()) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
            let key = try parseString()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw invalid("after object key") }
            position += 1
            skipSpace()
            entries.append((key, try parseValue(depth: depth)))
            skipSpace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; return .map(ExprMap(collecting: entries))
            default: throw invalid("after object key:value pair")
            }
        }
    }

    /// A string literal; `position` is at the opening quote.
    private mutating func parseString() throws(RawError) -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        func flushHigh() {
            if pendingHigh != nil { scalars.append("\u{FFFD}"); pendingHigh = nil }
        }
        while true {
            guard let byte = current else { throw invalid("in string literal") }
            if byte == UInt8(ascii: "\"") {
                flushHigh()
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw invalid("in string literal") }
            if byte == UInt8(ascii: "\\") {
                position += 1
                guard let escape = current else { throw invalid("in string escape code") }
                position += 1
                let simple: Unicode.Scalar?
                switch escape {
                case UInt8(ascii: "\""): simple = "\""
                case UInt8(ascii: "\\"): simple = "\\"
                case UInt8(ascii: "/"): simple = "/"
                case UInt8(ascii: "b"): simple = "\u{08}"
                case UInt8(ascii: "f"): simple = "\u{0C}"
                case UInt8(ascii: "n"): simple = "\n"
                case UInt8(ascii: "r"): simple = "\r"
                case UInt8(ascii: "t"): simple = "\t"
                case UInt8(ascii: "u"): simple = nil
                default:
                    position -= 1
                    throw invalid("in string escape code")
                }
                if let simple {
                    flushHigh()
                    scalars.append(simple)
                    continue
                }
                var code: UInt32 = 0
                for _ in 0..<4 {
                    guard let digit = current, let value = hexValue(digit) else { throw invalid("in \\u hexadecimal character escape") }
                    code = code << 4 | value
                    position += 1
                }
                if (0xD800..<0xDC00).contains(code) {
                    flushHigh()
                    pendingHigh = code
                } else if (0xDC00..<0xE000).contains(code), let high = pendingHigh {
                    pendingHigh = nil
                    let combined = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    scalars.append(Unicode.Scalar(combined) ?? "\u{FFFD}")
                } else {
                    flushHigh()
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                }
                continue
            }
            flushHigh()
            // Copy one UTF-8 sequence (the input came from a valid Swift string).
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let end = min(position + length, bytes.count)
            scalars.append(contentsOf: String(decoding: bytes[position..<end], as: UTF8.self).unicodeScalars)
            position = end
        }
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private mutating func parseNumber() throws(RawError) -> ExprValue {
        let start = position
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if current == UInt8(ascii: "-") { position += 1 }
        guard isDigit(current) else { throw invalid("in numeric literal") }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: ".") {
            position += 1
            guard isDigit(current) else { throw invalid("after decimal point in numeric literal") }
            while isDigit(current) { position += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard isDigit(current) else { throw invalid("in exponent of numeric literal") }
            while isDigit(current) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            if outOfRange == nil { outOfRange = text }
            return .float(0)
        }
        return .float(value)
    }
}
