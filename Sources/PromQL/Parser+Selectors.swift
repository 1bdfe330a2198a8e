// Selectors and the postfix modifiers that follow an expression: `{...}` matchers, `[range]`,
// `[range:step]` subqueries, `offset` and `@`.
// Prometheus: vector_selector, label_matchers, matrix_selector, subquery_expr, offset_expr and
// step_invariant_expr in generated_parser.y; addOffset, setTimestamp, getAtModifierVars in parse.go.

extension Parser {
    /// A selector after its (optional) metric name token; the name becomes a trailing
    /// `__name__="name"` matcher, as `assembleVectorSelector` appends it.
    mutating func parseVectorSelector(nameToken: Token?) throws(PromQLError) -> Node {
        var matchers: [LabelMatcher] = []
        var position = nameToken?.range ?? current.range
        if current.kind == .leftBrace {
            let open = advance()
            matchers = try parseLabelMatchers()
            position = PositionRange(start: nameToken?.pos ?? open.pos, end: lastClosing)
        }
        if let nameToken {
            guard let nameMatcher = try? LabelMatcher(name: Labels.metricName, type: .equal, value: nameToken.text) else {
                preconditionFailure("an equality matcher never fails to build")
            }
            matchers.append(nameMatcher)
        }
        return .vectorSelector(VectorSelector(name: nameToken?.text, matchers: matchers, position: position))
    }

    /// The matchers after `{`, up to and including `}`; a trailing comma is allowed.
    mutating func parseLabelMatchers() throws(PromQLError) -> [LabelMatcher] {
        var matchers: [LabelMatcher] = []
        if current.kind == .rightBrace {
            advance()
            return matchers
        }
        while true {
            guard current.kind == .identifier else {
                throw unexpected("label matching", expected: "identifier or \"}\"")
            }
            let label = advance()
            let type: LabelMatcher.MatchType
            switch current.kind {
            case .eql: type = .equal
            case .neq: type = .notEqual
            case .eqlRegex: type = .regexMatch
            case .neqRegex: type = .regexNoMatch
            default: throw unexpected("label matching", expected: "label matching operator")
            }
            advance()
            guard current.kind == .string else { throw unexpected("label matching", expected: "string") }
            let value = advance()
            do {
                matchers.append(try LabelMatcher(name: label.text, type: type, value: unquoteString(value.text)))
            } catch {
                throw .parse(error.message, at: PositionRange(start: label.pos, end: value.pos + value.length))
            }
            switch current.kind {
            case .comma:
                advance()
                if current.kind == .rightBrace {
                    advance()
                    return matchers
                }
            case .rightBrace:
                advance()
                return matchers
            default:
                throw unexpected("label matching", expected: "\",\" or \"}\"")
            }
        }
    }

    /// Applies every `offset`, `@`, `[range]` and `[range:step]` that follows an operand. They bind
    /// tighter than any operator (OFFSET and LEFT_BRACKET have the highest precedence in the grammar,
    /// and AT always shifts).
    mutating func parsePostfix(_ operand: Parsed) throws(PromQLError) -> Parsed {
        var (node, height) = operand
        while true {
            switch current.kind {
            case .offset:
                advance()
                var sign: Int64 = 1
                if current.kind == .sub {
                    advance()
                    sign = -1
                }
                guard current.kind == .duration else { throw unexpected("offset", expected: "duration") }
                let milliseconds = try parseDurationToken()
                node = try addOffset(node, sign * milliseconds)
            case .at:
                advance()
                node = try parseAtModifier(node)
            case .leftBracket:
                (node, height) = try parseRangeOrSubquery((node, height))
            default:
                return (node, height)
            }
        }
    }

    // Prometheus: addOffset (parse.go).
    func addOffset(_ node: Node, _ offsetMs: Int64) throws(PromQLError) -> Node {
        let twice = PromQLError.parse("offset may not be set multiple times", at: node.position)
        switch node {
        case .vectorSelector(var selector):
            if selector.offsetMs != 0 { throw twice }
            selector.offsetMs = offsetMs
            selector.position.end = lastClosing
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if matrix.vectorSelector.offsetMs != 0 { throw twice }
            matrix.vectorSelector.offsetMs = offsetMs
            matrix.position.end = lastClosing
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            if subquery.offsetMs != 0 { throw twice }
            subquery.offsetMs = offsetMs
            subquery.position.end = lastClosing
            return .subquery(subquery)
        case .number, .string, .paren, .unary, .binary, .aggregate, .call:
            throw .parse("offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                         at: node.position)
        }
    }

    /// After `@`: a (signed) number of seconds, or `start()` / `end()`.
    mutating func parseAtModifier(_ node: Node) throws(PromQLError) -> Node {
        switch current.kind {
        case .number, .add, .sub:
            var sign = 1.0
            if current.kind != .number {
                sign = advance().kind == .sub ? -1 : 1
                guard current.kind == .number else { throw unexpected("@", expected: "timestamp") }
            }
            let seconds = sign * (try numberValue(of: advance()))
            // Prometheus: setTimestamp (parse.go) rejects what does not fit an int64 of milliseconds.
            if !seconds.isFinite || seconds >= 9.223372036854775807e18 || seconds <= -9.223372036854775808e18 {
                throw .parse("timestamp out of bounds for @ modifier: \(goFixedSixDecimals(seconds))", at: node.position)
            }
            // Prometheus: timestamp.FromFloatSeconds rounds half away from zero. Go's float-to-int
            // conversion gives math.MinInt64 on amd64 when the milliseconds overflow; so do we.
            let milliseconds = (seconds * 1000).rounded()
            let inRange = milliseconds >= -9.223372036854775808e18 && milliseconds < 9.223372036854775808e18
            return try setAt(node, .timestamp(milliseconds: inRange ? Int64(milliseconds) : Int64.min))
        case .start, .end:
            let which = advance()
            guard current.kind == .leftParen else { throw unexpected("@", expected: "timestamp") }
            advance()
            guard current.kind == .rightParen else { throw unexpected("@", expected: "timestamp") }
            advance()
            return try setAt(node, which.kind == .start ? .start : .end)
        default:
            throw unexpected("@", expected: "timestamp")
        }
    }

    // Prometheus: getAtModifierVars (parse.go).
    func setAt(_ node: Node, _ at: AtModifier) throws(PromQLError) -> Node {
        let twice = PromQLError.parse("@ <timestamp> may not be set multiple times", at: node.position)
        switch node {
        case .vectorSelector(var selector):
            if selector.at != nil { throw twice }
            selector.at = at
            selector.position.end = lastClosing
            return .vectorSelector(selector)
        case .matrixSelector(var matrix):
            if matrix.vectorSelector.at != nil { throw twice }
            matrix.vectorSelector.at = at
            matrix.position.end = lastClosing
            return .matrixSelector(matrix)
        case .subquery(var subquery):
            if subquery.at != nil { throw twice }
            subquery.at = at
            subquery.position.end = lastClosing
            return .subquery(subquery)
        case .number, .string, .paren, .unary, .binary, .aggregate, .call:
            throw .parse("@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                         at: node.position)
        }
    }

    /// `[range]` (a range selector) or `[range:step]` / `[range:]` (a subquery) after `operand`.
    mutating func parseRangeOrSubquery(_ operand: Parsed) throws(PromQLError) -> Parsed {
        let open = advance()
        guard current.kind == .duration else { throw unexpected("subquery selector", expected: "duration") }
        let rangeMs = try parseDurationToken()
        switch current.kind {
        case .rightBracket:
            let close = advance()
            let bracketRange = PositionRange(start: open.pos, end: close.pos + close.length)
            // Prometheus: matrix_selector (generated_parser.y).
            guard case .vectorSelector(let selector) = operand.node else {
                throw .parse("ranges only allowed for vector selectors", at: bracketRange)
            }
            if selector.offsetMs != 0 { throw .parse("no offset modifiers allowed before range", at: bracketRange) }
            if case .timestamp = selector.at { throw .parse("no @ modifiers allowed before range", at: bracketRange) }
            let matrix = MatrixSelector(vectorSelector: selector, rangeMs: rangeMs,
                                        position: PositionRange(start: selector.position.start, end: lastClosing))
            return (.matrixSelector(matrix), try checkedHeight(operand.height + 1))
        case .colon:
            advance()
            var stepMs: Int64?
            if current.kind == .duration {
                stepMs = try parseDurationToken()
                guard current.kind == .rightBracket else { throw unexpected("subquery selector", expected: "\"]\"") }
            }
            guard current.kind == .rightBracket else {
                throw unexpected("subquery selector", expected: "duration or \"]\"")
            }
            let close = advance()
            let subquery = SubqueryExpr(expr: operand.node, rangeMs: rangeMs, stepMs: stepMs,
                                        position: PositionRange(start: operand.node.position.start, end: close.pos + 1))
            return (.subquery(subquery), try checkedHeight(operand.height + 1))
        default:
            throw unexpected("subquery or range", expected: "\":\" or \"]\"")
        }
    }
}
