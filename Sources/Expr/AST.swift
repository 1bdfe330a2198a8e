/// The syntax tree of a condition. Every node keeps the byte range of the token that names it
/// (the operator of a binary node, the `[` of an index), as expr-lang locates its nodes.
struct Node: Sendable {
    let kind: Kind
    let range: SourceRange
    /// Height of the tree below and including this node; bounded by the parser so that the
    /// recursive checker and evaluator cannot exhaust the stack.
    let depth: Int

    init(kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
        self.depth = 1 + kind.children.reduce(0) { max($0, $1.depth) }
    }

    indirect enum Kind: Sendable {
        case literal(ExprValue)
        /// A name looked up in the environment (`result`).
        case identifier(String)
        /// `#` (the current element), `#index` inside a predicate, or `#acc` inside `reduce`.
        case pointer(PointerName)
        case unary(UnaryOperator, Node)
        case binary(BinaryOperator, Node, Node)
        /// `a.b`, `a[i]`, `a?.b`; `optional` is set for `?.`.
        case member(base: Node, property: Node, optional: Bool)
        /// `a.b(...)`: expr-lang resolves methods on Go types; conditions never have any.
        case methodCall(base: Node, name: String, arguments: [Node])
        /// A chain containing `?.`: evaluates to nil as soon as an optional step meets nil.
        case chain(Node)
        case slice(base: Node, from: Node?, to: Node?)
        /// A call of a builtin (`len`, `abs`, …) or of an environment function (`isNaN`, …).
        case call(name: String, arguments: [Node])
        /// `argument` is the optional third argument of `sortBy` (the order) and `reduce` (the
        /// initial accumulator).
        case predicate(PredicateBuiltin, collection: Node, body: Node?, argument: Node?)
        /// A predicate's body; its range is the closure's first token (`{`), where upstream
        /// reports "predicate should return boolean".
        case closure(Node)
        case conditional(condition: Node, then: Node, else: Node)
        case array([Node])
        case map([(key: Node, value: Node)])
        /// `a; b`: evaluates each and yields the last.
        case sequence([Node])
        /// `let name = value; body`: `name` is visible in `body` only (expr-lang
        /// VariableDeclaratorNode).
        case letBinding(name: String, value: Node, body: Node)
    }
}

extension Node.Kind {
    var children: [Node] {
        switch self {
        case .literal, .identifier, .pointer: return []
        case .unary(_, let operand): return [operand]
        case .binary(_, let left, let right): return [left, right]
        case .member(let base, let property, _): return [base, property]
        case .methodCall(let base, _, let arguments): return [base] + arguments
        case .chain(let inner), .closure(let inner): return [inner]
        case .slice(let base, let from, let to): return [base] + [from, to].compactMap { $0 }
        case .call(_, let arguments): return arguments
        case .predicate(_, let collection, let body, let argument):
            return [collection] + [body, argument].compactMap { $0 }
        case .conditional(let condition, let then, let otherwise): return [condition, then, otherwise]
        case .array(let elements): return elements
        case .map(let pairs): return pairs.flatMap { [$0.key, $0.value] }
        case .sequence(let nodes): return nodes
        case .letBinding(_, let value, let body): return [value, body]
        }
    }
}

enum PointerName: Sendable, Equatable {
    case element
    case index
    /// `#acc`, the accumulator of `reduce`.
    case accumulator
}

enum UnaryOperator: String, Sendable {
    case not = "not"
    case bang = "!"
    case minus = "-"
    case plus = "+"
}

enum BinaryOperator: String, Sendable, CaseIterable {
    case or = "or", orOr = "||", and = "and", andAnd = "&&"
    case equal = "==", notEqual = "!="
    case less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    case `in` = "in", matches = "matches", contains = "contains", startsWith = "startsWith", endsWith = "endsWith"
    case range = ".."
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%"
    case power = "**", caret = "^"
    case coalesce = "??"

    /// expr-lang `parser/operator` precedences.
    var precedence: Int {
        switch self {
        case .or, .orOr: return 10
        case .and, .andAnd: return 15
        case .equal, .notEqual, .less, .greater, .lessOrEqual, .greaterOrEqual,
            .in, .matches, .contains, .startsWith, .endsWith:
            return 20
        case .range: return 25
        case .add, .subtract: return 30
        case .multiply, .divide, .modulo: return 60
        case .power, .caret: return 100
        case .coalesce: return 500
        }
    }

    var isRightAssociative: Bool { self == .power || self == .caret }
    var isComparison: Bool { self == .less || self == .greater || self == .lessOrEqual || self == .greaterOrEqual }
    var isLogical: Bool { self == .or || self == .orOr || self == .and || self == .andAnd }
    /// Operators that accept a `not` prefix: `not in`, `not contains`, …
    var allowsNegation: Bool {
        self == .in || self == .matches || self == .contains || self == .startsWith || self == .endsWith
    }
}

/// Builtins whose second argument is a closure over the elements (`all(result, {# > 0.9})`).
enum PredicateBuiltin: String, Sendable, CaseIterable {
    case all, any, none, one, filter, map, count
    case sum, find, findIndex, findLast, findLastIndex
    case sortBy, reduce, groupBy

    /// `count(xs)` and `sum(xs)` may omit the closure.
    var closureIsOptional: Bool { self == .count || self == .sum }
    /// `sortBy(xs, key, order)` and `reduce(xs, body, initial)` take an optional third argument.
    var acceptsArgument: Bool { self == .sortBy || self == .reduce }
}
