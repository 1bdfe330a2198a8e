/// Kubernetes' `intstr.IntOrString`: an unquoted integer, or a string.
///
/// For `maxSurge` and `maxUnavailable` any string is a percentage: Argo resolves them through the
/// deprecated `intstr.GetValueFromIntOrPercent`, which deletes every `%` and parses the rest, so
/// `"25%"`, `"25"` and the default `"25"` all mean 25% (reference §3).
public enum IntOrString: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case string(String)

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let text): return text
        }
    }

    /// The default of canary `maxSurge` and `maxUnavailable`: the string "25" (25%).
    public static let defaultCanaryFencepost = IntOrString.string("25")

    /// `intstr.IntValue()`: the int, or the string parsed as a decimal integer (0 when it is not one).
    public var intValue: Int {
        switch self {
        case .int(let value): return value
        case .string(let text): return Int(text) ?? 0
        }
    }

    /// The percentage a string stands for, as `getIntOrPercentValue` reads it: every `%` removed,
    /// the rest a decimal integer. Nil for ints and for strings that are not numbers ("abc", "1.5%").
    public var percent: Int? {
        guard case .string(let text) = self else { return nil }
        return Int(text.replacingOccurrences(of: "%", with: ""))
    }

    /// Whether the value is a string that is not a number once its `%` signs are removed: upstream
    /// cannot resolve it (`invalid value for IntOrString`).
    public var isMalformedPercent: Bool {
        if case .string = self { return percent == nil }
        return false
    }

    /// Resolves against `total` as Argo does: `intstr.GetValueFromIntOrPercent` (an int as it is, a
    /// percentage as p·total/100 in float64, rounded up with `roundUp` for maxSurge, down for
    /// maxUnavailable), then the `int32(…)` conversion of resolveFenceposts and of the blue-green
    /// MaxUnavailable. Nil for a malformed percentage.
    ///
    /// Huge percentages ("4000000000000000000%") pass validation, so nothing here may trap: the
    /// product is a Double, and the conversions follow Go on amd64. A float outside Int64 becomes
    /// Int64.min (CVTTSD2SQ's "indefinite" value; Go leaves it to the platform), and `int32(x)`
    /// keeps the low 32 bits, as Go's integer conversions do (they wrap; they do not clamp).
    public func scaledValue(total: Int, roundUp: Bool) -> Int? {
        goScaledValue(total: total, roundUp: roundUp).map(Self.goInt32)
    }

    /// The Go `int` GetValueFromIntOrPercent returns, before any `int32(…)` conversion.
    func goScaledValue(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let int):
            return int
        case .string:
            guard let percent else { return nil }
            let scaled = Double(percent) * Double(total) / 100
            return Self.goInt(roundUp ? scaled.rounded(.up) : scaled.rounded(.down))
        }
    }

    /// Go's `int32(x)`: the low 32 bits.
    static func goInt32(_ value: Int) -> Int { Int(Int32(truncatingIfNeeded: value)) }

    /// Go's `int(f)` for a float64 on amd64: truncation when it fits in Int64, else Int64.min.
    static func goInt(_ value: Double) -> Int {
        // 2^63 is exactly representable; every double below it and at or above -2^63 fits.
        guard value.isFinite, value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0 else { return Int.min }
        return Int(value)
    }

    /// The value validation compares with zero (`getIntOrPercentValue` in validation.go): the number
    /// before a trailing `%` of a valid percentage, else `intValue`. "0%", "0" and 0 all count as zero.
    public var validationValue: Int {
        if case .string(let text) = self, text.hasSuffix("%"), let value = Int(text.dropLast()), value >= 0 {
            return value
        }
        return intValue
    }
}

/// Canary surge and unavailable counts for `replicas` pods.
public struct Fenceposts: Sendable, Equatable {
    public var maxSurge: Int
    public var maxUnavailable: Int
}

extension IntOrString {
    /// Resolves canary `maxSurge`/`maxUnavailable` for `replicas` pods.
    /// Argo: resolveFenceposts (utils/replicaset/replicaset.go). An unset value counts as int 0 here
    /// (the defaults are applied by the caller, as `defaults.GetMaxSurgeOrDefault` does); surge rounds
    /// up, unavailable rounds down, and when both resolve to 0 unavailable becomes 1.
    /// Nil when either is a malformed percentage (upstream returns an error and scales nothing).
    public static func resolveFenceposts(maxSurge: IntOrString?, maxUnavailable: IntOrString?, replicas: Int) -> Fenceposts? {
        guard let surge = (maxSurge ?? .int(0)).goScaledValue(total: replicas, roundUp: true),
              var unavailable = (maxUnavailable ?? .int(0)).goScaledValue(total: replicas, roundUp: false)
        else { return nil }
        if surge == 0 && unavailable == 0 {
            // Why: validation refuses both literally zero, but rounding down can still give zero;
            // upstream then allows one unavailable pod rather than deadlock on quota.
            unavailable = 1
        }
        // Upstream compares the Go ints with zero, then converts both with int32(…).
        return Fenceposts(maxSurge: goInt32(surge), maxUnavailable: goInt32(unavailable))
    }

    /// Canary `MaxUnavailable(rollout)`: 0 when there are no replicas, else the fencepost value
    /// capped at `replicas`. Argo: MaxUnavailable (utils/replicaset/replicaset.go).
    public static func canaryMaxUnavailable(maxSurge: IntOrString?, maxUnavailable: IntOrString?, replicas: Int) -> Int? {
        if replicas == 0 { return 0 }
        guard let fenceposts = resolveFenceposts(
            maxSurge: maxSurge ?? .defaultCanaryFencepost,
            maxUnavailable: maxUnavailable ?? .defaultCanaryFencepost, replicas: replicas)
        else { return nil }
        return min(fenceposts.maxUnavailable, replicas)
    }

    /// Canary `MaxSurge(rollout)`. Argo: MaxSurge (utils/replicaset/replicaset.go).
    public static func canaryMaxSurge(maxSurge: IntOrString?, maxUnavailable: IntOrString?, replicas: Int) -> Int? {
        resolveFenceposts(
            maxSurge: maxSurge ?? .defaultCanaryFencepost,
            maxUnavailable: maxUnavailable ?? .defaultCanaryFencepost, replicas: replicas)?.maxSurge
    }
}
