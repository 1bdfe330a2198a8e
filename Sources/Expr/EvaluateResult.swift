/// The phase a measurement gets from its conditions.
public enum MeasurementVerdict: Sendable, Equatable {
    case successful
    case failed
    case inconclusive
    /// The measurement's phase is Error; the string is `Measurement.message`.
    case error(String)
}

/// Which condition of a metric an error came from, spelled as Argo prints it.
enum ConditionKind: String {
    case successCondition
    case failureCondition
}

/// A metric's two conditions, parsed once (per AnalysisRun) and evaluated per measurement.
///
/// A condition that does not parse is kept as its error: upstream compiles inside every
/// evaluation, so a syntax error makes each measurement an Error rather than rejecting the run.
public struct MetricConditions: Sendable {
    public let successCondition: String
    public let failureCondition: String
    private let compiledSuccess: Result<CompiledExpression, ExprError>?
    private let compiledFailure: Result<CompiledExpression, ExprError>?

    /// - Parameters: successCondition, failureCondition: the metric's expressions; empty means not set.
    public init(successCondition: String, failureCondition: String) {
        self.successCondition = successCondition
        self.failureCondition = failureCondition
        compiledSuccess = successCondition.isEmpty ? nil : Result { () throws(ExprError) in try CompiledExpression(successCondition) }
        compiledFailure = failureCondition.isEmpty ? nil : Result { () throws(ExprError) in try CompiledExpression(failureCondition) }
    }

    /// Decides a measurement's phase from the conditions and the provider's result.
    /// Argo: `EvaluateResult` (utils/evaluate/evaluate.go).
    ///
    /// - successCondition is evaluated first, then failureCondition; the first error wins.
    /// - Neither given: Successful. Only success: Failed unless it holds. Only failure: Successful
    ///   unless it holds. Both: failure wins, then success, else Inconclusive.
    /// - A condition must yield a bool ("expected bool, but got int").
    /// - When the result is nil or an empty array, every error is replaced by v1.10's "metric
    ///   result is nil or empty" wording, since that is nearly always the cause.
    ///
    /// - Parameter resultType: the Go type of `result` where known (`.array(.float)` for
    ///   Prometheus), so that an empty result still type-checks as upstream's `[]float64`.
    public func evaluate(result: ExprValue, resultType: ExprType? = nil) -> MeasurementVerdict {
        let environment = ExprEnvironment.argo(result: result, resultType: resultType)
        var success = false
        var failure = false
        if let compiledSuccess {
            switch evalCondition(compiledSuccess, in: environment) {
            case .success(let outcome): success = outcome
            case .failure(let message):
                return .error(formatEvalError(message, .successCondition, successCondition, result))
            }
        }
        if let compiledFailure {
            switch evalCondition(compiledFailure, in: environment) {
            case .success(let outcome): failure = outcome
            case .failure(let message):
                return .error(formatEvalError(message, .failureCondition, failureCondition, result))
            }
        }
        switch (compiledSuccess == nil, compiledFailure == nil) {
        case (true, true): return .successful
        case (false, true): failure = !success
        case (true, false): success = !failure
        case (false, false): break
        }
        if failure { return .failed }
        if !success { return .inconclusive }
        return .successful
    }
}

/// One-shot form of ``MetricConditions/evaluate(result:resultType:)``.
public func evaluateResult(
    successCondition: String, failureCondition: String, result: ExprValue, resultType: ExprType? = nil
) -> MeasurementVerdict {
    MetricConditions(successCondition: successCondition, failureCondition: failureCondition)
        .evaluate(result: result, resultType: resultType)
}

/// A condition's outcome, or the error text Argo would store.
public enum ConditionOutcome: Sendable, Equatable {
    case success(Bool)
    case failure(String)
}

/// Argo `EvalCondition`: compile (against the result's types), run, require a bool. Errors are
/// expr-lang's message without location decoration, as Argo's `unwrapFileErr` leaves them.
public func evalCondition(_ condition: String, result: ExprValue, resultType: ExprType? = nil) -> ConditionOutcome {
    evalCondition(condition, in: .argo(result: result, resultType: resultType))
}

func evalCondition(_ condition: String, in environment: ExprEnvironment) -> ConditionOutcome {
    evalCondition(Result { () throws(ExprError) in try CompiledExpression(condition) }, in: environment)
}

func evalCondition(_ compiled: Result<CompiledExpression, ExprError>, in environment: ExprEnvironment) -> ConditionOutcome {
    let value: ExprValue
    do {
        value = try compiled.get().evaluate(in: environment)
    } catch {
        return .failure(error.message)
    }
    guard case .bool(let outcome) = value else {
        return .failure("expected bool, but got \(value.goTypeName)")
    }
    return .success(outcome)
}

/// Argo `formatEvalError` with `isNilOrEmpty`.
private func formatEvalError(_ message: String, _ kind: ConditionKind, _ expression: String, _ result: ExprValue) -> String {
    let isNilOrEmpty: Bool
    switch result {
    case .nil: isNilOrEmpty = true
    case .array(let elements): isNilOrEmpty = elements.isEmpty
    default: isNilOrEmpty = false
    }
    if isNilOrEmpty {
        return "could not evaluate \(kind.rawValue) \"\(expression)\": metric result is nil or empty: no data returned from the metric provider"
    }
    return "could not evaluate \(kind.rawValue) \"\(expression)\": \(message)"
}
