import Testing
@testable import Expr

/// Ports of argo-rollouts `utils/evaluate/evaluate_test.go`, keeping upstream's test names.
@Suite("EvaluateResult (upstream evaluate_test.go)")
struct EvaluateResultTests {
    static let invalidRefCondition = "a == true"

    struct PhaseCase: Sendable, CustomTestStringConvertible {
        let name: String
        let success: String
        let failure: String
        let expected: MeasurementVerdict
        var testDescription: String { name }
    }

    static let phaseCases: [PhaseCase] = [
        .init(name: "TestEvaluateResultWithSuccess", success: "true", failure: "false", expected: .successful),
        .init(name: "TestEvaluateResultWithFailure", success: "true", failure: "true", expected: .failed),
        .init(name: "TestEvaluateResultInconclusive", success: "false", failure: "false", expected: .inconclusive),
        .init(name: "TestEvaluateResultNoSuccessConditionAndNotFailing", success: "", failure: "false", expected: .successful),
        .init(name: "TestEvaluateResultNoFailureConditionAndNotSuccessful", success: "false", failure: "", expected: .failed),
        .init(name: "TestEvaluateResultNoFailureConditionAndNoSuccessCondition", success: "", failure: "", expected: .successful),
    ]

    @Test("phase from success and failure conditions", arguments: phaseCases)
    func phase(_ testCase: PhaseCase) throws {
        #expect(evaluateResult(successCondition: testCase.success, failureCondition: testCase.failure, result: true)
            == testCase.expected)
    }

    @Test("an unknown name in successCondition is an Error naming the condition")
    func errorOnSuccessCondition() throws {
        // TestEvaluateResultWithErrorOnSuccessCondition, TestEvaluateResultErrorMessageWithInvalidExpression
        #expect(evaluateResult(successCondition: Self.invalidRefCondition, failureCondition: "true", result: true)
            == .error("could not evaluate successCondition \"a == true\": unknown name a"))
    }

    @Test("an unknown name in failureCondition is an Error naming the condition")
    func errorOnFailureCondition() throws {
        // TestEvaluateResultWithErrorOnFailureCondition, TestEvaluateResultErrorMessageOnFailureCondition
        #expect(evaluateResult(successCondition: "true", failureCondition: Self.invalidRefCondition, result: true)
            == .error("could not evaluate failureCondition \"a == true\": unknown name a"))
        #expect(evaluateResult(successCondition: "true", failureCondition: "invalidVar == true", result: true)
            == .error("could not evaluate failureCondition \"invalidVar == true\": unknown name invalidVar"))
    }

    @Test("result == true and result == false against a true result")
    func conditionOnBoolResult() throws {
        // TestEvaluateConditionWithSuccess, TestEvaluateConditionWithFailure
        #expect(evalCondition("result == true", result: true) == .success(true))
        #expect(evalCondition("result == false", result: true) == .success(false))
    }

    @Test("a condition that is not a bool is an error naming the Go type")
    func nonBoolReturn() throws {
        // TestErrorWithNonBoolReturn
        #expect(evalCondition("1", result: true) == .failure("expected bool, but got int"))
        #expect(evalCondition("1.5", result: true) == .failure("expected bool, but got float64"))
        #expect(evalCondition("'x'", result: true) == .failure("expected bool, but got string"))
        #expect(evalCondition("nil", result: true) == .failure("expected bool, but got <nil>"))
    }

    @Test("an unknown variable is reported without location decoration")
    func invalidReference() throws {
        // TestErrorWithInvalidReference
        #expect(evalCondition("invalidVariable", result: true) == .failure("unknown name invalidVariable"))
    }

    @Test("all() over a nested map path")
    func evaluateArray() throws {
        // TestEvaluateArray
        let values = ExprMap([("values", .array([.float(2), .float(2)]))])
        let apdex = ExprMap([("label", .nil), ("values", .map(values))])
        let result = ExprValue.map(ExprMap([("service_apdex", .map(apdex))]))
        #expect(evalCondition("all(result.service_apdex.values.values, {# > 1})", result: result) == .success(true))
    }

    @Test("2 in result finds an int among floats")
    func inOperator() throws {
        // TestEvaluateInOperator
        #expect(evalCondition("2 in result", result: .floats([2, 2])) == .success(true))
        #expect(evalCondition("3 in result", result: .floats([2, 2])) == .success(false))
    }

    @Test("result > 1 on a float64 result")
    func float64Result() {
        // TestEvaluateFloat64
        #expect(evalCondition("result > 1", result: .float(5)) == .success(true))
    }

    @Test("calling a method on a bool result is an error")
    func invalidStruct() throws {
        // TestEvaluateInvalidStruct
        #expect(evalCondition("result.Name() == 'hi'", result: true) == .failure("type bool has no method Name"))
    }

    @Test("asInt of a fractional string is the ParseInt error")
    func asIntPanic() throws {
        // TestEvaluateAsIntPanic, TestAsInt
        #expect(evalCondition("asInt(result) == 1.1", result: "1.1")
            == .failure(#"strconv.ParseInt: parsing "1.1": invalid syntax"#))
        #expect(evalCondition("asInt(result) == 1", result: "notint")
            == .failure(#"strconv.ParseInt: parsing "notint": invalid syntax"#))
    }

    @Test("asInt accepts base-10 strings, ints and truncates floats", arguments: [
        ExprValue.string("1"), .int(1), .float(1.123),
    ])
    func asInt(_ input: ExprValue) throws {
        // TestEvaluateAsInt
        #expect(evalCondition("asInt(result) == 1", result: input) == .success(true))
    }

    @Test("asFloat errors: bad syntax at run time, string comparison at compile time")
    func asFloatError() throws {
        // TestEvaluateAsFloatError
        #expect(evalCondition("asFloat(result) == 1.1", result: "NotANum")
            == .failure(#"strconv.ParseFloat: parsing "NotANum": invalid syntax"#))
        #expect(evalCondition(#"asFloat(result) == "1.1""#, result: "1.1")
            == .failure("invalid operation: == (mismatched types float64 and string)"))
    }

    @Test("asFloat of strings, floats and ints compares as expected", arguments: [
        ("1.1", "asFloat(result) == 1.1"), ("1.1", "asFloat(result) >= 1.1"), ("1.1", "asFloat(result) <= 1.1"),
    ])
    func asFloatOfString(_ input: String, _ condition: String) throws {
        // TestEvaluateAsFloat (string rows)
        #expect(evalCondition(condition, result: .string(input)) == .success(true))
    }

    @Test("asFloat of numbers")
    func asFloatOfNumbers() throws {
        // TestEvaluateAsFloat (number rows), TestAsFloat
        #expect(evalCondition("asFloat(result) == 1.1", result: .float(1.1)) == .success(true))
        #expect(evalCondition("asFloat(result) == 1", result: .int(1)) == .success(true))
        #expect(evalCondition("asFloat(result) >= 1", result: .int(1)) == .success(true))
        #expect(try run("asFloat(result)", result: "1") == .float(1))
        #expect(try run("asFloat(result)", result: "1.1") == .float(1.1))
        #expect(evalCondition("asFloat(result) > 0", result: "notfloat")
            == .failure(#"strconv.ParseFloat: parsing "notfloat": invalid syntax"#))
    }

    @Test("isInf is true for either infinity only")
    func isInf() throws {
        // TestIsInf
        #expect(evalCondition("isInf(result)", result: .float(.infinity)) == .success(true))
        #expect(evalCondition("isInf(result)", result: .float(-.infinity)) == .success(true))
        #expect(evalCondition("isInf(result)", result: .float(0)) == .success(false))
    }

    @Test("default() yields the fallback only for a nil result")
    func defaultFunc() throws {
        // TestDefaultFunc
        #expect(try run("default(result, 0)", result: .nil) == .int(0))
        #expect(try run("default(result, 2)", result: .nil) == .int(2))
        #expect(try run("default(result, 0)", result: .float(1)) == .float(1))
    }

    @Test("isNil() looks at the result, not at its argument")
    func isNilFunc() throws {
        // TestIsNilFunc, TestIsNil
        #expect(try run("isNil(result)", result: .nil) == .bool(true))
        #expect(try run("isNil(1)", result: .nil) == .bool(true))
        #expect(try run("isNil(result)", result: .float(1)) == .bool(false))
        #expect(try run("isNil(result)", result: ["hi", "hello"]) == .bool(false))
        #expect(try run("isNil(result)", result: .int(1)) == .bool(false))
        #expect(try run("isNil(result)", result: .bool(false)) == .bool(false))
    }

    @Test("a nil result replaces the error with the nil-or-empty wording")
    func nilResultMessage() throws {
        // TestEvaluateResultErrorMessageWithNilResult
        #expect(evaluateResult(successCondition: "result[0] >= 0.95", failureCondition: "", result: .nil)
            == .error("could not evaluate successCondition \"result[0] >= 0.95\": metric result is nil or empty: no data returned from the metric provider"))
    }

    @Test("an empty array result replaces the index error with the nil-or-empty wording")
    func emptySliceMessage() throws {
        // TestEvaluateResultErrorMessageWithEmptySlice
        #expect(evaluateResult(successCondition: "result[0] >= 0.95", failureCondition: "", result: .floats([]),
                               resultType: .array(.float))
            == .error("could not evaluate successCondition \"result[0] >= 0.95\": metric result is nil or empty: no data returned from the metric provider"))
    }

    @Test("a non-empty result keeps expr's own error text")
    func nonEmptyResultKeepsMessage() throws {
        // TestIsNilOrEmpty: a one-element array and scalars are not nil-or-empty.
        #expect(evaluateResult(successCondition: "result[1] >= 0.95", failureCondition: "", result: .floats([1]))
            == .error("could not evaluate successCondition \"result[1] >= 0.95\": index out of range: 1 (array length is 1)"))
        #expect(evaluateResult(successCondition: "result == 'x'", failureCondition: "", result: .int(42))
            == .error("could not evaluate successCondition \"result == 'x'\": invalid operation: == (mismatched types int and string)"))
    }

    @Test("success is evaluated first: its error wins over the failure condition's")
    func successErrorFirst() throws {
        #expect(evaluateResult(successCondition: "x", failureCondition: "y", result: true)
            == .error("could not evaluate successCondition \"x\": unknown name x"))
    }

    @Test("a non-bool successCondition is an Error measurement")
    func nonBoolIsError() throws {
        #expect(evaluateResult(successCondition: "result", failureCondition: "", result: .float(1))
            == .error("could not evaluate successCondition \"result\": expected bool, but got float64"))
    }
}

@Suite("MetricConditions: compile once, evaluate per measurement")
struct MetricConditionsTests {
    @Test("one MetricConditions gives each measurement its own verdict")
    func reuse() {
        let conditions = MetricConditions(successCondition: "result[0] >= 0.95", failureCondition: "result[0] < 0.5")
        #expect(conditions.evaluate(result: .floats([0.99]), resultType: .array(.float)) == .successful)
        #expect(conditions.evaluate(result: .floats([0.7]), resultType: .array(.float)) == .inconclusive)
        #expect(conditions.evaluate(result: .floats([0.2]), resultType: .array(.float)) == .failed)
    }

    @Test("a syntax error makes every measurement an Error with expr's message")
    func syntaxError() {
        let conditions = MetricConditions(successCondition: "result[0] >=", failureCondition: "")
        #expect(conditions.evaluate(result: .floats([0.99])) == .error("could not evaluate successCondition \"result[0] >=\": unexpected token EOF"))
    }
}
