/// Walks a checked tree against an environment. expr-lang compiles to bytecode for its VM
/// (`vm/vm.go`); a direct tree walk gives the same results, and the error texts below are the
/// panics the VM recovers into errors.
///
/// The tree is parsed once per condition; each evaluation only walks it. Floats, ints and bools
/// live inline in `ExprValue`, so comparisons such as `result[0] >= 0.995` do not allocate.
struct Evaluator {
    let environment: ExprEnvironment
    /// Elements of arrays and maps built so far in this evaluation.
    private var memoryUsed = 0
    /// `let` variables in force, innermost last.
    private var variables: [(name: String, value: ExprValue)] = []

    /// expr-lang `conf.DefaultMemoryBudget`: how many elements one evaluation may build before it
    /// fails with "memory budget exceeded". It turns `map(1..1000, 1..1000)` into an error instead
    /// of a stall of the simulation.
    static let memoryBudget = 1_000_000

    init(environment: ExprEnvironment) {
        self.environment = environment
    }

    /// Accounts for `count` new elements (vm.go: `vm.memory += size`).
    private mutating func charge(_ count: Int, _ range: SourceRange) throws(RawError) {
        memoryUsed += count
        if memoryUsed >= Evaluator.memoryBudget { throw RawError(.memoryBudgetExceeded, range) }
    }

    /// The element and index of the innermost predicate closure, and `reduce`'s accumulator.
    struct Frame {
        var element: ExprValue
        var index: Int
        var accumulator: ExprValue = .nil
    }

    mutating func evaluate(_ node: Node, _ frame: Frame?) throws(RawError) -> ExprValue {
        switch node.kind {
        case .literal(let value):
            return value
        case .identifier(let name):
            if let variable = variables.last(where: { $0.name == name }) { return variable.value }
            if let value = environment.value(of: name) { return value }
            throw RawError(.unknownName(name), node.range)
        case .pointer(let name):
            guard let frame else { throw RawError(.pointerOutsidePredicate, node.range) }
            switch name {
            case .element: return frame.element
            case .index: return .int(frame.index)
            case .accumulator: return frame.accumulator
            }
        case .unary(let op, let operand):
            let value = try evaluate(operand, frame)
            switch op {
            case .not, .bang:
                return .bool(!(try assertBool(value, node.range)))
            case .minus:
                switch value {
                case .int(let number): return .int(0 &- number)
                case .float(let number): return .float(-number)
                default: throw RawError(.invalidNegation(value.goTypeName), node.range)
                }
            case .plus:
                return value
            }
        case .binary(let op, let left, let right):
            return try evaluateBinary(op, left, right, node.range, frame)
        case .member(let base, let property, let optional):
            let container = try evaluate(base, frame)
            if optional, container.isNil { return .nil }
            return try fetch(container, try evaluate(property, frame), node.range)
        case .methodCall(let base, let name, _):
            let container = try evaluate(base, frame)
            throw RawError(.cannotFetch(key: name, from: container.goTypeName), node.range)
        case .chain(let inner):
            return try evaluateChain(inner, frame) ?? .nil
        case .closure(let inner):
            return try evaluate(inner, frame)
        case .slice(let base, let from, let to):
            let container = try evaluate(base, frame)
            var low: ExprValue?
            var high: ExprValue?
            if let from { low = try evaluate(from, frame) }
            if let to { high = try evaluate(to, frame) }
            let sliced = try slice(container, low, high, node.range)
            if case .array(let elements) = sliced { try charge(elements.count, node.range) }
            return sliced
        case .call(let name, let arguments):
            var values: [ExprValue] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try evaluate(argument, frame)) }
            if let builtin = Builtin(rawValue: name) {
                let value = try builtin.call(values, at: node.range)
                try charge(builtin.memoryCost(of: value), node.range)
                return value
            }
            if let function = environment.function(named: name), let result = environment.argoResult {
                return try function.call(values, result: result, at: node.range)
            }
            throw RawError(.unknownName(name), node.range)
        case .predicate(let builtin, let collection, let body, let argument):
            return try evaluatePredicate(builtin, collection, body, argument, node.range, frame)
        case .conditional(let condition, let then, let otherwise):
            let test = try assertBool(try evaluate(condition, frame), condition.range)
            return try evaluate(test ? then : otherwise, frame)
        case .array(let elements):
            try charge(elements.count, node.range)
            var values: [ExprValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try evaluate(element, frame)) }
            return .array(values)
        case .map(let pairs):
            try charge(pairs.count, node.range)
            var map = ExprMap()
            for pair in pairs {
                let key = try evaluate(pair.key, frame)
                guard case .string(let name) = key else {
                    throw RawError(.interfaceConversion(found: key.goTypeName, expected: "string"), pair.key.range)
                }
                map[name] = try evaluate(pair.value, frame)
            }
            return .map(map)
        case .sequence(let nodes):
            var last = ExprValue.nil
            for inner in nodes { last = try evaluate(inner, frame) }
            return last
        case .letBinding(let name, let value, let body):
            variables.append((name, try evaluate(value, frame)))
            defer { variables.removeLast() }
            return try evaluate(body, frame)
        }
    }

    /// Evaluates the inside of an optional chain; nil (Swift's) means a `?.` met a nil base and
    /// the whole chain is nil, as expr-lang's ChainNode jumps to its end.
    private mutating func evaluateChain(_ node: Node, _ frame: Frame?) throws(RawError) -> ExprValue? {
        switch node.kind {
        case .member(let base, let property, let optional):
            guard let container = try evaluateChain(base, frame) else { return nil }
            if optional, container.isNil { return nil }
            return try fetch(container, try evaluate(property, frame), node.range)
        default:
            return try evaluate(node, frame)
        }
    }

    // MARK: - Binary operators

    private mutating func evaluateBinary(
        _ op: BinaryOperator, _ left: Node, _ right: Node, _ range: SourceRange, _ frame: Frame?
    ) throws(RawError) -> ExprValue {
        let lhs = try evaluate(left, frame)
        switch op {
        // Short-circuit: the right side is evaluated only when needed, and returned as it is
        // (the VM's OpJumpIfFalse/OpJumpIfTrue assert only the left side).
        case .and, .andAnd:
            return try assertBool(lhs, left.range) ? try evaluate(right, frame) : lhs
        case .or, .orOr:
            return try assertBool(lhs, left.range) ? lhs : try evaluate(right, frame)
        case .coalesce:
            return lhs.isNil ? try evaluate(right, frame) : lhs
        default:
            break
        }
        let rhs = try evaluate(right, frame)
        switch op {
        case .equal: return .bool(goEqual(lhs, rhs))
        case .notEqual: return .bool(!goEqual(lhs, rhs))
        case .less, .greater, .lessOrEqual, .greaterOrEqual: return .bool(try compare(op, lhs, rhs, range))
        case .add, .subtract, .multiply: return try arithmetic(op, lhs, rhs, range)
        case .divide: return try divide(lhs, rhs, range)
        case .modulo: return try modulo(lhs, rhs, range)
        case .power, .caret: return try power(lhs, rhs, range)
        case .range:
            let made = try makeRange(lhs, rhs, range)
            if case .array(let elements) = made { try charge(elements.count, range) }
            return made
        case .in: return .bool(try contains(rhs, lhs, range))
        case .contains, .startsWith, .endsWith:
            let haystack = try assertString(lhs, left.range)
            let needle = try assertString(rhs, right.range)
            switch op {
            case .contains: return .bool(utf8Contains(haystack, needle))
            case .startsWith: return .bool(haystack.utf8.starts(with: needle.utf8))
            default: return .bool(haystack.utf8.reversed().starts(with: needle.utf8.reversed()))
            }
        case .matches:
            return .bool(try regexMatches(try assertString(lhs, left.range), pattern: try assertString(rhs, right.range), range))
        case .and, .andAnd, .or, .orOr, .coalesce:
            preconditionFailure("short-circuit operators are handled above")
        }
    }

    /// expr-lang `runtime.In`: array membership by `==`, map key presence; nil holds nothing.
    private func contains(_ haystack: ExprValue, _ needle: ExprValue, _ range: SourceRange) throws(RawError) -> Bool {
        switch haystack {
        case .nil: return false
        case .array(let elements): return elements.contains { goEqual($0, needle) }
        case .map(let map):
            guard case .string(let key) = needle else {
                throw RawError(.mapIndexNotAssignable(needle.goTypeName), range)
            }
            return map[key] != nil
        default:
            throw RawError(.inNotDefined(haystack.goTypeName), range)
        }
    }

    // MARK: - Member access and slicing

    /// expr-lang `runtime.Fetch`: negative indexes count from the end; out of range is an error
    /// that reports the adjusted index; a missing map key is nil.
    private func fetch(_ container: ExprValue, _ key: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
        switch container {
        case .array(let elements):
            let index = try toInt(key, range)
            let adjusted = index < 0 ? index &+ elements.count : index
            guard adjusted >= 0, adjusted < elements.count else {
                throw RawError(.indexOutOfRange(index: adjusted, length: elements.count), range)
            }
            return elements[adjusted]
        case .string(let text):
            // Go indexes strings by byte and yields the byte (uint8).
            let bytes = text.utf8
            let index = try toInt(key, range)
            let adjusted = index < 0 ? index &+ bytes.count : index
            guard adjusted >= 0, adjusted < bytes.count else {
                throw RawError(.indexOutOfRange(index: adjusted, length: bytes.count), range)
            }
            return .int(Int(bytes[bytes.index(bytes.startIndex, offsetBy: adjusted)]))
        case .map(let map):
            guard case .string(let name) = key else {
                throw RawError(.mapIndexNotAssignable(key.goTypeName), range)
            }
            return map[name] ?? .nil
        case .nil, .bool, .int, .float:
            throw RawError(.cannotFetch(key: goFormatV(key), from: container.goTypeName), range)
        }
    }

    /// expr-lang `runtime.Slice`: bounds are clamped rather than rejected.
    private func slice(_ container: ExprValue, _ from: ExprValue?, _ to: ExprValue?, _ range: SourceRange) throws(RawError) -> ExprValue {
        let length: Int
        switch container {
        case .array(let elements): length = elements.count
        case .string(let text): length = text.utf8.count
        default: throw RawError(.cannotSliceValue(goFormatV(from ?? .int(0))), range)
        }
        var low = try from.map { (value) throws(RawError) in try toInt(value, range) } ?? 0
        var high = try to.map { (value) throws(RawError) in try toInt(value, range) } ?? length
        if low < 0 { low = max(0, length + low) }
        if high < 0 { high = max(0, length + high) }
        high = min(high, length)
        low = min(low, high)
        switch container {
        case .array(let elements): return .array(Array(elements[low..<high]))
        case .string(let text):
            let bytes = Array(text.utf8)[low..<high]
            return .string(String(decoding: bytes, as: UTF8.self))
        default: preconditionFailure("checked above")
        }
    }

    // MARK: - Predicates

    private mutating func evaluatePredicate(
        _ builtin: PredicateBuiltin, _ collectionNode: Node, _ body: Node?, _ argumentNode: Node?,
        _ range: SourceRange, _ outer: Frame?
    ) throws(RawError) -> ExprValue {
        let collection = try evaluate(collectionNode, outer)
        guard case .array(let elements) = collection else {
            let what = collection.isNil ? "zero" : collection.goTypeName
            throw RawError(.cannotIterate(what), collectionNode.range)
        }
        var frame = Frame(element: .nil, index: 0)
        // Unwrap the closure node once, not once per element.
        let body: Node? = if let body, case .closure(let inner) = body.kind { inner } else { body }
        // Without a closure (count, sum) the element itself is the predicate's value.
        func test(_ index: Int) throws(RawError) -> ExprValue {
            frame.element = elements[index]
            frame.index = index
            guard let body else { return elements[index] }
            return try evaluate(body, frame)
        }
        switch builtin {
        case .all, .any, .none:
            for index in elements.indices {
                let outcome = try assertBool(try test(index), body?.range ?? range)
                switch builtin {
                case .all where !outcome: return .bool(false)
                case .any where outcome: return .bool(true)
                case .none where outcome: return .bool(false)
                default: continue
                }
            }
            return .bool(builtin != .any)
        case .one, .count:
            var matches = 0
            for index in elements.indices where try assertBool(try test(index), body?.range ?? range) {
                matches += 1
            }
            return builtin == .one ? .bool(matches == 1) : .int(matches)
        case .filter:
            var kept: [ExprValue] = []
            for index in elements.indices where try assertBool(try test(index), body?.range ?? range) {
                kept.append(elements[index])
            }
            try charge(kept.count, range)
            return .array(kept)
        case .map:
            var mapped: [ExprValue] = []
            mapped.reserveCapacity(elements.count)
            for index in elements.indices { mapped.append(try test(index)) }
            try charge(mapped.count, range)
            return .array(mapped)
        case .sum:
            var total: ExprValue = .int(0)
            for index in elements.indices { total = try arithmetic(.add, total, try test(index), range) }
            return total
        case .find, .findIndex:
            for index in elements.indices where try assertBool(try test(index), body?.range ?? range) {
                return builtin == .find ? elements[index] : .int(index)
            }
            return builtin == .find ? .nil : .int(-1)
        case .findLast, .findLastIndex:
            for index in elements.indices.reversed() where try assertBool(try test(index), body?.range ?? range) {
                return builtin == .findLast ? elements[index] : .int(index)
            }
            return builtin == .findLast ? .nil : .int(-1)
        case .sortBy:
            // OpSortBy collects each key, then OpSort orders the elements by them.
            var order = ExprValue.string("asc")
            if let argumentNode { order = try evaluate(argumentNode, outer) }
            let descending = try sortIsDescending(order, builtin: "sortBy", range)
            var keys: [ExprValue] = []
            keys.reserveCapacity(elements.count)
            for index in elements.indices { keys.append(try test(index)) }
            let sorted = try stableSort(Array(elements.indices), range) { (a, b) throws(RawError) in
                descending ? try lessThan(keys[b], keys[a], range) : try lessThan(keys[a], keys[b], range)
            }
            try charge(sorted.count, range)
            return .array(sorted.map { elements[$0] })
        case .groupBy:
            // OpGroupBy: elements gathered under their key, groups in order of first appearance.
            var positions: [String: Int] = [:]
            var groups: [(String, [ExprValue])] = []
            for index in elements.indices {
                let key = try test(index)
                guard case .string(let name) = key else {
                    throw RawError(.nonStringMapKey(typeName: key.goTypeName), body?.range ?? range)
                }
                if let position = positions[name] {
                    groups[position].1.append(elements[index])
                } else {
                    positions[name] = groups.count
                    groups.append((name, [elements[index]]))
                }
            }
            try charge(elements.count + groups.count, range)
            return .map(ExprMap(collecting: groups.map { ($0.0, .array($0.1)) }))
        case .reduce:
            var start = 0
            if let argumentNode {
                frame.accumulator = try evaluate(argumentNode, outer)
            } else {
                guard !elements.isEmpty else { throw RawError(.reduceOfEmptyArray, range) }
                frame.accumulator = elements[0]
                start = 1
            }
            // Feeding the accumulator back into a literal (`[#acc]`) could nest values without
            // bound, and the recursive helpers (string, ==, toJSON…) need a bounded depth. Only a
            // body that can build containers is watched, and a result that is the accumulator's
            // own storage (`#acc`, `[#acc][0]`) is not walked again.
            let watch = body.map(canNestDeeper) ?? false
            for index in elements.indices.dropFirst(start) {
                let next = try test(index)
                if watch, !sharesStorage(next, frame.accumulator), exceedsValueDepth(next, limit: maxValueDepth) {
                    throw RawError(.recursionDepthExceeded, range)
                }
                frame.accumulator = next
            }
            return frame.accumulator
        }
    }
}

// MARK: - Go type assertions

/// The VM asserts `.(bool)` on conditions; a failed assertion panics with Go's wording.
@inline(__always)
func assertBool(_ value: ExprValue, _ range: SourceRange) throws(RawError) -> Bool {
    if case .bool(let flag) = value { return flag }
    let found = value.isNil ? "nil" : value.goTypeName
    throw RawError(.interfaceConversion(found: found, expected: "bool"), range)
}

func assertString(_ value: ExprValue, _ range: SourceRange) throws(RawError) -> String {
    if case .string(let text) = value { return text }
    let found = value.isNil ? "nil" : value.goTypeName
    throw RawError(.interfaceConversion(found: found, expected: "string"), range)
}

/// expr-lang `runtime.ToInt`: floats truncate; other kinds are an error.
func toInt(_ value: ExprValue, _ range: SourceRange) throws(RawError) -> Int {
    switch value {
    case .int(let number): return number
    case .float(let number): return goTruncatingInt(number)
    default: throw RawError(.invalidConversion(function: "int", argument: value.goTypeName), range)
    }
}

/// `strings.Contains`: a bytewise search, as Go compares strings as bytes.
private func utf8Contains(_ haystack: String, _ needle: String) -> Bool {
    let hay = Array(haystack.utf8)
    let pin = Array(needle.utf8)
    guard !pin.isEmpty else { return true }
    guard pin.count <= hay.count else { return false }
    for start in 0...(hay.count - pin.count) where hay[start] == pin[0] {
        if hay[start..<(start + pin.count)].elementsEqual(pin) { return true }
    }
    return false
}

/// `regexp.MatchString`: true when the pattern matches anywhere in the text. Swift's Regex
/// syntax is a superset of most RE2 patterns conditions use; RE2-only constructs may differ.
func regexMatches(_ text: String, pattern: String, _ range: SourceRange) throws(RawError) -> Bool {
    text.contains(try compileRegex(pattern, range))
}

func validateRegex(_ pattern: String, _ range: SourceRange) throws(RawError) {
    _ = try compileRegex(pattern, range)
}

private func compileRegex(_ pattern: String, _ range: SourceRange) throws(RawError) -> Regex<AnyRegexOutput> {
    do {
        return try Regex(pattern)
    } catch {
        throw RawError(.invalidRegexp("\(error)"), range)
    }
}

/// Whether evaluating `node` can produce a value nested deeper than the values it reads: array
/// and map literals, `map` and `groupBy` (which wrap their results) and `toPairs`.
private func canNestDeeper(_ node: Node) -> Bool {
    switch node.kind {
    case .array, .map: return true
    case .predicate(let builtin, _, _, _) where builtin == .map || builtin == .groupBy: return true
    case .call(let name, _) where name == Builtin.toPairs.rawValue: return true
    default: return node.kind.children.contains(where: canNestDeeper)
    }
}

/// Whether two containers are the same storage (so have the same depth).
private func sharesStorage(_ lhs: ExprValue, _ rhs: ExprValue) -> Bool {
    func same(_ a: [ExprValue], _ b: [ExprValue]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress && x.count == y.count } }
    }
    switch (lhs, rhs) {
    case let (.array(a), .array(b)): return same(a, b)
    case let (.map(a), .map(b)): return same(a.values, b.values)
    case (.array, _), (.map, _): return false
    default: return true  // scalars have no depth
    }
}
