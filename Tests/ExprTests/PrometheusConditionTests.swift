import Testing
@testable import Expr

/// The condition-related cases of argo-rollouts `metricproviders/prometheus/prometheus_test.go`:
/// the provider turns a scalar into a float64 and a vector or matrix into a `[]float64`, then calls
/// `EvaluateResult`; `Measurement.value` is the formatted sample value(s).
@Suite("Prometheus provider conditions (upstream prometheus_test.go)")
struct PrometheusConditionTests {
    /// What `processResponse` does with a scalar.
    func processScalar(_ value: Double, success: String, failure: String) -> (MeasurementVerdict, String) {
        let verdict = evaluateResult(successCondition: success, failureCondition: failure, result: .float(value))
        return (verdict, MeasurementValueFormat.scalar(value))
    }

    /// What `processResponse` does with a vector or matrix (samples flattened in order).
    func processVector(_ values: [Double], success: String, failure: String) -> (MeasurementVerdict, String) {
        let verdict = evaluateResult(successCondition: success, failureCondition: failure,
                                     result: .floats(values), resultType: .array(.float))
        return (verdict, MeasurementValueFormat.vector(values))
    }

    @Test("a scalar 10 with result == 10 / result != 10 is Successful with value \"10\"")
    func scalarResponse() {
        // TestRunSuccessfully, TestProcessScalarResponse
        let (verdict, value) = processScalar(10, success: "result == 10", failure: "result != 10")
        #expect(verdict == .successful)
        #expect(value == "10")
    }

    @Test("a range query matrix 11..14 with bare-expression predicates is Successful")
    func matrixResponse() {
        // TestRunSuccessfullyWithRangeQuery: newMatrix(10) holds 11, 12 and 13, 14 in two series.
        let (verdict, value) = processVector([11, 12, 13, 14], success: "all(result, # > 10)", failure: "all(result, # < 10)")
        #expect(verdict == .successful)
        #expect(value == "[11,12,13,14]")
    }

    @Test("NaN with both conditions is Inconclusive")
    func nanBoth() {
        // TestProcessNaNResponse, first case
        let (verdict, value) = processScalar(.nan, success: "result >= 0.9", failure: "result < 0.9")
        #expect(verdict == .inconclusive)
        #expect(value == "NaN")
    }

    @Test("NaN passes when the success condition allows isNaN(result)")
    func nanAllowed() {
        // TestProcessNaNResponse, second case
        let (verdict, value) = processScalar(.nan, success: "result >= 0.9 || isNaN(result)", failure: "result < 0.9")
        #expect(verdict == .successful)
        #expect(value == "NaN")
    }

    @Test("NaN with only a success condition is Failed")
    func nanSuccessOnly() {
        // TestProcessNaNResponse, third case
        let (verdict, value) = processScalar(.nan, success: "result >= 0.9", failure: "")
        #expect(verdict == .failed)
        #expect(value == "NaN")
    }

    @Test("NaN with only a failure condition is Successful")
    func nanFailureOnly() {
        // §10.2 of the reference: every comparison with NaN is false.
        #expect(processScalar(.nan, success: "", failure: "result < 0.9").0 == .successful)
    }

    @Test("+Inf satisfies result >= 0.9")
    func infSuccess() {
        // TestProcessInfResponse, first case
        let (verdict, value) = processScalar(.infinity, success: "result >= 0.9", failure: "")
        #expect(verdict == .successful)
        #expect(value == "+Inf")
    }

    @Test("+Inf fails a failure condition isInf(result)")
    func infFailure() {
        // TestProcessInfResponse, second case
        let (verdict, value) = processScalar(.infinity, success: "", failure: "isInf(result)")
        #expect(verdict == .failed)
        #expect(value == "+Inf")
    }

    @Test("a vector [10, 11] with 10 in result and len(result) != 2 is Successful")
    func vectorResponse() {
        // TestProcessVectorResponse
        let (verdict, value) = processVector([10, 11], success: "10 in result", failure: "len(result) != 2")
        #expect(verdict == .successful)
        #expect(value == "[10,11]")
    }

    @Test("a one-sample vector with result[0] == 10 is Successful with value \"[10]\"")
    func oneSampleVector() {
        // TestRunSuccessfulWithOAuth, TestRunSuccessfulWithBasicAuth
        let (verdict, value) = processVector([10], success: "result[0] == 10", failure: "result[0] != 10")
        #expect(verdict == .successful)
        #expect(value == "[10]")
    }

    @Test("an empty vector with result[0] is an Error with the nil-or-empty message")
    func emptyVector() {
        let (verdict, value) = processVector([], success: "result[0] >= 0.95", failure: "")
        #expect(verdict == .error("could not evaluate successCondition \"result[0] >= 0.95\": metric result is nil or empty: no data returned from the metric provider"))
        #expect(value == "[]")
    }

    @Test("an empty vector guarded by len(result) == 0 || … is Successful")
    func emptyVectorGuarded() {
        #expect(processVector([], success: "len(result) == 0 || result[0] >= 0.95", failure: "").0 == .successful)
    }

    @Test("an empty []float64 still rejects comparing its elements with strings at compile time")
    func emptyVectorIsTyped() {
        #expect(processVector([], success: "len(result) == 0 || result[0] == 'x'", failure: "").0
            == .error("could not evaluate successCondition \"len(result) == 0 || result[0] == 'x'\": metric result is nil or empty: no data returned from the metric provider"))
        #expect(evalCondition("len(result) == 0 || result[0] == 'x'", result: .floats([]), resultType: .array(.float))
            == .failure("invalid operation: == (mismatched types float64 and string)"))
    }
}

@Suite("Measurement.value formatting")
struct MeasurementValueFormatTests {
    @Test("scalars use Go's shortest 'f' formatting", arguments: [
        (10.0, "10"), (0.95, "0.95"), (-0.5, "-0.5"), (0, "0"), (1e21, "1000000000000000000000"),
        (1e-7, "0.0000001"), (123456.789, "123456.789"), (0.1 + 0.2, "0.30000000000000004"),
        (Double.nan, "NaN"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"),
    ])
    func scalar(_ value: Double, _ expected: String) {
        #expect(MeasurementValueFormat.scalar(value) == expected)
    }

    @Test("vectors join samples with commas in brackets")
    func vector() {
        #expect(MeasurementValueFormat.vector([10, 11]) == "[10,11]")
        #expect(MeasurementValueFormat.vector([0.5, .nan, .infinity]) == "[0.5,NaN,+Inf]")
        #expect(MeasurementValueFormat.vector([]) == "[]")
    }

    @Test("Go %v switches to exponent form below 1e-4 and from 1e21", arguments: [
        (1.0, "1"), (0.5, "0.5"), (0.0001, "0.0001"), (0.00001, "1e-05"), (1e20, "100000000000000000000"),
        (1e21, "1e+21"), (1.5e300, "1.5e+300"), (-2.5e-10, "-2.5e-10"),
    ])
    func goDefault(_ value: Double, _ expected: String) {
        #expect(MeasurementValueFormat.goDefault(.float(value)) == expected)
    }

    @Test("Go %v of composite values")
    func goDefaultComposite() {
        #expect(MeasurementValueFormat.goDefault([1, 2.5, "a"]) == "[1 2.5 a]")
        #expect(MeasurementValueFormat.goDefault(.map(ExprMap([("b", 1), ("a", true)]))) == "map[a:true b:1]")
        #expect(MeasurementValueFormat.goDefault(.nil) == "<nil>")
    }
}
