/// A parsed condition, ready to be evaluated against any number of environments.
///
///     let condition = try CompiledExpression("len(result) > 0 && result[0] >= 0.95")
///     let verdict = try condition.evaluate(in: .argo(result: .floats([0.97])))  // .bool(true)
///
/// (The type is not called `Expression`: Foundation declares an `Expression` type, and files that
/// import both modules would have to qualify every use.)
public struct CompiledExpression: Sendable {
    public let source: String
    let root: Node

    /// Lexes and parses `source`. Syntax errors are thrown here; type errors depend on the
    /// environment's types and are reported by ``evaluate(in:)``, as expr-lang reports them from
    /// `expr.Compile(…, expr.Env(env))`.
    public init(_ source: String) throws(ExprError) {
        self.source = source
        do {
            root = try Parser.parse(source)
        } catch {
            throw ExprError(.compile, error.reason, at: error.range, in: source)
        }
    }

    /// Type-checks the tree against the environment's types, then evaluates it.
    ///
    /// - Complexity: O(n) in the size of the tree, plus the work of any predicates.
    public func evaluate(in environment: ExprEnvironment) throws(ExprError) -> ExprValue {
        do {
            _ = try Checker(environment: environment).check(root)
        } catch {
            throw ExprError(.compile, error.reason, at: error.range, in: source)
        }
        do {
            var evaluator = Evaluator(environment: environment)
            return try evaluator.evaluate(root, nil)
        } catch {
            throw ExprError(.evaluation, error.reason, at: error.range, in: source)
        }
    }
}
