@testable import Expr

/// Compiles and evaluates `source` with Argo's environment around `result`.
func run(_ source: String, result: ExprValue = .nil, resultType: ExprType? = nil) throws(ExprError) -> ExprValue {
    try CompiledExpression(source).evaluate(in: .argo(result: result, resultType: resultType))
}

/// The error `source` raises (compile or evaluation), or nil when it evaluates.
func failure(_ source: String, result: ExprValue = .nil, resultType: ExprType? = nil) -> ExprError? {
    do {
        _ = try run(source, result: result, resultType: resultType)
        return nil
    } catch {
        return error
    }
}
