/// A Go function type a builtin is declared with (`Types` in expr-lang's builtin table), and
/// the compile-time check that upstream runs against each overload in turn
/// (checker `checkFunction` and `checkArguments`).
struct Signature {
    let parameters: [ExprType]
    let result: ExprType

    init(_ parameters: [ExprType], _ result: ExprType) {
        self.parameters = parameters
        self.result = result
    }
}

extension Builtin {
    /// The first overload the arguments fit gives the result type; when none fits, the error is
    /// the one the last overload raised, as upstream reports it.
    func checkOverloads(
        _ overloads: [Signature], _ types: [ExprType], _ arguments: [Node], at range: SourceRange
    ) throws(RawError) -> ExprType {
        var lastError = RawError(.notEnoughArguments(function: rawValue), range)
        for signature in overloads {
            guard let error = mismatch(signature, types, arguments, at: range) else { return signature.result }
            lastError = error
        }
        throw lastError
    }

    private func mismatch(
        _ signature: Signature, _ types: [ExprType], _ arguments: [Node], at range: SourceRange
    ) -> RawError? {
        let parameters = signature.parameters
        if types.count > parameters.count { return RawError(.tooManyArguments(function: rawValue), range) }
        if types.count < parameters.count { return RawError(.notEnoughArguments(function: rawValue), range) }
        for (index, type) in types.enumerated() {
            let parameter = parameters[index]
            let place = index < arguments.count ? arguments[index].range : range
            // Integer arguments convert to float and integer parameters.
            if type == .int && parameter.isNumber { continue }
            if type == .nil {
                if parameter.isUnknown { continue }
                return RawError(.cannotUseNilAsArgument(parameter: parameter.goName, function: rawValue), place)
            }
            if type.isUnknown || parameter.isUnknown || type == parameter { continue }
            return RawError(.cannotUseAsArgument(typeName: type.goName, parameter: parameter.goName, function: rawValue), place)
        }
        return nil
    }
}

/// An argument by position, nil when absent (the checker has already fixed the count, but a
/// missing argument must never trap).
func argument(_ arguments: [ExprValue], _ index: Int) -> ExprValue {
    index < arguments.count ? arguments[index] : .nil
}

/// The name Go's `reflect.Kind` prints for a value, used by run-time messages such as
/// "cannot get keys from slice".
func goKindName(_ value: ExprValue) -> String {
    switch value {
    case .nil: return "invalid"
    case .bool: return "bool"
    case .int: return "int"
    case .float: return "float64"
    case .string: return "string"
    case .array: return "slice"
    case .map: return "map"
    }
}
