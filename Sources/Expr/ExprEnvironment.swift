/// The variables (and, for Argo conditions, the helper functions) an expression can see.
///
/// Each variable has a value and a static type; the type drives the compile-time check that
/// expr-lang performs (see ``ExprType``). Lookups are linear over a handful of names, which is
/// faster than hashing for the one or two variables conditions use.
///
///     var env = ExprEnvironment.argo(result: .floats([0.99]), resultType: .array(.float))
///     env.set("threshold", .float(0.95))
public struct ExprEnvironment: Sendable {
    private var names: [String] = []
    private var values: [ExprValue] = []
    private var types: [ExprType] = []
    /// The provider's result as Argo's helpers see it; nil when the helpers are not installed.
    private(set) var argoResult: ExprValue?

    /// An environment with the given variables, their types inferred from their values.
    public init(_ variables: [(String, ExprValue)] = []) {
        for (name, value) in variables { set(name, value) }
    }

    /// The environment of Argo's `EvalCondition` (utils/evaluate/evaluate.go): `result` plus
    /// `asInt`, `asFloat`, `isNaN`, `isInf`, `isNil` and `default`.
    ///
    /// - Parameter resultType: the Go type of the provider's value when it is known, e.g.
    ///   `.array(.float)` for a Prometheus vector, so that an empty vector still type-checks as
    ///   `[]float64`. Inferred from `result` when omitted.
    public static func argo(result: ExprValue, resultType: ExprType? = nil) -> ExprEnvironment {
        var environment = ExprEnvironment()
        environment.set("result", result, type: resultType)
        environment.argoResult = result
        return environment
    }

    /// Adds or replaces a variable.
    public mutating func set(_ name: String, _ value: ExprValue, type: ExprType? = nil) {
        let resolvedType = type ?? ExprType(inferredFrom: value)
        if let index = names.firstIndex(of: name) {
            values[index] = value
            types[index] = resolvedType
        } else {
            names.append(name)
            values.append(value)
            types.append(resolvedType)
        }
    }

    public func value(of name: String) -> ExprValue? {
        for index in names.indices where names[index] == name { return values[index] }
        return nil
    }

    func type(of name: String) -> ExprType? {
        for index in names.indices where names[index] == name { return types[index] }
        return nil
    }

    func function(named name: String) -> ArgoFunction? {
        guard argoResult != nil else { return nil }
        return ArgoFunction(rawValue: name)
    }
}
