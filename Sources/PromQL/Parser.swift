// The PromQL parser: a recursive-descent/precedence-climbing parser that accepts the language of
// Prometheus 2.42's yacc grammar (promql/parser/generated_parser.y) and reports its first error
// with the same wording and position. Type checking is a separate pass (TypeChecker.swift).

/// Parses and type-checks a PromQL expression.
///
///     let node = try parseExpression("sum by (job) (rate(http_requests_total[5m]))")
///
/// - Throws: `PromQLError` of kind `.parse` with a byte position; `rendered(query:)` prints it as
///   Prometheus does (`1:5: parse error: ...`).
/// - Complexity: O(n) in the length of the query.
public func parseExpression(_ query: String) throws(PromQLError) -> Node {
    var parser = Parser(query: query)
    let node = try parser.parseQuery()
    return try TypeChecker(query: query).check(node)
}

/// The value type an expression evaluates to (`Expr.Type()`, promql/parser/ast.go).
public func valueType(of node: Node) -> ValueType {
    switch node {
    case .number: return .scalar
    case .string: return .string
    case .vectorSelector: return .vector
    case .matrixSelector, .subquery: return .matrix
    case .paren(let paren): return valueType(of: paren.expr)
    case .unary(let unary): return valueType(of: unary.expr)
    case .binary(let binary):
        if valueType(of: binary.lhs) == .scalar && valueType(of: binary.rhs) == .scalar { return .scalar }
        return .vector
    case .aggregate: return .vector
    case .call(let call): return FunctionSignatures.signature(named: call.function)?.returnType ?? .vector
    }
}

struct Parser {
    /// The deepest expression tree (and parser recursion) we accept. Prometheus has no limit; we
    /// keep one so that a hostile query cannot exhaust the stack of the parser, the type checker
    /// or the evaluator, all of which recurse over the tree.
    static let maxExpressionDepth = 512

    /// A parsed expression with the height of its tree.
    typealias Parsed = (node: Node, height: Int)

    let query: String
    let byteCount: Int
    var tokens: [Token]
    var index = 0
    /// End offset of the last consumed `) } ] number duration` token (`parser.lastClosing`).
    var lastClosing = 0
    /// How many aggregations enclose the current position; yacc's error recovery then reports
    /// stray tokens "in aggregation" (the only expression-level state with an error rule).
    var aggregationDepth = 0
    var recursionDepth = 0

    init(query: String, seriesDescription: Bool = false) {
        self.query = query
        byteCount = query.utf8.count
        tokens = Lexer.tokenize(query, seriesDescription: seriesDescription)
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }

    var following: Token { tokens[min(index + 1, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        switch token.kind {
        case .rightBrace, .rightParen, .rightBracket, .duration, .number:
            lastClosing = token.pos + token.length
        default:
            break
        }
        return token
    }

    // MARK: - Errors

    /// "unexpected <found> in <context>, expected <expected>" for the current token, or the
    /// lexer's own message when the current token is a lexing error (`parser.unexpected`).
    func unexpected(_ context: String, expected: String = "") -> PromQLError {
        unexpected(current, context, expected: expected)
    }

    func unexpected(_ token: Token, _ context: String, expected: String = "") -> PromQLError {
        if token.kind == .error {
            // Prometheus: `parser.Lex` reports lexer errors from the token start to the end of input.
            return .parse(token.text, at: PositionRange(start: token.pos, end: byteCount))
        }
        var message = "unexpected " + token.description
        if !context.isEmpty { message += " in " + context }
        if !expected.isEmpty { message += ", expected " + expected }
        return .parse(message, at: token.range)
    }

    /// The context yacc's error recovery lands in for a stray token inside an expression.
    var expressionContext: String { aggregationDepth > 0 ? "aggregation" : "" }

    mutating func enterRecursion() throws(PromQLError) {
        recursionDepth += 1
        if recursionDepth > Self.maxExpressionDepth { throw tooDeep() }
    }

    func tooDeep() -> PromQLError {
        .parse("expression nesting exceeds the maximum depth of \(Self.maxExpressionDepth)", at: current.range)
    }

    func checkedHeight(_ height: Int) throws(PromQLError) -> Int {
        if height > Self.maxExpressionDepth { throw tooDeep() }
        return height
    }

    // MARK: - Expressions

    mutating func parseQuery() throws(PromQLError) -> Node {
        if current.kind == .eof {
            throw .parse("no expression found in input", at: PositionRange(start: 0, end: 0))
        }
        let parsed = try parseExpression(minPrecedence: 0)
        guard current.kind == .eof else { throw unexpected(expressionContext) }
        return parsed.node
    }

    /// Binding strength of binary operators, loosest first (generated_parser.y `%left`/`%right`).
    static func precedence(of op: BinaryOperator) -> Int {
        switch op {
        case .lor: return 1
        case .land, .lunless: return 2
        case .eql, .neq, .lte, .lss, .gte, .gtr: return 3
        case .add, .sub: return 4
        case .mul, .div, .mod, .atan2: return 5
        case .pow: return 6
        }
    }

    /// Unary `+`/`-` bind like `*` (`%prec MUL`), so their operand takes only `^` chains.
    static let unaryOperandPrecedence = 6

    mutating func parseExpression(minPrecedence: Int) throws(PromQLError) -> Parsed {
        try enterRecursion()
        defer { recursionDepth -= 1 }
        var lhs = try parseUnary()
        while let op = current.kind.binaryOperator {
            let precedence = Self.precedence(of: op)
            guard precedence >= minPrecedence else { break }
            advance()
            let (returnBool, matching) = try parseBinaryModifiers()
            // `^` is right-associative; every other operator is left-associative.
            let rhs = try parseExpression(minPrecedence: op == .pow ? precedence : precedence + 1)
            let position = PositionRange(start: lhs.node.position.start, end: rhs.node.position.end)
            let binary = BinaryExpr(op: op, lhs: lhs.node, rhs: rhs.node, matching: matching,
                                    returnBool: returnBool, position: position)
            lhs = (.binary(binary), try checkedHeight(max(lhs.height, rhs.height) + 1))
        }
        return lhs
    }

    /// `bool`, then `on(...)`/`ignoring(...)`, then `group_left(...)`/`group_right(...)`.
    /// The matching is always filled in here; the type checker drops it for scalar operands.
    mutating func parseBinaryModifiers() throws(PromQLError) -> (Bool, VectorMatching) {
        var returnBool = false
        if current.kind == .bool {
            advance()
            returnBool = true
        }
        var matching = VectorMatching(cardinality: .oneToOne)
        if current.kind == .on || current.kind == .ignoring {
            matching.on = advance().kind == .on
            matching.matchingLabels = try parseGroupingLabels()
            if current.kind == .groupLeft || current.kind == .groupRight {
                matching.cardinality = advance().kind == .groupLeft ? .manyToOne : .oneToMany
                if current.kind == .leftParen {
                    matching.include = try parseGroupingLabels()
                }
            }
        }
        return (returnBool, matching)
    }

    mutating func parseUnary() throws(PromQLError) -> Parsed {
        guard current.kind == .add || current.kind == .sub else {
            return try parsePostfix(parsePrimary())
        }
        let opToken = advance()
        let operand = try parseExpression(minPrecedence: Self.unaryOperandPrecedence)
        // A sign directly before a number literal is folded into it (generated_parser.y unary_expr).
        if case .number(var literal) = operand.node {
            if opToken.kind == .sub { literal.value *= -1 }
            literal.position.start = opToken.pos
            return (.number(literal), operand.height)
        }
        let unary = UnaryExpr(op: opToken.kind == .sub ? .minus : .plus, expr: operand.node,
                              position: PositionRange(start: opToken.pos, end: operand.node.position.end))
        return (.unary(unary), try checkedHeight(operand.height + 1))
    }

    mutating func parsePrimary() throws(PromQLError) -> Parsed {
        let token = current
        switch token.kind {
        case .number:
            advance()
            return (.number(NumberLiteral(value: try numberValue(of: token), position: token.range)), 1)
        case .string:
            advance()
            return (.string(StringLiteral(value: unquoteString(token.text), position: token.range)), 1)
        case .leftParen:
            advance()
            let inner = try parseExpression(minPrecedence: 0)
            guard current.kind == .rightParen else { throw unexpected(expressionContext) }
            let close = advance()
            let paren = ParenExpr(expr: inner.node, position: PositionRange(start: token.pos, end: close.pos + close.length))
            return (.paren(paren), try checkedHeight(inner.height + 1))
        case .leftBrace:
            return (try parseVectorSelector(nameToken: nil), 1)
        case .identifier where following.kind == .leftParen:
            return try parseFunctionCall()
        default:
            if token.kind.isAggregator,
               [.leftParen, .by, .without].contains(following.kind) {
                return try parseAggregate()
            }
            if token.kind.canBeMetricName {
                advance()
                return (try parseVectorSelector(nameToken: token), 1)
            }
            throw unexpected(expressionContext)
        }
    }

    func numberValue(of token: Token) throws(PromQLError) -> Double {
        switch parseNumberLiteral(token.text) {
        case .success(let value): return value
        case .failure(let error): throw .parse("error parsing number: " + error.message, at: token.range)
        }
    }

    /// Parses a DURATION token; zero is rejected as in `parseDuration` (parse.go).
    mutating func parseDurationToken() throws(PromQLError) -> Int64 {
        let token = advance()
        switch parsePromQLDuration(token.text) {
        case .failure(let error):
            throw .parse(error.message, at: token.range)
        case .success(let milliseconds):
            if milliseconds == 0 { throw .parse("duration must be greater than 0", at: token.range) }
            return milliseconds
        }
    }
}
