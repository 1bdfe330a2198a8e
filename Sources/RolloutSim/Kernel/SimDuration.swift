/// A length of virtual time in integer milliseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public static func seconds(_ seconds: Int64) -> SimDuration { SimDuration(milliseconds: seconds * 1000) }
    public static func minutes(_ minutes: Int64) -> SimDuration { SimDuration(milliseconds: minutes * 60_000) }

    public static let zero = SimDuration(milliseconds: 0)

    public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
    public static func + (lhs: SimDuration, rhs: SimDuration) -> SimDuration { SimDuration(milliseconds: lhs.milliseconds + rhs.milliseconds) }
    public static func * (lhs: SimDuration, rhs: Int64) -> SimDuration { SimDuration(milliseconds: lhs.milliseconds * rhs) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    /// Prometheus' `model.Duration.String()` form: the largest units first, zero parts left out
    /// (`1h30m`, `90s` prints as `1m30s`, `500ms`, `1d`, `0s`).
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var remaining = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        for unit in DurationUnit.prometheusOrder {
            let size = UInt64(unit.milliseconds)
            if remaining >= size {
                text += "\(remaining / size)\(unit.symbol)"
                remaining %= size
            }
        }
        return text
    }
}

/// The units of Prometheus durations, largest first.
struct DurationUnit: Sendable {
    let symbol: String
    let milliseconds: Int64

    static let prometheusOrder: [DurationUnit] = [
        DurationUnit(symbol: "y", milliseconds: 365 * 86_400_000),
        DurationUnit(symbol: "w", milliseconds: 7 * 86_400_000),
        DurationUnit(symbol: "d", milliseconds: 86_400_000),
        DurationUnit(symbol: "h", milliseconds: 3_600_000),
        DurationUnit(symbol: "m", milliseconds: 60_000),
        DurationUnit(symbol: "s", milliseconds: 1000),
        DurationUnit(symbol: "ms", milliseconds: 1),
    ]
}
