/// `mean` and `median` over numbers and (nested) arrays of numbers. expr-lang: `builtin/lib.go`
/// (`mean`, `median`) and `builtin/validation.go` (`validateAggregateFunc`).
extension Builtin {
    /// validateAggregateFunc: any array or unknown argument defers to run time; otherwise every
    /// argument must be a number and the first one's type is the result (as upstream declares,
    /// even though `mean` and `median` return float64 at run time).
    func checkAggregateArguments(_ types: [ExprType], at range: SourceRange) throws(RawError) -> ExprType {
        guard !types.isEmpty else { throw RawError(.notEnoughArguments(function: rawValue), range) }
        for type in types {
            if type.isUnknown || type.isArray { return .unknown }
            if !type.isNumber { throw RawError(.invalidArgument(function: rawValue, typeName: type.goName), range) }
        }
        return types[0]
    }

    func callAggregate(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        var numbers: [Double] = []
        for argument in arguments { try collectNumbers(argument, into: &numbers, depth: 0, at: range) }
        if numbers.isEmpty { return .float(0) }
        if self == .mean {
            var total = 0.0
            for number in numbers { total += number }
            return .float(total / Double(numbers.count))
        }
        // sort.Float64s puts NaN first.
        numbers.sort { $0 < $1 || ($0.isNaN && !$1.isNaN) }
        let middle = numbers.count / 2
        return .float(numbers.count % 2 == 1 ? numbers[middle] : (numbers[middle - 1] + numbers[middle]) / 2)
    }

    private func collectNumbers(_ value: ExprValue, into numbers: inout [Double], depth: Int, at range: SourceRange) throws(RawError) {
        switch value {
        case .int(let number): numbers.append(Double(number))
        case .float(let number): numbers.append(number)
        case .array(let elements):
            guard depth < 10_000 else { throw RawError(.recursionDepthExceeded, range) }
            for element in elements { try collectNumbers(element, into: &numbers, depth: depth + 1, at: range) }
        default:
            throw RawError(.invalidArgument(function: rawValue, typeName: value.goTypeName), range)
        }
    }
}
