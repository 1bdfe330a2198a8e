/// The static type the checker gives a variable or a sub-expression.
///
/// expr-lang type-checks a condition against the Go types of the environment's values
/// (`conf.Env` takes each value's dynamic type) before it runs anything, so `result == "a"` with a
/// `float64` result fails at compile time even when the left side would never be evaluated.
/// A Prometheus result is a `[]float64` even when it is empty; callers that know this pass
/// `.array(.float)` explicitly, because an empty `ExprValue.array` carries no element type.
public indirect enum ExprType: Sendable, Equatable {
    /// Anything (Go `interface {}`): checks are deferred to run time.
    case unknown
    /// The untyped nil of a nil `result`.
    case `nil`
    case bool
    case int
    case float
    case string
    case array(ExprType)
    case map(ExprType)

    /// Infers the Go type a provider value would have had.
    ///
    /// Arrays whose elements all share one scalar type get that element type (`[]float64`);
    /// mixed or empty arrays get `[]interface {}`, as JSON decoding produces.
    public init(inferredFrom value: ExprValue) {
        switch value {
        case .nil: self = .nil
        case .bool: self = .bool
        case .int: self = .int
        case .float: self = .float
        case .string: self = .string
        case .map: self = .map(.unknown)
        case .array(let elements):
            guard let first = elements.first else {
                self = .array(.unknown)
                return
            }
            let firstType = ExprType.scalar(of: first)
            if firstType != .unknown, elements.allSatisfy({ ExprType.scalar(of: $0) == firstType }) {
                self = .array(firstType)
            } else {
                self = .array(.unknown)
            }
        }
    }

    private static func scalar(of value: ExprValue) -> ExprType {
        switch value {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .nil, .array, .map: return .unknown
        }
    }

    /// The Go spelling the checker prints ("float64", "[]float64", "map[string]interface {}").
    var goName: String {
        switch self {
        case .unknown: return "interface {}"
        // expr-lang's nil nature has no Go type and prints as "unknown".
        case .nil: return "unknown"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .array(let element): return "[]" + element.goName
        case .map(let element): return "map[string]" + element.goName
        }
    }

    var isUnknown: Bool { self == .unknown }
    var isNumber: Bool { self == .int || self == .float }
    var isArray: Bool {
        if case .array = self { return true }
        return false
    }
    var isMap: Bool {
        if case .map = self { return true }
        return false
    }
    var elementType: ExprType {
        switch self {
        case .array(let element), .map(let element): return element
        default: return .unknown
        }
    }

    /// expr-lang `Nature.ComparableTo`: `==` is allowed between unknowns, nils, numbers, arrays and
    /// equal types; anything else ("float64 == string") is a compile error.
    func isComparable(to other: ExprType) -> Bool {
        if isUnknown || other.isUnknown || self == .nil || other == .nil { return true }
        if isNumber && other.isNumber { return true }
        if isArray && other.isArray { return true }
        return self == other
    }

    /// expr-lang `Nature.MaybeCompatible`: one side unknown and the other of an accepted kind, or both unknown.
    func maybeCompatible(with other: ExprType, _ accepted: (ExprType) -> Bool) -> Bool {
        (isUnknown && other.isUnknown) || (isUnknown && accepted(other)) || (other.isUnknown && accepted(self))
    }
}
