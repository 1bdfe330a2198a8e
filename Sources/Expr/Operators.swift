#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Runtime semantics of the operators on dynamic values.
// expr-lang: `vm/runtime/helpers[generated].go` (Equal, Less, Add, Divide, Modulo…) and
// `vm/runtime/runtime.go` (Fetch, Slice, In, Negate, MakeRange).

/// expr-lang `runtime.Equal`: numbers compare by value across int and float (so `1 == 1.0`),
/// NaN equals nothing, arrays compare element by element with the same rule, values of different
/// kinds are simply unequal, and nil equals only nil.
func goEqual(_ lhs: ExprValue, _ rhs: ExprValue) -> Bool {
    switch (lhs, rhs) {
    case let (.int(a), .int(b)): return a == b
    case let (.float(a), .float(b)): return a == b
    case let (.int(a), .float(b)): return Double(a) == b
    case let (.float(a), .int(b)): return a == Double(b)
    case let (.string(a), .string(b)): return a == b
    case let (.bool(a), .bool(b)): return a == b
    case (.nil, .nil): return true
    case let (.array(a), .array(b)):
        guard a.count == b.count else { return false }
        for index in a.indices where !goEqual(a[index], b[index]) { return false }
        return true
    case let (.map(a), .map(b)):
        guard a.count == b.count else { return false }
        for (key, value) in a.pairs {
            guard let other = b[key], goEqual(value, other) else { return false }
        }
        return true
    default:
        return false
    }
}

/// expr-lang `runtime.Less`: numbers (mixed kinds compare as float64) and strings; anything else
/// is "invalid operation: T < U".
func lessThan(_ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> Bool {
    switch (lhs, rhs) {
    case let (.float(a), .float(b)): return a < b
    case let (.int(a), .int(b)): return a < b
    case let (.int(a), .float(b)): return Double(a) < b
    case let (.float(a), .int(b)): return a < Double(b)
    case let (.string(a), .string(b)): return goStringLess(a, b)
    default: throw mismatch("<", lhs, rhs, range)
    }
}

/// Orders two values for `<`, `>`, `<=`, `>=`. Every comparison involving NaN is false, as in Go.
func compare(_ op: BinaryOperator, _ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> Bool {
    // Fast path for the common `result[0] >= 0.995`: no generic dispatch, no allocation.
    if case .float(let a) = lhs, case .float(let b) = rhs { return compareDoubles(op, a, b) }
    switch (lhs, rhs) {
    case let (.int(a), .int(b)):
        switch op {
        case .less: return a < b
        case .greater: return a > b
        case .lessOrEqual: return a <= b
        default: return a >= b
        }
    case let (.int(a), .float(b)): return compareDoubles(op, Double(a), b)
    case let (.float(a), .int(b)): return compareDoubles(op, a, Double(b))
    case let (.string(a), .string(b)):
        switch op {
        case .less: return goStringLess(a, b)
        case .greater: return goStringLess(b, a)
        case .lessOrEqual: return !goStringLess(b, a)
        default: return !goStringLess(a, b)
        }
    default:
        throw mismatch(op.rawValue, lhs, rhs, range)
    }
}

@inline(__always)
private func compareDoubles(_ op: BinaryOperator, _ a: Double, _ b: Double) -> Bool {
    switch op {
    case .less: return a < b
    case .greater: return a > b
    case .lessOrEqual: return a <= b
    default: return a >= b
    }
}

/// Go compares strings bytewise (UTF-8), which differs from Swift's Unicode ordering.
private func goStringLess(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8)
}

private func mismatch(_ op: String, _ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) -> RawError {
    RawError(.invalidOperation(lhs.goTypeName, operator: op, rhs.goTypeName), range)
}

/// `+ - *`: int op int stays int and wraps on overflow as Go's does; any float makes a float64.
/// `+` also concatenates strings.
func arithmetic(_ op: BinaryOperator, _ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
    switch (lhs, rhs) {
    case let (.int(a), .int(b)):
        switch op {
        case .add: return .int(a &+ b)
        case .subtract: return .int(a &- b)
        default: return .int(a &* b)
        }
    case let (.string(a), .string(b)) where op == .add:
        return .string(a + b)
    default:
        guard let a = lhs.asDouble, let b = rhs.asDouble else { throw mismatch(op.rawValue, lhs, rhs, range) }
        switch op {
        case .add: return .float(a + b)
        case .subtract: return .float(a - b)
        default: return .float(a * b)
        }
    }
}

/// expr-lang `runtime.Divide`: always float64, so `1 / 2` is 0.5 and `1 / 0` is +Inf.
func divide(_ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
    guard let a = lhs.asDouble, let b = rhs.asDouble else { throw mismatch("/", lhs, rhs, range) }
    return .float(a / b)
}

/// expr-lang `runtime.Modulo`: integers only; a zero divisor is Go's run-time panic.
func modulo(_ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
    guard case .int(let a) = lhs, case .int(let b) = rhs else { throw mismatch("%", lhs, rhs, range) }
    guard b != 0 else { throw RawError(.integerDivideByZero, range) }
    // Int.min % -1 overflows in Swift; Go defines it as 0.
    return .int(b == -1 ? 0 : a % b)
}

/// expr-lang `runtime.Exponent`: `**` and `^` are math.Pow on float64.
func power(_ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
    guard let a = lhs.asDouble, let b = rhs.asDouble else {
        let culprit = lhs.asDouble == nil ? lhs : rhs
        throw RawError(.invalidConversion(function: "float", argument: culprit.goTypeName), range)
    }
    return .float(goPow(a, b))
}

/// Go's math.Pow and C's pow share their special cases (IEEE 754 §9.2.1: pow(1, NaN) = 1,
/// pow(-1, ±Inf) = 1, pow(x, ±0) = 1); the C library is used for the finite cases.
private func goPow(_ base: Double, _ exponent: Double) -> Double {
    pow(base, exponent)
}

/// expr-lang `runtime.MakeRange` for `a..b`: inclusive; empty when b < a.
func makeRange(_ lhs: ExprValue, _ rhs: ExprValue, _ range: SourceRange) throws(RawError) -> ExprValue {
    guard case .int(let low) = lhs, case .int(let high) = rhs else {
        throw RawError(.invalidOperation(lhs.goTypeName, operator: "..", rhs.goTypeName), range)
    }
    guard high >= low else { return .array([]) }
    let (size, overflow) = high.subtractingReportingOverflow(low)
    // expr-lang's default memory budget (conf.DefaultMemoryBudget) stops runaway ranges.
    guard !overflow, size < maxCollectionSize else { throw RawError(.memoryBudgetExceeded, range) }
    return .array((low...high).map { .int($0) })
}

/// expr-lang `conf.DefaultMemoryBudget`.
let maxCollectionSize = 1_000_000

extension ExprValue {
    var asDouble: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .float(let value): return value
        default: return nil
        }
    }
}
