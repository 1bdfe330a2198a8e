// The signature of every PromQL function of Prometheus 2.42 (promql/parser/functions.go).
// The parser owns signatures; the engine owns implementations, keyed by the same names.

/// Argument and result types of one PromQL function (`parser.Function`).
public struct FunctionSignature: Sendable, Hashable {
    public var name: String
    /// The declared argument types; with `variadic != 0` the last one may repeat or be left out.
    public var argumentTypes: [ValueType]
    /// 0: exactly `argumentTypes.count` arguments. n > 0: the last argument is optional and may
    /// appear up to n times. -1: the last argument may repeat without limit (`label_join`).
    public var variadic: Int
    public var returnType: ValueType

    public init(name: String, argumentTypes: [ValueType], variadic: Int, returnType: ValueType) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.variadic = variadic
        self.returnType = returnType
    }
}

/// Lookup of function signatures by name.
public enum FunctionSignatures {
    /// Every function of Prometheus 2.42, sorted by name. The native-histogram functions
    /// (`histogram_count`, `histogram_sum`, `histogram_fraction`) parse but need native histograms.
    public static let all: [FunctionSignature] = [
        FunctionSignature(name: "abs", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "absent", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "absent_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "acos", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "acosh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "asin", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "asinh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "atan", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "atanh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "avg_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "ceil", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "changes", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "clamp", argumentTypes: [.vector, .scalar, .scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "clamp_max", argumentTypes: [.vector, .scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "clamp_min", argumentTypes: [.vector, .scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "cos", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "cosh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "count_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "days_in_month", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "day_of_month", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "day_of_week", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "day_of_year", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "deg", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "delta", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "deriv", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "exp", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "floor", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "histogram_count", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "histogram_sum", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "histogram_fraction", argumentTypes: [.scalar, .scalar, .vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "histogram_quantile", argumentTypes: [.scalar, .vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "holt_winters", argumentTypes: [.matrix, .scalar, .scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "hour", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "idelta", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "increase", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "irate", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "label_replace", argumentTypes: [.vector, .string, .string, .string, .string], variadic: 0, returnType: .vector),
        FunctionSignature(name: "label_join", argumentTypes: [.vector, .string, .string, .string], variadic: -1, returnType: .vector),
        FunctionSignature(name: "last_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "ln", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "log10", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "log2", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "max_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "min_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "minute", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "month", argumentTypes: [.vector], variadic: 1, returnType: .vector),
        FunctionSignature(name: "pi", argumentTypes: [], variadic: 0, returnType: .scalar),
        FunctionSignature(name: "predict_linear", argumentTypes: [.matrix, .scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "present_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "quantile_over_time", argumentTypes: [.scalar, .matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "rad", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "rate", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "resets", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "round", argumentTypes: [.vector, .scalar], variadic: 1, returnType: .vector),
        FunctionSignature(name: "scalar", argumentTypes: [.vector], variadic: 0, returnType: .scalar),
        FunctionSignature(name: "sgn", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sin", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sinh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sort", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sort_desc", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sqrt", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "stddev_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "stdvar_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "sum_over_time", argumentTypes: [.matrix], variadic: 0, returnType: .vector),
        FunctionSignature(name: "tan", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "tanh", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "time", argumentTypes: [], variadic: 0, returnType: .scalar),
        FunctionSignature(name: "timestamp", argumentTypes: [.vector], variadic: 0, returnType: .vector),
        FunctionSignature(name: "vector", argumentTypes: [.scalar], variadic: 0, returnType: .vector),
        FunctionSignature(name: "year", argumentTypes: [.vector], variadic: 1, returnType: .vector),
    ].sorted { $0.name < $1.name }

    private static let byName: [String: FunctionSignature] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The signature of `name`, or nil for an unknown function.
    public static func signature(named name: String) -> FunctionSignature? {
        byName[name]
    }
}
