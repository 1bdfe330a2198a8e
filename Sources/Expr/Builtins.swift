/// The expr-lang builtins conditions use, with upstream's argument checks and results.
/// expr-lang: `builtin/builtin.go` (the table and its `Validate` functions) and `builtin/lib.go`.
///
/// The numeric basics live here; the other groups each have a file: Builtins+Strings,
/// Builtins+Collections, Builtins+Aggregates, Builtins+Bits, Builtins+JSON and Builtins+Base64. Builtins that
/// upstream declares with Go function types (`Types`) are checked by ``Signature`` overloads.
enum Builtin: String, CaseIterable {
    case len, abs, ceil, floor, round, int, float, string, max, min
    case trim, trimPrefix, trimSuffix, upper, lower, split, splitAfter, replace, `repeat`, join
    case indexOf, lastIndexOf, hasPrefix, hasSuffix, toBase64, fromBase64
    case first, last, get, take, keys, values, toPairs, fromPairs, reverse, uniq, concat, flatten, sort
    case mean, median
    case bitand, bitor, bitxor, bitnand, bitnot, bitshl, bitshr, bitushr
    case type, toJSON, fromJSON

    /// The Go function types upstream lists for this builtin, in upstream's order; nil when it
    /// validates its arguments with code instead.
    private var signatures: [Signature]? {
        stringSignatures ?? collectionSignatures ?? bitSignatures ?? jsonSignatures ?? base64Signatures
    }

    /// Compile-time check of argument count and types; returns the result type.
    func checkArguments(_ types: [ExprType], _ arguments: [Node], at range: SourceRange) throws(RawError) -> ExprType {
        if let signatures { return try checkOverloads(signatures, types, arguments, at: range) }
        switch self {
        case .mean, .median:
            return try checkAggregateArguments(types, at: range)
        case .first, .last, .get, .take, .keys, .values, .toPairs, .fromPairs, .reverse, .uniq, .concat, .flatten:
            return try checkCollectionArguments(types, arguments, at: range)
        default:
            break
        }
        switch self {
        case .max, .min:
            // builtin.validateAggregateFunc
            guard !types.isEmpty else { throw RawError(.notEnoughArguments(function: rawValue), range) }
            for type in types {
                if type.isUnknown || type.isArray { return .unknown }
                if !type.isNumber { throw RawError(.invalidArgument(function: rawValue, typeName: type.goName), range) }
            }
            return types[0]
        case .string:
            // `string` is typed func(any) string, so its arity error is the generic call one.
            if types.count > 1 { throw RawError(.tooManyArguments(function: "string"), range) }
            if types.isEmpty { throw RawError(.notEnoughArguments(function: "string"), range) }
            return .string
        case .len, .abs, .ceil, .floor, .round, .int, .float:
            guard types.count == 1 else {
                throw RawError(.invalidArgumentCount(expected: 1, got: types.count), range)
            }
        default:
            return .unknown  // other groups are dispatched above
        }
        let type = types[0]
        let accepted: Bool
        let result: ExprType
        switch self {
        case .len:
            accepted = type.isArray || type.isMap || type == .string || type.isUnknown
            result = .int
        case .abs:
            accepted = type.isNumber || type.isUnknown
            result = type
        case .ceil, .floor, .round:
            accepted = type.isNumber || type.isUnknown
            result = .float
        case .int:
            accepted = type.isNumber || type == .string || type.isUnknown
            result = .int
        case .float:
            accepted = type.isNumber || type == .string || type.isUnknown
            result = .float
        default:
            return .unknown  // handled above
        }
        guard accepted else { throw RawError(.invalidArgument(function: rawValue, typeName: type.goName), range) }
        return result
    }

    /// Runs the builtin; `arguments` have already been evaluated.
    func call(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        let argument = arguments.first ?? .nil
        switch self {
        case .trim, .trimPrefix, .trimSuffix, .upper, .lower, .split, .splitAfter, .replace, .repeat, .join,
            .indexOf, .lastIndexOf, .hasPrefix, .hasSuffix:
            return try callString(arguments, at: range)
        case .first, .last, .get, .take, .keys, .values, .toPairs, .fromPairs, .reverse, .uniq, .concat, .flatten, .sort:
            return try callCollection(arguments, at: range)
        case .mean, .median:
            return try callAggregate(arguments, at: range)
        case .bitand, .bitor, .bitxor, .bitnand, .bitnot, .bitshl, .bitshr, .bitushr:
            return try callBit(arguments, at: range)
        case .type, .toJSON, .fromJSON:
            return try callJSON(arguments, at: range)
        case .toBase64, .fromBase64:
            return try callBase64(arguments, at: range)
        case .len:
            // builtin.Len: strings count runes, not bytes.
            switch argument {
            case .array(let elements): return .int(elements.count)
            case .map(let map): return .int(map.count)
            case .string(let text): return .int(text.unicodeScalars.count)
            default: throw RawError(.invalidArgument(function: "len", typeName: argument.goTypeName), range)
            }
        case .abs:
            switch argument {
            case .int(let value): return .int(value < 0 ? 0 &- value : value)
            case .float(let value): return .float(Swift.abs(value))
            default: throw RawError(.invalidArgument(function: "abs", typeName: argument.goTypeName), range)
            }
        case .ceil, .floor, .round:
            let value: Double
            switch argument {
            case .int(let number): value = Double(number)
            case .float(let number): value = number
            default: throw RawError(.invalidArgument(function: rawValue, typeName: argument.goTypeName), range)
            }
            switch self {
            case .ceil: return .float(value.rounded(.up))
            case .floor: return .float(value.rounded(.down))
            // Go math.Round rounds half away from zero.
            default: return .float(value.rounded(.toNearestOrAwayFromZero))
            }
        case .int:
            switch argument {
            case .int: return argument
            case .float(let value): return .int(goTruncatingInt(value))
            case .string(let text):
                guard let value = Int(text) else { throw RawError(.invalidConversion(function: "int", argument: text), range) }
                return .int(value)
            default: throw RawError(.invalidConversion(function: "int", argument: argument.goTypeName), range)
            }
        case .float:
            switch argument {
            case .int(let value): return .float(Double(value))
            case .float: return argument
            case .string(let text):
                guard let value = goParseFloat(text) else { throw RawError(.invalidConversion(function: "float", argument: text), range) }
                return .float(value)
            default: throw RawError(.invalidConversion(function: "float", argument: argument.goTypeName), range)
            }
        case .string:
            return .string(goFormatV(argument))
        case .max, .min:
            return try minMax(arguments, at: range)
        }
    }

    /// What a result costs against the evaluation's memory budget: upstream's `Safe` builtins
    /// report their size (elements built, or bytes for `repeat`); the others report nothing.
    func memoryCost(of value: ExprValue) -> Int {
        switch (self, value) {
        case (.reverse, .array(let elements)), (.concat, .array(let elements)),
            (.flatten, .array(let elements)), (.sort, .array(let elements)):
            return elements.count
        case (.repeat, .string(let text)):
            return text.utf8.count
        default:
            return 0
        }
    }

    /// builtin `minMax`: flattens arrays; keeps the first value unless a later one is strictly
    /// greater (max) or smaller (min), so NaN never wins unless it comes first. An empty input
    /// gives nil.
    private func minMax(_ arguments: [ExprValue], at range: SourceRange) throws(RawError) -> ExprValue {
        var best: ExprValue = .nil
        func visit(_ value: ExprValue, depth: Int) throws(RawError) {
            switch value {
            case .int, .float:
                if best.isNil {
                    best = value
                } else {
                    let replace = self == .max ? try lessThan(best, value, range) : try lessThan(value, best, range)
                    if replace { best = value }
                }
            case .array(let elements):
                // expr-lang caps recursion into nested arrays (builtin.MaxDepth).
                guard depth < 10_000 else { throw RawError(.recursionDepthExceeded, range) }
                for element in elements { try visit(element, depth: depth + 1) }
            default:
                if arguments.count == 1, depth == 0 { best = value; return }
                throw RawError(.invalidArgument(function: rawValue, typeName: value.goTypeName), range)
            }
        }
        for argument in arguments { try visit(argument, depth: 0) }
        return best
    }
}

/// Go's `int(f)` for a float64 on amd64: truncation toward zero; NaN and out-of-range values
/// give the "integer indefinite" value, math.MinInt64. (Swift's `Int(_:)` would trap instead.)
func goTruncatingInt(_ value: Double) -> Int {
    guard value.isFinite, value > -9.223372036854775808e18, value < 9.223372036854775808e18 else {
        return Int.min
    }
    return Int(value)
}

/// `strconv.ParseFloat(text, 64)` without its error detail: nil on invalid syntax or overflow.
func goParseFloat(_ text: String) -> Double? {
    let lower = text.lowercased()
    let infinity: Set<String> = ["inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"]
    if infinity.contains(lower) { return lower.hasPrefix("-") ? -.infinity : .infinity }
    if lower == "nan" { return .nan }
    // Swift accepts "nan(0x1)", hexadecimal without exponent and the like; Go does not.
    guard !lower.contains("nan"), !lower.contains("inf"), let value = Double(text), value.isFinite else { return nil }
    return value
}
