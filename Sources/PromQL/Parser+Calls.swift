// Function calls, aggregations and grouping label lists.
// Prometheus: function_call, function_call_body, aggregate_expr, grouping_labels in
// generated_parser.y; newAggregateExpr in parse.go.

extension Parser {
    /// `name(args...)`. An unknown name is reported after the arguments parse, as Prometheus
    /// reports it when the call is reduced.
    mutating func parseFunctionCall() throws(PromQLError) -> Parsed {
        let name = advance()
        let (args, height) = try parseCallBody()
        guard FunctionSignatures.signature(named: name.text) != nil else {
            throw .parse("unknown function with name \(goQuote(name.text))", at: name.range)
        }
        let call = Call(function: name.text, args: args, position: PositionRange(start: name.pos, end: lastClosing))
        return (.call(call), try checkedHeight(height + 1))
    }

    /// `( expr, expr, ... )`; returns the arguments and the height of the tallest one.
    mutating func parseCallBody() throws(PromQLError) -> ([Node], Int) {
        guard current.kind == .leftParen else { throw unexpected(expressionContext) }
        advance()
        var args: [Node] = []
        var height = 0
        if current.kind == .rightParen {
            advance()
            return (args, height)
        }
        while true {
            let arg = try parseExpression(minPrecedence: 0)
            args.append(arg.node)
            height = max(height, arg.height)
            switch current.kind {
            case .comma:
                let comma = advance()
                if current.kind == .rightParen {
                    throw .parse("trailing commas not allowed in function call args", at: comma.range)
                }
            case .rightParen:
                advance()
                return (args, height)
            default:
                throw unexpected(expressionContext)
            }
        }
    }

    /// `op [by|without (labels)] (args) [by|without (labels)]`.
    mutating func parseAggregate() throws(PromQLError) -> Parsed {
        let opToken = advance()
        guard let op = opToken.kind.aggregateOperator else {
            preconditionFailure("parseAggregate called on a non-aggregator token")
        }
        aggregationDepth += 1
        var grouping: [String] = []
        var without = false
        var hasModifier = false
        if current.kind == .by || current.kind == .without {
            without = advance().kind == .without
            grouping = try parseGroupingLabels()
            hasModifier = true
            guard current.kind == .leftParen else { throw unexpected("aggregation") }
        }
        let (args, height) = try parseCallBody()
        if !hasModifier, current.kind == .by || current.kind == .without {
            without = advance().kind == .without
            grouping = try parseGroupingLabels()
        }
        aggregationDepth -= 1

        // Prometheus: newAggregateExpr (parse.go).
        let position = PositionRange(start: opToken.pos, end: lastClosing)
        if args.isEmpty { throw .parse("no arguments for aggregate expression provided", at: position) }
        let desiredArgs = op.takesParameter ? 2 : 1
        guard args.count == desiredArgs else {
            throw .parse("wrong number of arguments for aggregate expression provided, expected \(desiredArgs), got \(args.count)",
                         at: position)
        }
        let aggregate = AggregateExpr(op: op, expr: args[desiredArgs - 1], parameter: op.takesParameter ? args[0] : nil,
                                      grouping: grouping, without: without, position: position)
        return (.aggregate(aggregate), try checkedHeight(height + 1))
    }

    /// `(label, label, ...)` after `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`.
    /// Keywords are accepted as label names (`maybe_label` in the grammar).
    mutating func parseGroupingLabels() throws(PromQLError) -> [String] {
        guard current.kind == .leftParen else { throw unexpected("grouping opts", expected: "\"(\"") }
        advance()
        var labels: [String] = []
        if current.kind == .rightParen {
            advance()
            return labels
        }
        while true {
            guard current.kind.canBeGroupingLabel else { throw unexpected("grouping opts", expected: "label") }
            let label = advance()
            guard isLabelName(label.text) else { throw unexpected(label, "grouping opts", expected: "label") }
            labels.append(label.text)
            switch current.kind {
            case .comma:
                advance()
                if current.kind == .rightParen {
                    advance()
                    return labels
                }
            case .rightParen:
                advance()
                return labels
            default:
                throw unexpected("grouping opts", expected: "\",\" or \")\"")
            }
        }
    }
}
