// The PromQL syntax tree, shared by the parser (which builds it) and the evaluator (which walks it).
// Mirrors Prometheus 2.42 `promql/parser/ast.go`: every node carries the byte range of its source
// text, so errors can point at it; line:column is computed only when an error is printed.

/// A half-open range of UTF-8 byte offsets into the query text.
public struct PositionRange: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// The four PromQL value types (`parser.ValueType`). Raw values are the names Prometheus prints
/// in type errors ("expected type range vector in call to function \"rate\", got instant vector").
public enum ValueType: String, Sendable, Hashable {
    case scalar = "scalar"
    case vector = "instant vector"
    case matrix = "range vector"
    case string = "string"
}

/// An `@` modifier: a fixed timestamp, or `start()` / `end()` of the query range.
public enum AtModifier: Sendable, Hashable {
    case timestamp(milliseconds: Int64)
    case start
    case end
}

public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"
    case eql = "==", neq = "!=", gtr = ">", lss = "<", gte = ">=", lte = "<="
    case land = "and", lor = "or", lunless = "unless"
    case atan2 = "atan2"

    public var isComparison: Bool {
        switch self {
        case .eql, .neq, .gtr, .lss, .gte, .lte: return true
        default: return false
        }
    }

    /// `and`, `or`, `unless`: they match series, never compute values.
    public var isSetOperator: Bool {
        switch self {
        case .land, .lor, .lunless: return true
        default: return false
        }
    }
}

public enum AggregateOperator: String, Sendable, Hashable, CaseIterable {
    case sum, avg, min, max, count, stddev, stdvar, topk, bottomk, quantile
    case countValues = "count_values"
    case group

    /// topk, bottomk, quantile and count_values take a parameter before the vector.
    public var takesParameter: Bool {
        switch self {
        case .topk, .bottomk, .quantile, .countValues: return true
        default: return false
        }
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case plus = "+"
    case minus = "-"
}

/// How a binary operation between two vectors pairs up their elements (`parser.VectorMatching`).
public struct VectorMatching: Sendable, Hashable {
    public enum Cardinality: String, Sendable, Hashable {
        case oneToOne = "one-to-one"
        case manyToOne = "many-to-one"
        case oneToMany = "one-to-many"
        case manyToMany = "many-to-many"
    }

    public var cardinality: Cardinality
    /// The labels of `on(...)` or `ignoring(...)`.
    public var matchingLabels: [String]
    /// True for `on(...)`, false for `ignoring(...)` or no clause.
    public var on: Bool
    /// The extra labels of `group_left(...)` / `group_right(...)`.
    public var include: [String]

    public init(cardinality: Cardinality, matchingLabels: [String] = [], on: Bool = false, include: [String] = []) {
        self.cardinality = cardinality
        self.matchingLabels = matchingLabels
        self.on = on
        self.include = include
    }
}

public struct NumberLiteral: Sendable, Equatable {
    public var value: Double
    public var position: PositionRange
    public init(value: Double, position: PositionRange) {
        self.value = value
        self.position = position
    }
}

public struct StringLiteral: Sendable, Equatable {
    public var value: String
    public var position: PositionRange
    public init(value: String, position: PositionRange) {
        self.value = value
        self.position = position
    }
}

public struct VectorSelector: Sendable, Equatable {
    /// The metric name when written before the braces, else nil (a `__name__` matcher may still exist).
    public var name: String?
    /// All matchers, including the `__name__="name"` one implied by `name`.
    public var matchers: [LabelMatcher]
    /// `offset` in milliseconds (negative offsets are allowed in 2.42).
    public var offsetMs: Int64
    public var at: AtModifier?
    public var position: PositionRange

    public init(name: String?, matchers: [LabelMatcher], offsetMs: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
        self.name = name
        self.matchers = matchers
        self.offsetMs = offsetMs
        self.at = at
        self.position = position
    }
}

public struct MatrixSelector: Sendable, Equatable {
    /// Offset and `@` of a range selector live on the inner vector selector, as in Prometheus.
    public var vectorSelector: VectorSelector
    public var rangeMs: Int64
    public var position: PositionRange
    public init(vectorSelector: VectorSelector, rangeMs: Int64, position: PositionRange) {
        self.vectorSelector = vectorSelector
        self.rangeMs = rangeMs
        self.position = position
    }
}

public struct SubqueryExpr: Sendable, Equatable {
    public var expr: Node
    public var rangeMs: Int64
    /// nil when omitted (`[5m:]`): the evaluator then uses the default evaluation interval.
    public var stepMs: Int64?
    public var offsetMs: Int64
    public var at: AtModifier?
    public var position: PositionRange
    public init(expr: Node, rangeMs: Int64, stepMs: Int64?, offsetMs: Int64 = 0, at: AtModifier? = nil, position: PositionRange) {
        self.expr = expr
        self.rangeMs = rangeMs
        self.stepMs = stepMs
        self.offsetMs = offsetMs
        self.at = at
        self.position = position
    }
}

public struct ParenExpr: Sendable, Equatable {
    public var expr: Node
    public var position: PositionRange
    public init(expr: Node, position: PositionRange) {
        self.expr = expr
        self.position = position
    }
}

public struct UnaryExpr: Sendable, Equatable {
    public var op: UnaryOperator
    public var expr: Node
    public var position: PositionRange
    public init(op: UnaryOperator, expr: Node, position: PositionRange) {
        self.op = op
        self.expr = expr
        self.position = position
    }
}

public struct BinaryExpr: Sendable, Equatable {
    public var op: BinaryOperator
    public var lhs: Node
    public var rhs: Node
    /// Present when both sides are vectors (and for set operators, always many-to-many).
    public var matching: VectorMatching?
    /// The `bool` modifier of a comparison.
    public var returnBool: Bool
    public var position: PositionRange
    public init(op: BinaryOperator, lhs: Node, rhs: Node, matching: VectorMatching?, returnBool: Bool, position: PositionRange) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.matching = matching
        self.returnBool = returnBool
        self.position = position
    }
}

public struct AggregateExpr: Sendable, Equatable {
    public var op: AggregateOperator
    public var expr: Node
    /// The k of topk/bottomk, φ of quantile, label name (a string) of count_values.
    public var parameter: Node?
    /// The labels of `by (...)` or `without (...)`.
    public var grouping: [String]
    public var without: Bool
    public var position: PositionRange
    public init(op: AggregateOperator, expr: Node, parameter: Node?, grouping: [String], without: Bool, position: PositionRange) {
        self.op = op
        self.expr = expr
        self.parameter = parameter
        self.grouping = grouping
        self.without = without
        self.position = position
    }
}

public struct Call: Sendable, Equatable {
    /// The function name as written, e.g. "rate"; its signature is in `FunctionSignatures`.
    public var function: String
    public var args: [Node]
    public var position: PositionRange
    public init(function: String, args: [Node], position: PositionRange) {
        self.function = function
        self.args = args
        self.position = position
    }
}

/// A PromQL expression.
public indirect enum Node: Sendable, Equatable {
    case number(NumberLiteral)
    case string(StringLiteral)
    case vectorSelector(VectorSelector)
    case matrixSelector(MatrixSelector)
    case subquery(SubqueryExpr)
    case paren(ParenExpr)
    case unary(UnaryExpr)
    case binary(BinaryExpr)
    case aggregate(AggregateExpr)
    case call(Call)

    public var position: PositionRange {
        switch self {
        case .number(let n): return n.position
        case .string(let s): return s.position
        case .vectorSelector(let v): return v.position
        case .matrixSelector(let m): return m.position
        case .subquery(let s): return s.position
        case .paren(let p): return p.position
        case .unary(let u): return u.position
        case .binary(let b): return b.position
        case .aggregate(let a): return a.position
        case .call(let c): return c.position
        }
    }
}
