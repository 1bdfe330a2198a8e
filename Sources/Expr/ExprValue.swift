/// A value of the condition language: what a metric provider hands in as `result`, and what an
/// expression evaluates to.
///
/// expr-lang runs on Go values; this enum keeps the kinds conditions can observe. Integers are Go's
/// `int` (64-bit, wrapping on overflow) and floats are IEEE `float64`, NaN and ±Inf included.
/// Maps keep their keys in insertion order, so nothing that reaches output depends on hashing.
public enum ExprValue: Sendable, Equatable {
    case `nil`
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array([ExprValue])
    case map(ExprMap)

    /// Structural equality for Swift callers (tests, caching): `.float(.nan)` equals itself here.
    /// The language's own `==` is ``goEqual(_:_:)``, which follows Go and expr-lang instead.
    public static func == (lhs: ExprValue, rhs: ExprValue) -> Bool {
        switch (lhs, rhs) {
        case (.nil, .nil): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.float(a), .float(b)): return a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.map(a), .map(b)): return a == b
        default: return false
        }
    }

    /// The Go type name `%T` prints for this value, used in runtime error messages
    /// ("invalid operation: string + int", "expected bool, but got float64").
    var goTypeName: String {
        switch self {
        case .nil: return "<nil>"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float64"
        case .string: return "string"
        case .array: return "[]interface {}"
        case .map: return "map[string]interface {}"
        }
    }

    var isNil: Bool {
        if case .nil = self { return true }
        return false
    }
}

/// A string-keyed map that remembers insertion order.
///
/// Lookups are linear: condition maps are small (a handful of keys from a JSON body), and a linear
/// scan keeps the type a plain value with a defined order. Setting an existing key keeps its place.
public struct ExprMap: Sendable, Equatable {
    public private(set) var keys: [String] = []
    public private(set) var values: [ExprValue] = []

    public init() {}

    /// Builds a map from pairs; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, ExprValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    /// The same as ``init(_:)`` in linear time, for maps built from data (`fromJSON`,
    /// `fromPairs`) rather than from a literal's handful of keys.
    init(collecting pairs: [(String, ExprValue)]) {
        var positions: [String: Int] = [:]
        for (key, value) in pairs {
            if let position = positions[key] {
                values[position] = value
            } else {
                positions[key] = keys.count
                keys.append(key)
                values.append(value)
            }
        }
    }

    public var count: Int { keys.count }

    public subscript(key: String) -> ExprValue? {
        get {
            guard let index = keys.firstIndex(of: key) else { return nil }
            return values[index]
        }
        set {
            if let index = keys.firstIndex(of: key) {
                if let newValue { values[index] = newValue } else {
                    keys.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Key-value pairs in insertion order.
    public var pairs: [(key: String, value: ExprValue)] {
        Array(zip(keys, values)).map { (key: $0.0, value: $0.1) }
    }

    /// Order-insensitive equality, as two Go maps compare.
    public static func == (lhs: ExprMap, rhs: ExprMap) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (index, key) in lhs.keys.enumerated() {
            guard let other = rhs[key], other == lhs.values[index] else { return false }
        }
        return true
    }
}

extension ExprValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ExprValue...) { self = .array(elements) }
}

extension ExprValue {
    /// An array of floats, the shape of a Prometheus vector or matrix result.
    public static func floats(_ values: [Double]) -> ExprValue {
        .array(values.map { .float($0) })
    }
}
