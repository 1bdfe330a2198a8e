/// The static type check expr-lang runs at compile time against the environment's types.
/// expr-lang: `checker/checker.go` (`binaryNode`, `memberNode`, `builtinNode`, `checkArguments`).
///
/// Argo compiles every condition with `expr.Env(env)`, where `result` has the Go type of the
/// provider's value, so mistakes like `result == "a"` on a float fail before evaluation, even on a
/// branch that would never run. Where a type is unknown (`interface {}`), the check passes and
/// the evaluator raises the runtime error instead.
struct Checker {
    let environment: ExprEnvironment

    /// What a sub-expression can see besides the environment: the innermost closure's `#` (nil
    /// outside closures), whether `#acc` exists there, and the `let` variables in force.
    private struct Scope {
        var element: ExprType?
        var hasAccumulator = false
        var variables: [(name: String, type: ExprType)] = []

        func variable(_ name: String) -> ExprType? {
            variables.last { $0.name == name }?.type
        }

        func entering(element: ExprType, accumulator: Bool = false) -> Scope {
            Scope(element: element, hasAccumulator: accumulator, variables: variables)
        }
    }

    init(environment: ExprEnvironment) {
        self.environment = environment
    }

    func check(_ node: Node) throws(RawError) -> ExprType {
        try visit(node, scope: Scope())
    }

    private func visit(_ node: Node, scope: Scope) throws(RawError) -> ExprType {
        switch node.kind {
        case .literal(let value):
            return ExprType(inferredFrom: value)
        case .identifier(let name):
            if let type = scope.variable(name) { return type }
            if let type = environment.type(of: name) { return type }
            if environment.function(named: name) != nil { return .unknown }
            throw RawError(.unknownName(name), node.range)
        case .pointer(let name):
            guard let element = scope.element else { throw RawError(.pointerOutsidePredicate, node.range) }
            switch name {
            case .element: return element
            case .index: return .int
            case .accumulator:
                if scope.hasAccumulator { return .unknown }
                throw RawError(.unknownPointer("acc"), node.range)
            }
        case .unary(let op, let operand):
            let type = try visit(operand, scope: scope)
            switch op {
            case .not, .bang:
                if type == .bool || type.isUnknown { return .bool }
            case .minus, .plus:
                if type.isNumber { return type }
                if type.isUnknown { return .unknown }
            }
            throw RawError(.mismatchedType(operator: op.rawValue, type), node.range)
        case .binary(let op, let left, let right):
            // expr-lang folds constant sub-expressions while compiling (optimizer/const_expr.go),
            // so a literal `1 % 0` fails at compile time, without the "runtime error: " prefix.
            if op == .modulo, case .literal(.int) = left.kind, case .literal(.int(0)) = right.kind {
                throw RawError(.constantDivisionByZero, node.range)
            }
            // A literal pattern is compiled by the checker (checker.binaryNode), so a bad one is a
            // compile error.
            if op == .matches, case .literal(.string(let pattern)) = right.kind {
                try validateRegex(pattern, node.range)
            }
            return try checkBinary(op, try visit(left, scope: scope), try visit(right, scope: scope), node)
        case .member(let base, let property, _):
            return try checkMember(node, base: try visit(base, scope: scope), property: property,
                                   propertyType: try visit(property, scope: scope))
        case .methodCall(let base, let name, let arguments):
            let baseType = try visit(base, scope: scope)
            for argument in arguments { _ = try visit(argument, scope: scope) }
            if baseType.isUnknown { return .unknown }
            throw RawError(.noMethod(baseType, name: name), node.range)
        case .chain(let inner), .closure(let inner):
            return try visit(inner, scope: scope)
        case .slice(let base, let from, let to):
            let baseType = try visit(base, scope: scope)
            for bound in [from, to].compactMap({ $0 }) {
                let boundType = try visit(bound, scope: scope)
                if boundType != .int && !boundType.isUnknown {
                    throw RawError(.nonIntegerSliceIndex(boundType), bound.range)
                }
            }
            if baseType.isUnknown || baseType.isArray || baseType == .string { return baseType }
            throw RawError(.cannotSliceType(baseType), node.range)
        case .call(let name, let arguments):
            let types = try arguments.map { (argument) throws(RawError) in try visit(argument, scope: scope) }
            if let builtin = Builtin(rawValue: name) {
                return try builtin.checkArguments(types, arguments, at: node.range)
            }
            if let function = environment.function(named: name) {
                return try function.checkArguments(types, arguments, at: node.range)
            }
            if let type = scope.variable(name) ?? environment.type(of: name) {
                throw RawError(.notCallable(type), node.range)
            }
            if unsupportedBuiltins.contains(name) {
                throw RawError(.unsupportedBuiltin(name), node.range)
            }
            throw RawError(.unknownName(name), node.range)
        case .predicate(let builtin, let collection, let body, let argument):
            return try checkPredicate(builtin, collection: collection, body: body, argument: argument, scope: scope)
        case .conditional(let condition, let then, let otherwise):
            let conditionType = try visit(condition, scope: scope)
            if conditionType != .bool && !conditionType.isUnknown {
                throw RawError(.nonBoolCondition(conditionType), condition.range)
            }
            let thenType = try visit(then, scope: scope)
            let elseType = try visit(otherwise, scope: scope)
            return thenType == elseType ? thenType : .unknown
        case .array(let elements):
            // expr-lang `arrayNode`: elements of one type make a typed array (`[]string`).
            var common: ExprType?
            var isUniform = true
            for element in elements {
                let type = try visit(element, scope: scope)
                if common == nil { common = type } else if common != type { isUniform = false }
            }
            return .array(isUniform ? common ?? .unknown : .unknown)
        case .map(let pairs):
            for pair in pairs {
                _ = try visit(pair.key, scope: scope)
                _ = try visit(pair.value, scope: scope)
            }
            return .map(.unknown)
        case .sequence(let nodes):
            var last = ExprType.unknown
            for inner in nodes { last = try visit(inner, scope: scope) }
            return last
        case .letBinding(let name, let value, let body):
            // checker.variableDeclaratorNode: a name may not shadow anything already visible.
            if environment.type(of: name) != nil || environment.function(named: name) != nil {
                throw RawError(.cannotRedeclare(name, kind: .variable), node.range)
            }
            if isUpstreamBuiltin(name) { throw RawError(.cannotRedeclare(name, kind: .builtin), node.range) }
            if scope.variable(name) != nil { throw RawError(.cannotRedeclare(name, kind: .letVariable), node.range) }
            var inner = scope
            inner.variables.append((name, try visit(value, scope: scope)))
            return try visit(body, scope: inner)
        }
    }

    private func checkBinary(_ op: BinaryOperator, _ l: ExprType, _ r: ExprType, _ node: Node) throws(RawError) -> ExprType {
        let isNumber: (ExprType) -> Bool = { $0.isNumber }
        let isString: (ExprType) -> Bool = { $0 == .string }
        switch op {
        case .equal, .notEqual:
            if l.isComparable(to: r) { return .bool }
        case .or, .orOr, .and, .andAnd:
            if l == .bool && r == .bool { return .bool }
            if l.maybeCompatible(with: r, { $0 == .bool }) { return .bool }
        case .less, .greater, .lessOrEqual, .greaterOrEqual:
            if (l.isNumber && r.isNumber) || (l == .string && r == .string) { return .bool }
            if l.maybeCompatible(with: r, { $0.isNumber || $0 == .string }) { return .bool }
        case .add:
            if l.isNumber && r.isNumber { return l == .int && r == .int ? .int : .float }
            if l == .string && r == .string { return .string }
            if l.maybeCompatible(with: r, { $0.isNumber || $0 == .string }) { return .unknown }
        case .subtract, .multiply:
            if l.isNumber && r.isNumber { return l == .int && r == .int ? .int : .float }
            if l.maybeCompatible(with: r, isNumber) { return .unknown }
        case .divide, .power, .caret:
            if (l.isNumber && r.isNumber) || l.maybeCompatible(with: r, isNumber) { return .float }
        case .modulo:
            if (l == .int && r == .int) || l.maybeCompatible(with: r, { $0 == .int }) { return .int }
        case .in:
            if r.isMap {
                if !l.isUnknown && l != .string {
                    throw RawError(.cannotUseInMap(l), node.range)
                }
                return .bool
            }
            if r.isArray {
                if !l.isComparable(to: r.elementType) {
                    throw RawError(.cannotUseInArray(l, element: r.elementType), node.range)
                }
                return .bool
            }
            if l.isUnknown && (r == .string || r.isArray || r.isMap) { return .bool }
            if r.isUnknown { return .bool }
        case .matches, .contains, .startsWith, .endsWith:
            if (l == .string && r == .string) || l.maybeCompatible(with: r, isString) { return .bool }
        case .range:
            if (l == .int && r == .int) || l.maybeCompatible(with: r, { $0 == .int }) { return .array(.int) }
        case .coalesce:
            if l == .nil { return r }
            if r == .nil || l == r { return l }
            return .unknown
        }
        throw RawError(.mismatchedTypes(operator: op.rawValue, l, r), node.range)
    }

    private func checkMember(_ node: Node, base: ExprType, property: Node, propertyType: ExprType) throws(RawError) -> ExprType {
        if base.isUnknown { return .unknown }
        let fieldName: String? = if case .literal(.string(let name)) = property.kind { name } else { nil }
        switch base {
        case .map(let element):
            if propertyType != .string && !propertyType.isUnknown {
                throw RawError(.mapKeyNotString(property: propertyType, map: base), property.range)
            }
            return element
        case .array(let element):
            if propertyType != .int && !propertyType.isUnknown {
                throw RawError(.arrayIndexNotInteger(propertyType), property.range)
            }
            return element
        case .string:
            // Go strings index to bytes; expr-lang types them as uint8.
            if propertyType == .int || propertyType.isUnknown { return .int }
        case .nil:
            if let fieldName { throw RawError(.nilHasNoField(fieldName), node.range) }
        case .unknown, .bool, .int, .float:
            break
        }
        if let fieldName { throw RawError(.noField(base, name: fieldName), node.range) }
        throw RawError(.undefinedIndex(base, property: propertyType), node.range)
    }

    private func checkPredicate(
        _ builtin: PredicateBuiltin, collection: Node, body: Node?, argument: Node?, scope: Scope
    ) throws(RawError) -> ExprType {
        let collectionType = try visit(collection, scope: scope)
        if !collectionType.isArray && !collectionType.isUnknown {
            throw RawError(.builtinTakesOnlyArray(builtin: builtin.rawValue, collectionType), collection.range)
        }
        let element = collectionType.elementType
        let inner = scope.entering(element: element, accumulator: builtin == .reduce)
        let bodyType = try body.map { (body) throws(RawError) in try visit(body, scope: inner) }
        if let argument {
            let argumentType = try visit(argument, scope: scope)
            if builtin == .sortBy, argumentType != .string, !argumentType.isUnknown {
                throw RawError(.sortOrderNotString(argumentType.goName, builtin: "sortBy"), argument.range)
            }
        }
        switch builtin {
        case .all, .any, .none, .one, .filter, .count, .find, .findIndex, .findLast, .findLastIndex:
            if let body, let bodyType, bodyType != .bool, !bodyType.isUnknown {
                throw RawError(.predicateNotBoolean(bodyType), body.range)
            }
        case .map, .sum, .sortBy, .reduce, .groupBy:
            break
        }
        switch builtin {
        case .all, .any, .none, .one: return .bool
        case .filter: return collectionType.isUnknown ? .array(.unknown) : collectionType
        case .map: return .array(bodyType ?? .unknown)
        case .count, .findIndex, .findLastIndex: return .int
        case .find, .findLast: return element
        case .sortBy: return collectionType
        case .reduce: return bodyType ?? .unknown
        case .groupBy: return .map(.array(element))
        case .sum: return (bodyType ?? element).isNumber ? (bodyType ?? element) : .unknown
        }
    }
}

/// Names of every expr-lang builtin, implemented or not: a `let` may not reuse them.
private func isUpstreamBuiltin(_ name: String) -> Bool {
    Builtin(rawValue: name) != nil || PredicateBuiltin(rawValue: name) != nil || unsupportedBuiltins.contains(name)
}

/// expr-lang builtins this implementation does not provide; naming them gives a clear error
/// instead of "unknown name".
private let unsupportedBuiltins: Set<String> = [
    "now", "duration", "date", "timezone",
]
