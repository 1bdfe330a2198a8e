/// A token of the condition language, spelled the way expr-lang's lexer kinds are named so that
/// parse errors read like upstream's ("unexpected token Bracket(\")\")").
struct Token: Equatable {
    enum Kind: String {
        case identifier = "Identifier"
        case number = "Number"
        case string = "String"
        case `operator` = "Operator"
        case bracket = "Bracket"
        case eof = "EOF"
    }

    var kind: Kind
    /// The source text, except for strings, where it is the unescaped value.
    var value: String
    var range: SourceRange

    func `is`(_ kind: Kind, _ value: String? = nil) -> Bool {
        self.kind == kind && (value == nil || self.value == value)
    }

    /// expr-lang `Token.String`: `Kind("value")` with Go quoting, or the bare kind when empty.
    var upstreamDescription: String {
        value.isEmpty ? kind.rawValue : "\(kind.rawValue)(\(goQuoted(value)))"
    }
}

/// Turns source text into tokens. expr-lang: `parser/lexer/state.go`.
///
/// Works on Unicode scalars (Go runes) and records UTF-8 byte offsets for every token.
struct Lexer {
    private let scalars: [Unicode.Scalar]
    /// `byteOffsets[i]` is the UTF-8 offset of `scalars[i]`; one extra entry holds the total length.
    private let byteOffsets: [Int]
    private var position = 0
    private var tokens: [Token] = []

    static let maxTokens = 10_000

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += scalar.utf8.count
        }
        offsets.append(offset)
        byteOffsets = offsets
    }

    static func tokenize(_ source: String) throws(RawError) -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private mutating func run() throws(RawError) -> [Token] {
        while true {
            guard let scalar = peek() else {
                let end = byteOffsets[scalars.count]
                let start = scalars.isEmpty ? 0 : byteOffsets[scalars.count - 1]
                tokens.append(Token(kind: .eof, value: "", range: SourceRange(start: start, end: end)))
                return tokens
            }
            if tokens.count > Lexer.maxTokens {
                throw RawError(.tooManyNodes, rangeHere(position))
            }
            let start = position
            if scalar.properties.isWhitespace {
                position += 1
                continue
            }
            switch scalar {
            case "'", "\"":
                try scanString(quote: scalar)
            case "`":
                try scanRawString()
            case "0"..."9":
                try scanNumber()
            case "?":
                position += 1
                accept(".?")
                emit(.operator, from: start)
            case "/":
                position += 1
                if accept("/") {
                    while let next = peek(), next != "\n" { position += 1 }
                } else if accept("*") {
                    try skipBlockComment()
                } else {
                    emit(.operator, from: start)
                }
            case "#":
                position += 1
                accept("#")
                emit(.operator, from: start)
                let nameStart = position
                while let next = peek(), isAlphaNumeric(next) { position += 1 }
                if position > nameStart { emit(.identifier, from: nameStart) }
            case "|", ":":
                position += 1
                accept(String(Character(scalar)))
                emit(.operator, from: start)
            case "(", "[", "{", ")", "]", "}":
                position += 1
                emit(.bracket, from: start)
            case ",", ";", "%", "+", "-", "^":
                position += 1
                emit(.operator, from: start)
            case "&", "!", "=", "*", "<", ">":
                position += 1
                accept("&=*")
                emit(.operator, from: start)
            case ".":
                if let next = peek(at: position + 1), ("0"..."9").contains(next) {
                    try scanNumber()
                } else {
                    position += 1
                    accept(".")
                    emit(.operator, from: start)
                }
            default:
                if isAlphaNumeric(scalar) {
                    scanIdentifier()
                } else {
                    throw RawError(.unrecognizedCharacter(scalar), rangeHere(start))
                }
            }
        }
    }

    // MARK: - Scanning

    private func peek(at index: Int? = nil) -> Unicode.Scalar? {
        let index = index ?? position
        return index < scalars.count ? scalars[index] : nil
    }

    @discardableResult
    private mutating func accept(_ valid: String) -> Bool {
        guard let next = peek(), valid.unicodeScalars.contains(next) else { return false }
        position += 1
        return true
    }

    private func text(from start: Int, to end: Int) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[start..<end])
        return String(result)
    }

    private func rangeHere(_ index: Int) -> SourceRange {
        let clamped = min(index, scalars.count)
        return SourceRange(start: byteOffsets[clamped], end: byteOffsets[min(clamped + 1, scalars.count)])
    }

    private mutating func emit(_ kind: Token.Kind, from start: Int, value: String? = nil) {
        let range = SourceRange(start: byteOffsets[start], end: byteOffsets[position])
        tokens.append(Token(kind: kind, value: value ?? text(from: start, to: position), range: range))
    }

    private mutating func skipBlockComment() throws(RawError) {
        while let next = peek() {
            position += 1
            if next == "*" && accept("/") { return }
        }
        throw RawError(.unclosedComment, rangeHere(scalars.count - 1))
    }

    /// expr-lang `scanNumber`: decimal, hex, octal and binary digits with `_`, a fraction unless
    /// the dot starts `..`, an exponent; a letter straight after the number is an error.
    private mutating func scanNumber() throws(RawError) {
        let start = position
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        while accept(digits) {}
        if peek() == ".", peek(at: position + 1) != "." {
            position += 1
            while accept(digits) {}
        }
        if accept("eE") {
            accept("+-")
            while accept(digits) {}
        }
        if let next = peek(), isAlphaNumeric(next) {
            position += 1
            throw RawError(.badNumberSyntax(text(from: start, to: position)), rangeHere(position - 1))
        }
        emit(.number, from: start)
    }

    /// Keywords that are operators become operator tokens; `not in` and friends become two.
    private mutating func scanIdentifier() {
        let start = position
        while let next = peek(), isAlphaNumeric(next) { position += 1 }
        let word = text(from: start, to: position)
        switch word {
        case "not":
            emit(.operator, from: start)
            let save = position
            while peek() == " " { position += 1 }
            let wordStart = position
            while let next = peek(), isAlphaNumeric(next) { position += 1 }
            switch text(from: wordStart, to: position) {
            case "in", "matches", "contains", "startsWith", "endsWith":
                emit(.operator, from: wordStart)
            default:
                position = save
            }
        case "in", "or", "and", "matches", "contains", "startsWith", "endsWith", "let", "if", "else":
            emit(.operator, from: start)
        default:
            emit(.identifier, from: start)
        }
    }

    private mutating func scanString(quote: Unicode.Scalar) throws(RawError) {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let next = peek(), next != "\n" else {
                throw RawError(.literalNotTerminated, rangeHere(position))
            }
            position += 1
            if next == quote { break }
            if next == "\\" {
                value.append(try scanEscape(quote: quote))
            } else {
                value.append(next)
            }
        }
        emit(.string, from: start, value: String(value))
    }

    /// Go string-literal escapes, as expr-lang's `unescape` accepts them.
    private mutating func scanEscape(quote: Unicode.Scalar) throws(RawError) -> Unicode.Scalar {
        guard let next = peek() else { throw RawError(.literalNotTerminated, rangeHere(position)) }
        position += 1
        switch next {
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "v": return "\u{0B}"
        case "\\": return "\\"
        case "'", "\"": return next
        case "0"..."7":
            position -= 1
            return try scanCodePoint(digits: 3, radix: 8)
        case "x": return try scanCodePoint(digits: 2, radix: 16)
        case "u": return try scanCodePoint(digits: 4, radix: 16)
        case "U": return try scanCodePoint(digits: 8, radix: 16)
        default: throw RawError(.invalidCharEscape, rangeHere(position - 1))
        }
    }

    private mutating func scanCodePoint(digits: Int, radix: UInt32) throws(RawError) -> Unicode.Scalar {
        var code: UInt32 = 0
        for _ in 0..<digits {
            guard let next = peek(), let digit = Character(next).hexDigitValue, UInt32(digit) < radix else {
                throw RawError(.invalidCharEscape, rangeHere(position))
            }
            position += 1
            code = code &* radix &+ UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(code) else { throw RawError(.invalidCharEscape, rangeHere(position)) }
        return scalar
    }

    /// Raw strings: no escapes, a doubled backquote stands for one.
    private mutating func scanRawString() throws(RawError) {
        let start = position
        position += 1
        var value = String.UnicodeScalarView()
        while true {
            guard let next = peek() else { throw RawError(.literalNotTerminated, rangeHere(position)) }
            position += 1
            if next == "`" {
                if peek() == "`" {
                    position += 1
                    value.append("`")
                    continue
                }
                break
            }
            value.append(next)
        }
        emit(.string, from: start, value: String(value))
    }
}

/// expr-lang `utils.IsAlphaNumeric`: letters, digits, `_` and `$`.
func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "_" || scalar == "$" || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
}
