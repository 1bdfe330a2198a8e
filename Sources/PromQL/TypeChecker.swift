// The type-checking pass that runs after a successful parse.
// Prometheus: `parser.checkAST` and `expectType` (promql/parser/parse.go). The walk visits nodes in
// the same order as Prometheus, so the first error found is the one Prometheus reports first.
// Like checkAST, it also normalises binary expressions: set operators become many-to-many, and
// the vector matching is dropped unless both operands are instant vectors.

struct TypeChecker {
    let bytes: [UInt8]

    init(query: String) {
        bytes = Array(query.utf8)
    }

    /// Returns the checked, normalised tree or throws the first type error.
    func check(_ node: Node) throws(PromQLError) -> Node {
        switch node {
        case .number, .string:
            return node

        case .vectorSelector(let selector):
            try checkSelector(selector)
            return node

        case .matrixSelector(let matrix):
            try checkSelector(matrix.vectorSelector)
            return node

        case .subquery(var subquery):
            subquery.expr = try check(subquery.expr)
            let type = valueType(of: subquery.expr)
            if type != .vector {
                throw .parse("subquery is only allowed on instant vector, got \(type.goName) instead", at: subquery.position)
            }
            return .subquery(subquery)

        case .paren(var paren):
            paren.expr = try check(paren.expr)
            return .paren(paren)

        case .unary(var unary):
            unary.expr = try check(unary.expr)
            let type = valueType(of: unary.expr)
            if type != .scalar && type != .vector {
                throw .parse("unary expression only allowed on expressions of type scalar or instant vector, got \(goQuote(type.rawValue))",
                             at: unary.position)
            }
            return .unary(unary)

        case .aggregate(var aggregate):
            aggregate.expr = try expect(aggregate.expr, .vector, in: "aggregation expression")
            if let parameter = aggregate.parameter {
                switch aggregate.op {
                case .topk, .bottomk, .quantile:
                    aggregate.parameter = try expect(parameter, .scalar, in: "aggregation parameter")
                case .countValues:
                    aggregate.parameter = try expect(parameter, .string, in: "aggregation parameter")
                case .sum, .avg, .min, .max, .count, .stddev, .stdvar, .group:
                    break
                }
            }
            return .aggregate(aggregate)

        case .call(var call):
            call.args = try checkCall(call)
            return .call(call)

        case .binary(let binary):
            return .binary(try checkBinary(binary))
        }
    }

    /// Checks `node` and that it has type `want` ("expected type X in <context>, got Y").
    private func expect(_ node: Node, _ want: ValueType, in context: String) throws(PromQLError) -> Node {
        let checked = try check(node)
        let type = valueType(of: checked)
        if type != want {
            throw .parse("expected type \(want.rawValue) in \(context), got \(type.rawValue)", at: checked.position)
        }
        return checked
    }

    private func checkSelector(_ selector: VectorSelector) throws(PromQLError) {
        if let name = selector.name {
            // The implied name matcher is the last one; any other `__name__` matcher clashes with it.
            for matcher in selector.matchers.dropLast() where matcher.name == Labels.metricName {
                throw .parse("metric name must not be set twice: \(goQuote(name)) or \(goQuote(matcher.value))",
                             at: selector.position)
            }
            return
        }
        if !selector.matchers.contains(where: { !$0.matchesEmpty }) {
            throw .parse("vector selector must contain at least one non-empty matcher", at: selector.position)
        }
    }

    private func checkCall(_ call: Call) throws(PromQLError) -> [Node] {
        guard let signature = FunctionSignatures.signature(named: call.function) else {
            // The parser rejects unknown names; a hand-built tree may still contain one.
            throw .parse("unknown function with name \(goQuote(call.function))", at: call.position)
        }
        let declared = signature.argumentTypes.count
        let name = goQuote(signature.name)
        if signature.variadic == 0 {
            if declared != call.args.count {
                throw .parse("expected \(declared) argument(s) in call to \(name), got \(call.args.count)", at: call.position)
            }
        } else {
            let required = declared - 1
            if required > call.args.count {
                throw .parse("expected at least \(required) argument(s) in call to \(name), got \(call.args.count)",
                             at: call.position)
            }
            let maximum = required + signature.variadic
            if signature.variadic > 0 && maximum < call.args.count {
                throw .parse("expected at most \(maximum) argument(s) in call to \(name), got \(call.args.count)",
                             at: call.position)
            }
        }
        var checked: [Node] = []
        for (index, arg) in call.args.enumerated() {
            var typeIndex = index
            if index >= declared {
                if signature.variadic == 0 { break }
                typeIndex = declared - 1
            }
            checked.append(try expect(arg, signature.argumentTypes[typeIndex], in: "call to function \(name)"))
        }
        return checked
    }

    private func checkBinary(_ input: BinaryExpr) throws(PromQLError) -> BinaryExpr {
        var binary = input
        binary.lhs = try check(binary.lhs)
        binary.rhs = try check(binary.rhs)
        let lhsType = valueType(of: binary.lhs)
        let rhsType = valueType(of: binary.rhs)
        let op = binary.op
        let operatorRange = operatorRange(of: binary)

        if binary.returnBool && !op.isComparison {
            throw .parse("bool modifier can only be used on comparison operators", at: operatorRange)
        }
        if op.isComparison && !binary.returnBool && lhsType == .scalar && rhsType == .scalar {
            throw .parse("comparisons between scalars must use BOOL modifier", at: operatorRange)
        }
        var matching = binary.matching ?? VectorMatching(cardinality: .oneToOne)
        if op.isSetOperator && matching.cardinality == .oneToOne {
            matching.cardinality = .manyToMany
        }
        if matching.on {
            for label in matching.matchingLabels where matching.include.contains(label) {
                throw .parse("label \(goQuote(label)) must not occur in ON and GROUP clause at once", at: operatorRange)
            }
        }
        if lhsType != .scalar && lhsType != .vector {
            throw .parse("binary expression must contain only scalar and instant vector types", at: binary.lhs.position)
        }
        if rhsType != .scalar && rhsType != .vector {
            throw .parse("binary expression must contain only scalar and instant vector types", at: binary.rhs.position)
        }
        if lhsType != .vector || rhsType != .vector {
            if !matching.matchingLabels.isEmpty {
                throw .parse("vector matching only allowed between instant vectors", at: binary.position)
            }
            binary.matching = nil
        } else {
            if op.isSetOperator {
                if matching.cardinality == .oneToMany || matching.cardinality == .manyToOne {
                    throw .parse("no grouping allowed for \(goQuote(op.rawValue)) operation", at: binary.position)
                }
                if matching.cardinality != .manyToMany {
                    throw .parse("set operations must always be many-to-many", at: binary.position)
                }
            }
            binary.matching = matching
        }
        if (lhsType == .scalar || rhsType == .scalar) && op.isSetOperator {
            throw .parse("set operator \(goQuote(op.rawValue)) not allowed in binary scalar expression", at: binary.position)
        }
        return binary
    }

    /// The text between the operands (operator and modifiers), trimmed of spaces, as checkAST's
    /// `opRange` computes it; like Prometheus the end is the index of the last character.
    private func operatorRange(of binary: BinaryExpr) -> PositionRange {
        var start = binary.lhs.position.end
        while start < bytes.count, isSpaceByte(bytes[start]) { start += 1 }
        var end = binary.rhs.position.start - 1
        while end > start, end < bytes.count, isSpaceByte(bytes[end]) { end -= 1 }
        return PositionRange(start: start, end: end)
    }

    private func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

extension ValueType {
    /// The Go `ValueType` string ("vector", "matrix"), used where Prometheus prints it raw.
    var goName: String {
        switch self {
        case .scalar: return "scalar"
        case .vector: return "vector"
        case .matrix: return "matrix"
        case .string: return "string"
        }
    }
}
