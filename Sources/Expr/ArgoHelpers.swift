/// The functions Argo adds to the environment of every condition.
/// Argo: `EvalCondition` and its helpers `asInt`, `asFloat`, `isInf`, `isNilFunc`, `defaultFunc`
/// (utils/evaluate/evaluate.go); `isNaN` is Go's `math.IsNaN`.
enum ArgoFunction: String, CaseIterable {
    case asInt, asFloat, isNaN, isInf, isNil
    case `default`

    /// Go parameter types: isNaN/isInf take float64, default takes two `any`, the rest one `any`.
    private var parameterCount: Int { self == .default ? 2 : 1 }

    /// expr-lang `checkArguments` for a Go function value in the environment.
    func checkArguments(_ types: [ExprType], _ arguments: [Node], at range: SourceRange) throws(RawError) -> ExprType {
        if types.count > parameterCount { throw RawError(.tooManyArguments(function: rawValue), range) }
        if types.count < parameterCount { throw RawError(.notEnoughArguments(function: rawValue), range) }
        if self == .isNaN || self == .isInf {
            let type = types[0]
            if type == .nil {
                throw RawError(.cannotUseNilAsArgument(parameter: "float64", function: rawValue), arguments[0].range)
            }
            // An int argument is accepted: expr-lang converts integer literals to float for a
            // float64 parameter.
            if !type.isNumber && !type.isUnknown {
                throw RawError(.cannotUseAsArgument(typeName: type.goName, parameter: "float64", function: rawValue), arguments[0].range)
            }
        }
        switch self {
        case .asInt: return .int
        case .asFloat: return .float
        case .isNaN, .isInf, .isNil: return .bool
        case .default: return .unknown
        }
    }

    /// Calls the helper. `result` is the provider's value, which `isNil` and `default` consult
    /// instead of their first argument, exactly as Argo's closures do.
    func call(_ arguments: [ExprValue], result: ExprValue, at range: SourceRange) throws(RawError) -> ExprValue {
        switch self {
        case .asInt:
            return .int(try Self.asInt(arguments[0], at: range))
        case .asFloat:
            return .float(try Self.asFloat(arguments[0], at: range))
        case .isNaN, .isInf:
            guard let value = arguments[0].asDouble else {
                throw RawError(.reflectCall(found: arguments[0].goTypeName, expected: "float64"), range)
            }
            return .bool(self == .isNaN ? value.isNaN : value.isInfinite)
        case .isNil:
            return .bool(result.isNil)
        case .default:
            return result.isNil ? arguments[1] : result
        }
    }

    /// Argo `asInt`: floats truncate, strings must be base-10 integers; the panic text is what
    /// the user sees.
    private static func asInt(_ value: ExprValue, at range: SourceRange) throws(RawError) -> Int {
        switch value {
        case .int(let number): return number
        case .float(let number): return goTruncatingInt(number)
        case .string(let text):
            if let number = Int(text) { return number }
            let sign = text.first == "+" || text.first == "-"
            let digits = sign ? text.dropFirst() : Substring(text)
            let isSyntaxValid = !digits.isEmpty && digits.allSatisfy(\.isASCIIDigit)
            throw RawError(.parseIntFailed(text, outOfRange: isSyntaxValid), range)
        default:
            throw RawError(.helperNotSupported(function: "asInt", typeName: value.goTypeName, value: goFormatV(value)), range)
        }
    }

    /// Argo `asFloat`: numbers convert, strings go through strconv.ParseFloat.
    private static func asFloat(_ value: ExprValue, at range: SourceRange) throws(RawError) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .float(let number): return number
        case .string(let text):
            if let number = goParseFloat(text) { return number }
            // Syntactically fine but too large ("1e400") is Go's range error.
            let outOfRange = Double(text).map { $0.isInfinite && !text.lowercased().contains("inf") } == true
            throw RawError(.parseFloatFailed(text, outOfRange: outOfRange), range)
        default:
            throw RawError(.helperNotSupported(function: "asFloat", typeName: value.goTypeName, value: goFormatV(value)), range)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
