// The PromQL lexer: turns a query (or a series description line) into tokens.
// Prometheus: promql/parser/lex.go. The lexer is a state machine whose state depends only on the
// text (open braces, brackets, parentheses), so we scan the whole input up front; the token list
// always ends with `.eof` or with the first `.error`, whose text is the error message.

struct Lexer {
    private let bytes: [UInt8]
    private let seriesDescription: Bool
    private var pos = 0
    private var start = 0
    private var width = 0
    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    private var gotColon = false
    private var stringOpen: Unicode.Scalar = "\""
    private var tokens: [Token] = []
    private var finished = false

    private enum State {
        case statements, insideBraces, valueSequence, lineComment, string, rawString
        case duration, numberOrDuration, keywordOrIdentifier, identifier
    }

    private init(_ query: String, seriesDescription: Bool) {
        bytes = Array(query.utf8)
        self.seriesDescription = seriesDescription
    }

    /// All tokens of `query`, comments dropped, ending with `.eof` or the first `.error`.
    /// - Parameter seriesDescription: lex the promtool series notation (`metric 1+2x3 _ stale`).
    /// - Complexity: O(n) in the length of the query.
    static func tokenize(_ query: String, seriesDescription: Bool = false) -> [Token] {
        var lexer = Lexer(query, seriesDescription: seriesDescription)
        var state: State? = .statements
        while let current = state, !lexer.finished {
            state = lexer.run(current)
        }
        return lexer.tokens
    }

    // MARK: - Reading runes

    /// Decodes the next rune (the query came from a Swift `String`, so its UTF-8 is valid).
    private mutating func next() -> Unicode.Scalar? {
        guard pos < bytes.count else {
            width = 0
            return nil
        }
        let lead = bytes[pos]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xF0...: (length, value) = (4, UInt32(lead & 0x07))
        case 0xE0...: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xC0...: (length, value) = (2, UInt32(lead & 0x1F))
        default: (length, value) = (1, UInt32(lead))
        }
        guard pos + length <= bytes.count else {
            width = 1
            pos += 1
            return "\u{FFFD}"
        }
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[pos + offset] & 0x3F)
        }
        width = length
        pos += length
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private mutating func peek() -> Unicode.Scalar? {
        let scalar = next()
        backup()
        return scalar
    }

    private mutating func backup() { pos -= width }

    private mutating func accept(_ valid: String) -> Bool {
        if let scalar = next(), valid.unicodeScalars.contains(scalar) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while let scalar = next(), valid.unicodeScalars.contains(scalar) {}
        backup()
    }

    private var currentText: String {
        String(decoding: bytes[start..<pos], as: UTF8.self)
    }

    private mutating func emit(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, pos: start, text: currentText))
        start = pos
        if kind == .eof { finished = true }
    }

    /// Records a lexing error at the start of the current token and stops the lexer.
    private mutating func fail(_ message: String) -> State? {
        tokens.append(Token(kind: .error, pos: start, text: message))
        finished = true
        return nil
    }

    private mutating func ignore() { start = pos }

    private func hasPrefix(_ byte: UInt8) -> Bool { pos < bytes.count && bytes[pos] == byte }

    // MARK: - States

    private mutating func run(_ state: State) -> State? {
        switch state {
        case .statements: return lexStatements()
        case .insideBraces: return lexInsideBraces()
        case .valueSequence: return lexValueSequence()
        case .lineComment: return lexLineComment()
        case .string: return lexString()
        case .rawString: return lexRawString()
        case .duration: return lexDuration()
        case .numberOrDuration: return lexNumberOrDuration()
        case .keywordOrIdentifier: return lexKeywordOrIdentifier()
        case .identifier: return lexIdentifier()
        }
    }

    // Prometheus: lexStatements (lex.go).
    private mutating func lexStatements() -> State? {
        if braceOpen { return .insideBraces }
        if hasPrefix(UInt8(ascii: "#")) { return .lineComment }
        guard let r = next() else {
            if parenDepth != 0 { return fail("unclosed left parenthesis") }
            if bracketOpen { return fail("unclosed left bracket") }
            emit(.eof)
            return nil
        }
        switch r {
        case ",": emit(.comma)
        case _ where isSpace(r):
            skipSpaces()
        case "*": emit(.mul)
        case "/": emit(.div)
        case "%": emit(.mod)
        case "+": emit(.add)
        case "-": emit(.sub)
        case "^": emit(.pow)
        case "=":
            let t = peek()
            if t == "=" {
                _ = next()
                emit(.eqlc)
            } else if t == "~" {
                return fail("unexpected character after '=': \(goQuoteRune(t))")
            } else {
                emit(.eql)
            }
        case "!":
            let t = next()
            if t == "=" {
                emit(.neq)
            } else {
                return fail("unexpected character after '!': \(goQuoteRune(t))")
            }
        case "<":
            if peek() == "=" { _ = next(); emit(.lte) } else { emit(.lss) }
        case ">":
            if peek() == "=" { _ = next(); emit(.gte) } else { emit(.gtr) }
        case _ where isDigit(r) || (r == "." && isDigit(peek())):
            backup()
            return .numberOrDuration
        case "\"", "'":
            stringOpen = r
            return .string
        case "`":
            stringOpen = r
            return .rawString
        case _ where isAlpha(r) || r == ":":
            if !bracketOpen {
                backup()
                return .keywordOrIdentifier
            }
            // Inside brackets only the subquery colon may appear; Prometheus emits any letter
            // there as a colon token too, which the parser then rejects.
            if gotColon { return fail("unexpected colon \(goQuoteRune(r))") }
            emit(.colon)
            gotColon = true
        case "(":
            emit(.leftParen)
            parenDepth += 1
        case ")":
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 {
                tokens.removeLast()
                return fail("unexpected right parenthesis \(goQuoteRune(r))")
            }
        case "{":
            emit(.leftBrace)
            braceOpen = true
            return .insideBraces
        case "[":
            if bracketOpen { return fail("unexpected left bracket \(goQuoteRune(r))") }
            gotColon = false
            emit(.leftBracket)
            if isSpace(peek()) { skipSpaces() }
            bracketOpen = true
            return .duration
        case "]":
            if !bracketOpen { return fail("unexpected right bracket \(goQuoteRune(r))") }
            emit(.rightBracket)
            bracketOpen = false
        case "@":
            emit(.at)
        default:
            return fail("unexpected character: \(goQuoteRune(r))")
        }
        return .statements
    }

    // Prometheus: lexInsideBraces (lex.go).
    private mutating func lexInsideBraces() -> State? {
        if hasPrefix(UInt8(ascii: "#")) { return .lineComment }
        guard let r = next() else { return fail("unexpected end of input inside braces") }
        switch r {
        case _ where isSpace(r):
            skipSpaces()
            return .statements
        case _ where isAlpha(r):
            backup()
            return .identifier
        case ",": emit(.comma)
        case "\"", "'":
            stringOpen = r
            return .string
        case "`":
            stringOpen = r
            return .rawString
        case "=":
            if next() == "~" {
                emit(.eqlRegex)
            } else {
                backup()
                emit(.eql)
            }
        case "!":
            let nr = next()
            if nr == "~" {
                emit(.neqRegex)
            } else if nr == "=" {
                emit(.neq)
            } else {
                return fail("unexpected character after '!' inside braces: \(goQuoteRune(nr))")
            }
        case "{":
            return fail("unexpected left brace \(goQuoteRune(r))")
        case "}":
            emit(.rightBrace)
            braceOpen = false
            return seriesDescription ? .valueSequence : .statements
        default:
            return fail("unexpected character inside braces: \(goQuoteRune(r))")
        }
        return .insideBraces
    }

    // Prometheus: lexValueSequence (lex.go); only for series descriptions.
    private mutating func lexValueSequence() -> State? {
        guard let r = next() else { return .statements }
        switch r {
        case _ where isSpace(r):
            emit(.space)
            skipSpaces()
        case "+": emit(.add)
        case "-": emit(.sub)
        case "x": emit(.times)
        case "_": emit(.blank)
        case _ where isDigit(r) || (r == "." && isDigit(peek())):
            backup()
            if !scanNumber() { return fail("bad number syntax: \(goQuote(currentText))") }
            emit(.number)
        case _ where isAlpha(r):
            backup()
            return .keywordOrIdentifier
        default:
            return fail("unexpected character in series sequence: \(goQuoteRune(r))")
        }
        return .valueSequence
    }

    private mutating func skipSpaces() {
        while isSpace(peek()) { _ = next() }
        ignore()
    }

    // Prometheus: lexString and lexEscape (lex.go). Escapes are validated here and decoded by
    // `unquoteString`.
    private mutating func lexString() -> State? {
        while true {
            let r = next()
            if r == "\\" {
                if let message = scanEscape() { return fail(message) }
                continue
            }
            if r == nil || r == "\n" { return fail("unterminated quoted string") }
            if r == stringOpen { break }
        }
        emit(.string)
        return .statements
    }

    /// Checks one escape sequence after a backslash; returns an error message if it is invalid.
    private mutating func scanEscape() -> String? {
        var ch = next()
        let digits: Int
        let base: UInt64
        let maxValue: UInt64
        switch ch {
        case "a", "b", "f", "n", "r", "t", "v", "\\":
            return nil
        case _ where ch == stringOpen:
            return nil
        case "0", "1", "2", "3", "4", "5", "6", "7":
            (digits, base, maxValue) = (3, 8, 255)
        case "x":
            ch = next()
            (digits, base, maxValue) = (2, 16, 255)
        case "u":
            ch = next()
            (digits, base, maxValue) = (4, 16, 0x10FFFF)
        case "U":
            ch = next()
            (digits, base, maxValue) = (8, 16, 0x10FFFF)
        case nil:
            return "escape sequence not terminated"
        default:
            return "unknown escape sequence \(goUnicodeDescription(ch))"
        }
        var value: UInt64 = 0
        var remaining = digits
        while remaining > 0 {
            let digit = digitValue(ch)
            if digit >= base {
                if ch == nil { return "escape sequence not terminated" }
                return "illegal character \(goUnicodeDescription(ch)) in escape sequence"
            }
            value = value * base + digit
            remaining -= 1
            if remaining > 0 { ch = next() }
        }
        if value > maxValue || (0xD800..<0xE000).contains(value) {
            return "escape sequence is an invalid Unicode code point"
        }
        return nil
    }

    private mutating func lexRawString() -> State? {
        while true {
            let r = next()
            if r == nil { return fail("unterminated raw string") }
            if r == stringOpen { break }
        }
        emit(.string)
        return .statements
    }

    private mutating func lexLineComment() -> State? {
        pos += 1
        while let r = next(), r != "\n", r != "\r" {}
        backup()
        // Comments are dropped: the parser skips them anyway.
        ignore()
        return .statements
    }

    // Prometheus: lexDuration (lex.go); entered right after `[`.
    private mutating func lexDuration() -> State? {
        if scanNumber() { return fail("missing unit character in duration") }
        if !acceptRemainingDuration() { return fail("bad duration syntax: \(goQuote(currentText))") }
        backup()
        emit(.duration)
        return .statements
    }

    private mutating func lexNumberOrDuration() -> State? {
        if scanNumber() {
            emit(.number)
            return .statements
        }
        if acceptRemainingDuration() {
            backup()
            emit(.duration)
            return .statements
        }
        return fail("bad number or duration syntax: \(goQuote(currentText))")
    }

    /// Units after the first number: `ms s m h d w y`, then more number+unit pairs (no `y`).
    private mutating func acceptRemainingDuration() -> Bool {
        if !accept("smhdwy") { return false }
        _ = accept("s")
        while accept("0123456789") {
            while accept("0123456789") {}
            if !accept("smhdw") { return false }
            _ = accept("s")
        }
        return !isAlphaNumeric(next())
    }

    /// Scans a number; true when it is not followed by a letter or digit. Hex (`0x1F`) is not
    /// recognised in series descriptions, where `x` means repetition.
    private mutating func scanNumber() -> Bool {
        var digits = "0123456789"
        if !seriesDescription && accept("0") && accept("xX") {
            digits = "0123456789abcdefABCDEF"
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789")
        }
        let r = peek()
        return (seriesDescription && r == "x") || !isAlphaNumeric(r)
    }

    private mutating func lexIdentifier() -> State? {
        while isAlphaNumeric(next()) {}
        backup()
        emit(.identifier)
        return .statements
    }

    private mutating func lexKeywordOrIdentifier() -> State? {
        while let r = next(), isAlphaNumeric(r) || r == ":" {}
        backup()
        let word = currentText
        if let keyword = TokenKind.keywords[word.lowercased()] {
            emit(keyword)
        } else if !word.contains(":") {
            emit(.identifier)
        } else {
            emit(.metricIdentifier)
        }
        if seriesDescription && peek() != "{" { return .valueSequence }
        return .statements
    }
}

func isSpace(_ r: Unicode.Scalar?) -> Bool {
    r == " " || r == "\t" || r == "\n" || r == "\r"
}

func isDigit(_ r: Unicode.Scalar?) -> Bool {
    guard let r else { return false }
    return r >= "0" && r <= "9"
}

func isAlpha(_ r: Unicode.Scalar?) -> Bool {
    guard let r else { return false }
    return r == "_" || (r >= "a" && r <= "z") || (r >= "A" && r <= "Z")
}

func isAlphaNumeric(_ r: Unicode.Scalar?) -> Bool { isAlpha(r) || isDigit(r) }

/// Whether `name` is a valid label name (`isLabel`, lex.go).
func isLabelName(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, isAlpha(first) else { return false }
    return name.unicodeScalars.allSatisfy(isAlphaNumeric)
}

private func digitValue(_ ch: Unicode.Scalar?) -> UInt64 {
    guard let ch else { return 16 }
    switch ch {
    case "0"..."9": return UInt64(ch.value - 48)
    case "a"..."f": return UInt64(ch.value - 97 + 10)
    case "A"..."F": return UInt64(ch.value - 65 + 10)
    default: return 16
    }
}
