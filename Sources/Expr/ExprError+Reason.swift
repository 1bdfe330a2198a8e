extension ExprError {
    /// What went wrong, with the data upstream's message is built from. All wording lives in
    /// ``message``, spelled as expr-lang (or Go, or Argo's helpers) spell it, because Argo stores
    /// that text in `Measurement.message` and users search for it.
    public enum Reason: Sendable, Equatable {
        // Lexer and parser (expr-lang parser/lexer/state.go, parser/parser.go).
        case unexpectedToken(String)
        case unexpectedEndOfExpression
        case unrecognizedCharacter(Unicode.Scalar)
        case badNumberSyntax(String)
        case invalidLiteral(LiteralKind, text: String, outOfRange: Bool)
        case literalNotTerminated
        case invalidCharEscape
        case unclosedComment
        case coalesceMixed(operator: String)
        case invalidMapKey(found: String)
        case expectedName
        case expectedArguments(Int)
        case predicateNeedsBrackets
        case unknownPointer(String)
        case nestingTooDeep(limit: Int)
        case tooManyNodes

        // Checker (expr-lang checker/checker.go, builtin/validation.go).
        case unknownName(String)
        case pointerOutsidePredicate
        case mismatchedType(operator: String, ExprType)
        case mismatchedTypes(operator: String, ExprType, ExprType)
        case constantDivisionByZero
        case noMethod(ExprType, name: String)
        case noField(ExprType, name: String)
        case nilHasNoField(String)
        case undefinedIndex(ExprType, property: ExprType)
        case arrayIndexNotInteger(ExprType)
        case mapKeyNotString(property: ExprType, map: ExprType)
        case nonIntegerSliceIndex(ExprType)
        case cannotSliceType(ExprType)
        case notCallable(ExprType)
        case unsupportedBuiltin(String)
        case nonBoolCondition(ExprType)
        case cannotUseInMap(ExprType)
        case cannotUseInArray(ExprType, element: ExprType)
        case builtinTakesOnlyArray(builtin: String, ExprType)
        case predicateNotBoolean(ExprType)
        /// `typeName` is the Go spelling of the offending type (static or dynamic).
        case invalidArgument(function: String, typeName: String)
        case invalidArgumentCount(expected: Int, got: Int)
        case notEnoughArguments(function: String)
        case tooManyArguments(function: String)
        case cannotUseAsArgument(typeName: String, parameter: String, function: String)
        case cannotUseNilAsArgument(parameter: String, function: String)
        case cannotRedeclare(String, kind: RedeclaredKind)
        case sortOrderNotString(String, builtin: String)
        /// `template` is upstream's sentence with `%s` where the type goes
        /// ("cannot get keys from %s", "cannot reverse %s").
        case cannotApply(template: String, typeName: String)
        case invalidArgumentCountAtLeast(expected: Int, got: Int)
        case doesNotSupportIndexing(ExprType)

        // Run time (expr-lang vm/runtime, builtin/lib.go; Go's own panics; Argo's helpers).
        case indexOutOfRange(index: Int, length: Int)
        case cannotFetch(key: String, from: String)
        case interfaceConversion(found: String, expected: String)
        case invalidOperation(String, operator: String, String)
        case invalidNegation(String)
        case invalidConversion(function: String, argument: String)
        case integerDivideByZero
        case inNotDefined(String)
        case mapIndexNotAssignable(String)
        case cannotSliceValue(String)
        case cannotIterate(String)
        case reflectCall(found: String, expected: String)
        case parseIntFailed(String, outOfRange: Bool)
        case parseFloatFailed(String, outOfRange: Bool)
        case helperNotSupported(function: String, typeName: String, value: String)
        case invalidRegexp(String)
        case memoryBudgetExceeded
        case recursionDepthExceeded
        case reduceOfEmptyArray
        case invalidSortOrder(String)
        case negativeRepeatCount(Int)
        case negativeShiftCount(Int)
        /// The run-time form of a non-integer bit operand (builtin `toInt`).
        case bitOperandNotInteger(typeName: String, function: String)
        case invalidPair(String)
        case invalidPairLength(String)
        /// Maps here are keyed by strings only; expr-lang's `fromPairs` also accepts other keys.
        case nonStringMapKey(typeName: String)
        case sliceIndexOutOfBounds
        case jsonUnsupportedValue(String)
        case jsonSyntax(String)
        case jsonNumberOutOfRange(String)
        case jsonTooDeep
        case base64IllegalData(at: Int)
        
    }

    /// Which visible name a `let` would shadow.
    public enum RedeclaredKind: Sendable {
        /// An environment variable (Argo's helpers are environment values too).
        case variable
        case builtin
        case letVariable
    }

    public enum LiteralKind: String, Sendable {
        case integer, hex, binary, octal, float
    }
}

extension ExprError.Reason {
    /// The text upstream produces for this reason.
    public var message: String {
        switch self {
        case .unexpectedToken(let token): return "unexpected token \(token)"
        case .unexpectedEndOfExpression: return "unexpected end of expression"
        case .unrecognizedCharacter(let scalar): return "unrecognized character: \(goRuneDescription(scalar))"
        case .badNumberSyntax(let text): return "bad number syntax: \(goQuoted(text))"
        case .invalidLiteral(let kind, let text, let outOfRange):
            let function = kind == .float ? "ParseFloat" : "ParseInt"
            let reason = outOfRange ? "value out of range" : "invalid syntax"
            return "invalid \(kind.rawValue) literal: strconv.\(function): parsing \(goQuoted(text)): \(reason)"
        case .literalNotTerminated: return "literal not terminated"
        case .invalidCharEscape: return "invalid char escape"
        case .unclosedComment: return "unclosed comment"
        case .coalesceMixed(let op):
            return "Operator (\(op)) and coalesce expressions (??) cannot be mixed. Wrap either by parentheses."
        case .invalidMapKey(let found):
            return "a map key must be a quoted string, a number, a identifier, or an expression enclosed in parentheses (unexpected token \(found))"
        case .expectedName: return "expected name"
        case .expectedArguments(let count): return "expected at least \(count) arguments"
        case .predicateNeedsBrackets: return "wrap predicate with brackets { and }"
        case .unknownPointer(let name): return "unknown pointer #\(name)"
        case .nestingTooDeep(let limit): return "expression is nested too deeply (more than \(limit) levels)"
        case .tooManyNodes: return "compilation failed: expression exceeds maximum allowed nodes"

        case .unknownName(let name): return "unknown name \(name)"
        case .pointerOutsidePredicate: return "cannot use pointer accessor outside predicate"
        case .mismatchedType(let op, let type): return "invalid operation: \(op) (mismatched type \(type.goName))"
        case .mismatchedTypes(let op, let l, let r):
            return "invalid operation: \(op) (mismatched types \(l.goName) and \(r.goName))"
        case .constantDivisionByZero: return "integer divide by zero"
        case .noMethod(let type, let name): return "type \(type.goName) has no method \(name)"
        case .noField(let type, let name): return "type \(type.goName) has no field \(name)"
        case .nilHasNoField(let name): return "type nil has no field \(name)"
        case .undefinedIndex(let type, let property): return "type \(type.goName)[\(property.goName)] is undefined"
        case .arrayIndexNotInteger(let type):
            return "array elements can only be selected using an integer (got \(type.goName))"
        case .mapKeyNotString(let property, let map):
            return "cannot use \(property.goName) to get an element from \(map.goName)"
        case .nonIntegerSliceIndex(let type): return "non-integer slice index \(type.goName)"
        case .cannotSliceType(let type): return "cannot slice \(type.goName)"
        case .notCallable(let type): return "\(type.goName) is not callable"
        case .unsupportedBuiltin(let name): return "builtin \(name) is not supported by this implementation"
        case .nonBoolCondition(let type): return "non-bool expression (type \(type.goName)) used as condition"
        case .cannotUseInMap(let type): return "cannot use \(type.goName) as type string in map key"
        case .cannotUseInArray(let type, let element):
            return "cannot use \(type.goName) as type \(element.goName) in array"
        case .builtinTakesOnlyArray(let builtin, let type): return "builtin \(builtin) takes only array (got \(type.goName))"
        case .predicateNotBoolean(let type): return "predicate should return boolean (got \(type.goName))"
        case .invalidArgument(let function, let typeName): return "invalid argument for \(function) (type \(typeName))"
        case .invalidArgumentCount(let expected, let got):
            return "invalid number of arguments (expected \(expected), got \(got))"
        case .notEnoughArguments(let function): return "not enough arguments to call \(function)"
        case .tooManyArguments(let function): return "too many arguments to call \(function)"
        // The trailing space is upstream's (checker.checkArguments).
        case .cannotUseAsArgument(let typeName, let parameter, let function):
            return "cannot use \(typeName) as argument (type \(parameter)) to call \(function) "
        case .cannotUseNilAsArgument(let parameter, let function):
            return "cannot use nil as argument (type \(parameter)) to call \(function)"
        case .cannotRedeclare(let name, .variable): return "cannot redeclare \(name)"
        case .cannotRedeclare(let name, .builtin): return "cannot redeclare builtin \(name)"
        case .cannotRedeclare(let name, .letVariable): return "cannot redeclare variable \(name)"
        case .sortOrderNotString(let typeName, let builtin):
            return "\(builtin) order argument must be a string (got \(typeName))"
        case .cannotApply(let template, let typeName):
            return template.replacing("%s", with: typeName)
        case .invalidArgumentCountAtLeast(let expected, let got):
            return "invalid number of arguments (expected at least \(expected), got \(got))"
        case .doesNotSupportIndexing(let type): return "type \(type.goName) does not support indexing"

        case .indexOutOfRange(let index, let length): return "index out of range: \(index) (array length is \(length))"
        case .cannotFetch(let key, let from): return "cannot fetch \(key) from \(from)"
        case .interfaceConversion(let found, let expected):
            return "interface conversion: interface {} is \(found), not \(expected)"
        case .invalidOperation(let l, let op, let r): return "invalid operation: \(l) \(op) \(r)"
        case .invalidNegation(let type): return "invalid operation: - \(type)"
        case .invalidConversion(let function, let argument): return "invalid operation: \(function)(\(argument))"
        case .integerDivideByZero: return "runtime error: integer divide by zero"
        case .inNotDefined(let type): return "operator \"in\" not defined on \(type)"
        case .mapIndexNotAssignable(let type):
            return "reflect.Value.MapIndex: value of type \(type) is not assignable to type string"
        case .cannotSliceValue(let value): return "cannot slice \(value)"
        case .cannotIterate(let what): return "reflect: call of reflect.Value.Len on \(what) Value"
        case .reflectCall(let found, let expected): return "reflect: Call using \(found) as type \(expected)"
        case .parseIntFailed(let text, let outOfRange):
            return "strconv.ParseInt: parsing \(goQuoted(text)): \(outOfRange ? "value out of range" : "invalid syntax")"
        case .parseFloatFailed(let text, let outOfRange):
            return "strconv.ParseFloat: parsing \(goQuoted(text)): \(outOfRange ? "value out of range" : "invalid syntax")"
        case .helperNotSupported(let function, let typeName, let value):
            return "\(function)() not supported on \(typeName) \(value)"
        case .invalidRegexp(let detail): return "error parsing regexp: \(detail)"
        case .memoryBudgetExceeded: return "memory budget exceeded"
        case .recursionDepthExceeded: return "recursion depth exceeded"
        case .reduceOfEmptyArray: return "reduce of empty array with no initial value"
        case .invalidSortOrder(let order): return "invalid order \(order), expected asc or desc"
        case .negativeRepeatCount(let count):
            return "invalid argument for repeat (expected positive integer, got \(count))"
        case .negativeShiftCount(let count): return "invalid operation: negative shift count \(count) (type int)"
        case .bitOperandNotInteger(let typeName, let function):
            return "cannot use \(typeName) as argument (type int) to call \(function)"
        case .invalidPair(let pair): return "invalid pair \(pair)"
        case .invalidPairLength(let pair): return "invalid pair length \(pair)"
        case .nonStringMapKey(let typeName): return "map keys must be strings in this implementation (got \(typeName))"
        case .sliceIndexOutOfBounds: return "reflect.Value.Slice: slice index out of bounds"
        case .jsonUnsupportedValue(let value): return "json: unsupported value: \(value)"
        case .jsonSyntax(let detail): return detail
        case .jsonNumberOutOfRange(let text):
            return "json: cannot unmarshal number \(text) into Go value of type float64"
        case .jsonTooDeep: return "exceeded max depth"
        case .base64IllegalData(let offset): return "illegal base64 data at input byte \(offset)"
        }
    }
}
