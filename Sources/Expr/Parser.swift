/// A precedence-climbing parser with expr-lang's grammar and error wording.
/// expr-lang: `parser/parser.go` (`parseExpression`, `parsePrimary`, `parsePostfixExpression`).
///
/// Only the first error is reported, as upstream does. Nesting is capped so that hostile input
/// (`((((…` ten thousand deep) fails with an error instead of exhausting the stack.
struct Parser {
    private var tokens: [Token]
    private var index = 0
    /// > 0 while inside a predicate closure, where `#` and `.field` are allowed.
    private var closureDepth = 0
    private var nestingDepth = 0
    private var nodeCount = 0

    /// Deepest nesting of sub-expressions we accept; each level costs a few stack frames in the
    /// parser, checker and evaluator, and real conditions stay under ten.
    static let maxNestingDepth = 128
    /// expr-lang `conf.DefaultMaxNodes`.
    static let maxNodes = 10_000

    static func parse(_ source: String) throws(RawError) -> Node {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        let node = try parser.parseSequence()
        guard parser.current.is(.eof) else {
            throw RawError(.unexpectedToken(parser.current.upstreamDescription), parser.current.range)
        }
        return node
    }

    private init(tokens: [Token]) {
        self.tokens = tokens
    }

    // MARK: - Token stream

    private var current: Token { tokens[index] }

    private mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    private mutating func expect(_ kind: Token.Kind, _ value: String? = nil) throws(RawError) {
        guard current.is(kind, value) else { throw unexpected() }
        advance()
    }

    /// "unexpected token EOF" when the input ends early, as upstream words it.
    private func unexpected() -> RawError {
        RawError(.unexpectedToken(current.upstreamDescription), current.range)
    }

    private mutating func make(_ kind: Node.Kind, _ range: SourceRange) throws(RawError) -> Node {
        nodeCount += 1
        if nodeCount > Parser.maxNodes {
            throw RawError(.tooManyNodes, range)
        }
        let node = Node(kind: kind, range: range)
        // Left-leaning chains (`1+1+1…`, `a[0][0]…`) grow the tree without deepening the parser's
        // own recursion, so the tree depth is checked here as well.
        guard node.depth <= Parser.maxNestingDepth else {
            throw RawError(.nestingTooDeep(limit: Parser.maxNestingDepth), range)
        }
        return node
    }

    // MARK: - Expressions

    private mutating func parseSequence() throws(RawError) -> Node {
        var nodes = [try parseExpression(0)]
        while current.is(.operator, ";") {
            advance()
            if current.is(.eof) { break }
            nodes.append(try parseExpression(0))
        }
        return nodes.count == 1 ? nodes[0] : try make(.sequence(nodes), nodes[0].range)
    }

    private mutating func parseExpression(_ precedence: Int) throws(RawError) -> Node {
        nestingDepth += 1
        defer { nestingDepth -= 1 }
        guard nestingDepth <= Parser.maxNestingDepth else {
            throw RawError(.nestingTooDeep(limit: Parser.maxNestingDepth), current.range)
        }
        if precedence == 0 && current.is(.operator, "let") { return try parseLet() }
        if precedence == 0 && current.is(.operator, "if") { return try parseIf() }

        var left = try parsePrimary()
        var previous: BinaryOperator?
        while current.is(.operator) {
            var operatorToken = current
            var negated = false
            if operatorToken.value == "|" {
                // `x | f(a)` is `f(x, a)`; the pipe has precedence 0, so it binds loosest.
                guard precedence == 0 else { break }
                advance()
                let name = current
                try expect(.identifier)
                guard current.is(.bracket, "(") else { throw unexpected() }
                left = try parseCall(name, piped: left)
                previous = nil
                continue
            }
            if operatorToken.value == "not" {
                // `a not in b` is `not (a in b)`; a bare `not` here is out of place.
                let next = tokens[min(index + 1, tokens.count - 1)]
                guard next.is(.operator), let op = BinaryOperator(rawValue: next.value), op.allowsNegation else {
                    advance()
                    throw unexpected()
                }
                guard op.precedence >= precedence else { break }
                advance()
                operatorToken = current
                negated = true
            }
            guard let op = BinaryOperator(rawValue: operatorToken.value), op.precedence >= precedence else { break }
            advance()
            if previous == .coalesce && op != .coalesce {
                throw RawError(.coalesceMixed(operator: op.rawValue), operatorToken.range)
            }
            if op.isComparison {
                left = try parseComparison(left, operatorToken, op)
            } else {
                let right = try parseExpression(op.isRightAssociative ? op.precedence : op.precedence + 1)
                left = try make(.binary(op, left, right), operatorToken.range)
                if negated { left = try make(.unary(.not, left), operatorToken.range) }
            }
            previous = op
        }
        if precedence == 0 { left = try parseConditional(left) }
        return left
    }

    /// `a < b < c` means `a < b && b < c` (expr-lang `parseComparison`).
    private mutating func parseComparison(_ first: Node, _ token: Token, _ op: BinaryOperator) throws(RawError) -> Node {
        var left = first
        var token = token
        var op = op
        var root: Node?
        while true {
            let right = try parseExpression(op.precedence + 1)
            let comparison = try make(.binary(op, left, right), token.range)
            root = try root.map { (node) throws(RawError) in try make(.binary(.andAnd, node, comparison), token.range) }
                ?? comparison
            left = right
            token = current
            guard token.is(.operator), let next = BinaryOperator(rawValue: token.value), next.isComparison else { break }
            op = next
            advance()
        }
        return root ?? first
    }

    /// `let name = value; body` (expr-lang `parseVariableDeclaration`): the body is the rest of the
    /// sequence, so the name stays visible until the enclosing bracket closes.
    private mutating func parseLet() throws(RawError) -> Node {
        try expect(.operator, "let")
        let name = current
        try expect(.identifier)
        try expect(.operator, "=")
        let value = try parseExpression(0)
        try expect(.operator, ";")
        let body = try parseSequence()
        return try make(.letBinding(name: name.value, value: value, body: body), name.range)
    }

    /// `if cond { a } else { b }`, with `else if` chains (expr-lang `parseConditionalIf`).
    private mutating func parseIf() throws(RawError) -> Node {
        let ifRange = current.range
        advance()
        let condition = try parseExpression(0)
        try expect(.bracket, "{")
        let then = try parseSequence()
        try expect(.bracket, "}")
        try expect(.operator, "else")
        let otherwise: Node
        if current.is(.operator, "if") {
            nestingDepth += 1
            defer { nestingDepth -= 1 }
            guard nestingDepth <= Parser.maxNestingDepth else {
                throw RawError(.nestingTooDeep(limit: Parser.maxNestingDepth), current.range)
            }
            otherwise = try parseIf()
        } else {
            try expect(.bracket, "{")
            otherwise = try parseSequence()
            try expect(.bracket, "}")
        }
        return try make(.conditional(condition: condition, then: then, else: otherwise), ifRange)
    }

    private mutating func parseConditional(_ condition: Node) throws(RawError) -> Node {
        var node = condition
        while current.is(.operator, "?") {
            let questionRange = current.range
            advance()
            let then: Node
            let otherwise: Node
            if current.is(.operator, ":") {
                // `a ?: b` is `a ? a : b`.
                advance()
                then = node
                otherwise = try parseExpression(0)
            } else {
                then = try parseExpression(0)
                try expect(.operator, ":")
                otherwise = try parseExpression(0)
            }
            node = try make(.conditional(condition: node, then: then, else: otherwise), questionRange)
        }
        return node
    }

    private mutating func parsePrimary() throws(RawError) -> Node {
        let token = current
        if token.is(.operator), let op = UnaryOperator(rawValue: token.value) {
            advance()
            let operand = try parseExpression(op == .minus || op == .plus ? 90 : 50)
            return try parsePostfix(try make(.unary(op, operand), token.range))
        }
        if token.is(.bracket, "(") {
            advance()
            nestingDepth += 1
            defer { nestingDepth -= 1 }
            let inner = try parseSequence()
            try expect(.bracket, ")")
            return try parsePostfix(inner)
        }
        if closureDepth > 0, token.is(.operator, "#") || token.is(.operator, ".") {
            var name = PointerName.element
            if token.is(.operator, "#") {
                advance()
                if current.is(.identifier) {
                    switch current.value {
                    case "index": name = .index
                    case "acc": name = .accumulator
                    default: throw RawError(.unknownPointer(current.value), token.range)
                    }
                    advance()
                }
            }
            // For `.field` the dot stays current, so the postfix loop reads it as `#.field`.
            return try parsePostfix(try make(.pointer(name), token.range))
        }
        return try parseSecondary()
    }

    private mutating func parseSecondary() throws(RawError) -> Node {
        let token = current
        let node: Node
        switch token.kind {
        case .identifier:
            advance()
            switch token.value {
            case "true": return try make(.literal(.bool(true)), token.range)
            case "false": return try make(.literal(.bool(false)), token.range)
            case "nil": return try make(.literal(.nil), token.range)
            default:
                node = current.is(.bracket, "(")
                    ? try parseCall(token) : try make(.identifier(token.value), token.range)
            }
        case .number:
            advance()
            // Upstream reports a bad literal at the token after it.
            return try make(.literal(try parseNumber(token, errorRange: current.range)), token.range)
        case .string:
            advance()
            node = try make(.literal(.string(token.value)), token.range)
        case .bracket where token.value == "[":
            node = try parseArray()
        case .bracket where token.value == "{":
            node = try parseMap()
        default:
            throw unexpected()
        }
        return try parsePostfix(node)
    }

    /// expr-lang `parseSecondary` number rules: `_` separators, hex/octal/binary integers,
    /// a `.` or `e` makes a float; integers must fit in 64 bits.
    private func parseNumber(_ token: Token, errorRange: SourceRange) throws(RawError) -> ExprValue {
        let text = token.value.filter { $0 != "_" }
        let lower = text.lowercased()
        // Same order as upstream: hex before the float test (hex digits include "e").
        if lower.hasPrefix("0x") { return try parseInteger(text, radix: 16, kind: .hex, errorRange) }
        if lower.contains(".") || lower.contains("e") {
            guard let value = goParseFloat(text), !lower.hasPrefix("0b"), !lower.hasPrefix("0o") else {
                // Well-formed but beyond float64 ("1e400") is ParseFloat's range error.
                let tooLarge = !lower.hasPrefix("0b") && !lower.hasPrefix("0o") && Double(text)?.isInfinite == true
                throw RawError(.invalidLiteral(.float, text: text, outOfRange: tooLarge), errorRange)
            }
            return .float(value)
        }
        if lower.hasPrefix("0b") { return try parseInteger(text, radix: 2, kind: .binary, errorRange) }
        if lower.hasPrefix("0o") { return try parseInteger(text, radix: 8, kind: .octal, errorRange) }
        return try parseInteger(text, radix: 10, kind: .integer, errorRange)
    }

    private func parseInteger(
        _ text: String, radix: Int, kind: ExprError.LiteralKind, _ errorRange: SourceRange
    ) throws(RawError) -> ExprValue {
        let digits = radix == 10 ? Substring(text) : text.dropFirst(2)
        guard let value = Int(digits, radix: radix) else {
            throw RawError(.invalidLiteral(kind, text: text, outOfRange: !digits.isEmpty), errorRange)
        }
        return .int(value)
    }

    /// A call; `piped` is the left side of `|`, which becomes the first argument.
    private mutating func parseCall(_ nameToken: Token, piped: Node? = nil) throws(RawError) -> Node {
        if let predicate = PredicateBuiltin(rawValue: nameToken.value) {
            try expect(.bracket, "(")
            // Upstream counts the parameters still to parse, the optional third one included.
            let declared = (predicate.acceptsArgument ? 3 : 2) - (piped == nil ? 0 : 1)
            let collection: Node
            if let piped {
                collection = piped
            } else {
                if current.is(.bracket, ")") { throw RawError(.expectedArguments(declared), current.range) }
                collection = try parseExpression(0)
            }
            var body: Node?
            if !(predicate.closureIsOptional && current.is(.bracket, ")")) {
                if current.is(.bracket, ")") { throw RawError(.expectedArguments(declared), current.range) }
                if piped == nil { try expect(.operator, ",") }
                body = try parseClosure()
            }
            var argument: Node?
            if predicate.acceptsArgument && !current.is(.bracket, ")") {
                try expect(.operator, ",")
                argument = try parseExpression(0)
            }
            if current.is(.operator, ",") { advance() }
            try expect(.bracket, ")")
            return try make(.predicate(predicate, collection: collection, body: body, argument: argument), nameToken.range)
        }
        let arguments = [piped].compactMap { $0 } + (try parseArguments())
        return try make(.call(name: nameToken.value, arguments: arguments), nameToken.range)
    }

    private mutating func parseArguments() throws(RawError) -> [Node] {
        try expect(.bracket, "(")
        var arguments: [Node] = []
        while !current.is(.bracket, ")") {
            if !arguments.isEmpty {
                try expect(.operator, ",")
                if current.is(.bracket, ")") { break }
            }
            arguments.append(try parseExpression(0))
        }
        try expect(.bracket, ")")
        return arguments
    }

    /// A predicate is `{ body }` or a bare expression (`all(result, # > 10)`).
    private mutating func parseClosure() throws(RawError) -> Node {
        let start = current.range
        let braced = current.is(.bracket, "{")
        if braced { advance() }
        closureDepth += 1
        defer { closureDepth -= 1 }
        let body: Node
        if braced {
            body = try parseSequence()
            try expect(.bracket, "}")
        } else {
            body = try parseExpression(0)
            if current.is(.operator, ";") { throw RawError(.predicateNeedsBrackets, current.range) }
        }
        return try make(.closure(body), start)
    }

    private mutating func parseArray() throws(RawError) -> Node {
        let start = current.range
        try expect(.bracket, "[")
        var elements: [Node] = []
        while !current.is(.bracket, "]") {
            if !elements.isEmpty {
                try expect(.operator, ",")
                if current.is(.bracket, "]") { break }
            }
            elements.append(try parseExpression(0))
        }
        try expect(.bracket, "]")
        return try make(.array(elements), start)
    }

    private mutating func parseMap() throws(RawError) -> Node {
        let start = current.range
        try expect(.bracket, "{")
        var pairs: [(key: Node, value: Node)] = []
        while !current.is(.bracket, "}") {
            if !pairs.isEmpty {
                try expect(.operator, ",")
                if current.is(.bracket, "}") { break }
                if current.is(.operator, ",") { throw unexpected() }
            }
            let key: Node
            if current.is(.number) || current.is(.string) || current.is(.identifier) {
                key = try make(.literal(.string(current.value)), current.range)
                advance()
            } else if current.is(.bracket, "(") {
                key = try parseExpression(0)
            } else {
                throw RawError(.invalidMapKey(found: current.upstreamDescription), current.range)
            }
            try expect(.operator, ":")
            pairs.append((key, try parseExpression(0)))
        }
        try expect(.bracket, "}")
        return try make(.map(pairs), start)
    }

    // MARK: - Postfix: members, indexes, slices, optional chains

    private mutating func parsePostfix(_ base: Node) throws(RawError) -> Node {
        var node = base
        var inChain = false
        while current.is(.operator) || current.is(.bracket) {
            let token = current
            let optional = token.value == "?."
            if token.value == "." || optional {
                advance()
                if optional && current.is(.bracket, "[") {
                    node = try parseIndex(node, optional: true)
                    inChain = true
                    continue
                }
                let property = current
                if property.is(.eof) { throw RawError(.unexpectedEndOfExpression, property.range) }
                advance()
                guard property.is(.identifier) || (property.is(.operator) && isValidIdentifier(property.value)) else {
                    throw RawError(.expectedName, property.range)
                }
                if current.is(.bracket, "(") {
                    node = try make(.methodCall(base: node, name: property.value, arguments: try parseArguments()), property.range)
                } else {
                    let key = try make(.literal(.string(property.value)), property.range)
                    node = try make(.member(base: node, property: key, optional: optional), property.range)
                }
                inChain = inChain || optional
            } else if token.is(.bracket, "[") {
                node = try parseIndex(node, optional: false)
            } else {
                break
            }
        }
        return inChain ? try make(.chain(node), node.range) : node
    }

    private mutating func parseIndex(_ base: Node, optional: Bool) throws(RawError) -> Node {
        let bracket = current.range
        try expect(.bracket, "[")
        if current.is(.operator, ":") {
            advance()
            let to = current.is(.bracket, "]") ? nil : try parseExpression(0)
            try expect(.bracket, "]")
            return try make(.slice(base: base, from: nil, to: to), bracket)
        }
        let from = try parseExpression(0)
        if current.is(.operator, ":") {
            advance()
            let to = current.is(.bracket, "]") ? nil : try parseExpression(0)
            try expect(.bracket, "]")
            return try make(.slice(base: base, from: from, to: to), bracket)
        }
        try expect(.bracket, "]")
        return try make(.member(base: base, property: from, optional: optional), bracket)
    }
}

private func isValidIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || first == "$" || first.properties.isAlphabetic else {
        return false
    }
    return text.unicodeScalars.allSatisfy(isAlphaNumeric)
}
