/// Why a duration string was refused; the text names what was found and what is accepted.
public struct DurationParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension SimDuration {
    /// What every duration message offers as the accepted form.
    public static let expectedForm = "a duration such as 30s, 1m30s, 2h or 500ms"

    /// Parses the Prometheus/Go duration forms the scenario format accepts: one or more
    /// `<number><unit>` parts with units `ms s m h d w y` in descending order, each unit at most
    /// once (Prometheus `model.ParseDuration`), where a number may have a fraction as Go allows
    /// (`1.5h`). `0` alone is zero. Signs are refused: a scenario duration is never negative.
    /// The result must be a whole number of milliseconds that fits in 64 bits.
    public static func parse(_ text: String) throws(DurationParseError) -> SimDuration {
        try parse(text, units: unitsByPrometheusSymbol, requireDescending: true, allowSign: false)
    }

    /// Go's `time.ParseDuration`, as Argo Rollouts uses for `pause.duration`, `scaleDownDelay`
    /// and similar fields: units `ns us µs ms s m h` in any order, fractions, an optional sign.
    /// No days: `1d` is an error in Go, so it is here.
    /// The clock counts milliseconds, so a Go duration is truncated toward zero to whole
    /// milliseconds (`1500us` is 1ms, `1ns` is 0): Argo reads these fields as seconds anyway
    /// (`int32(d.Seconds())`), and refusing a duration Go accepts would reject a valid manifest.
    public static func parseGo(_ text: String) throws(DurationParseError) -> SimDuration {
        try parse(text, units: unitsByGoSymbol, requireDescending: false, allowSign: true, truncateToMilliseconds: true)
    }

    private static let unitsByPrometheusSymbol: [(String, Double)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
        ("d", 86_400_000), ("w", 7 * 86_400_000), ("y", 365 * 86_400_000),
    ]

    private static let unitsByGoSymbol: [(String, Double)] = [
        ("ns", 1e-6), ("us", 1e-3), ("µs", 1e-3), ("μs", 1e-3), ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000),
    ]

    private static func parse(_ text: String, units: [(String, Double)], requireDescending: Bool, allowSign: Bool,
                              truncateToMilliseconds: Bool = false) throws(DurationParseError) -> SimDuration {
        func failure(_ why: String) -> DurationParseError {
            DurationParseError(message: "invalid duration '\(text)': \(why)")
        }
        var scalars = Substring(text).unicodeScalars[...]
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            guard allowSign else { throw failure("a duration cannot have a sign") }
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars.isEmpty { throw failure("it is empty") }
        if String(scalars) == "0" { return .zero }

        var total = 0.0
        var previousUnitSize = Double.infinity
        var seenUnits: Set<String> = []
        while !scalars.isEmpty {
            let number = scalars.prefix { ("0"..."9").contains($0) || $0 == "." }
            guard !number.isEmpty, let value = Double(String(number)), number.filter({ $0 == "." }).count <= 1 else {
                throw failure("expected a number at '\(String(scalars))'")
            }
            scalars = scalars.dropFirst(number.count)
            let unitText = String(scalars.prefix { !("0"..."9").contains($0) && $0 != "." })
            guard !unitText.isEmpty else { throw failure("missing unit after '\(String(number))'") }
            guard let unit = units.first(where: { $0.0 == unitText }) else {
                throw failure("unknown unit '\(unitText)' (units: \(units.map(\.0).joined(separator: ", ")))")
            }
            if requireDescending {
                guard unit.1 < previousUnitSize, !seenUnits.contains(unit.0) else {
                    throw failure("units must go from largest to smallest, each once")
                }
                previousUnitSize = unit.1
                seenUnits.insert(unit.0)
            }
            scalars = scalars.dropFirst(unitText.unicodeScalars.count)
            total += value * unit.1
        }
        guard total.isFinite, total < 9.2e18 else { throw failure("it is too long") }
        let rounded = truncateToMilliseconds ? (total + 1e-9).rounded(.towardZero) : total.rounded()
        guard truncateToMilliseconds || abs(total - rounded) < 1e-6 else {
            throw failure("the simulator's clock counts whole milliseconds")
        }
        let milliseconds = Int64(rounded)
        return SimDuration(milliseconds: negative ? -milliseconds : milliseconds)
    }
}
