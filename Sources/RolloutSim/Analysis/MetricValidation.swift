// What the analysis controller checks before it measures anything, and the metric fields as Go
// sees them (an empty string and an absent field are the same thing there).

/// Why the run's spec was refused; the run goes to Error with "Analysis spec invalid: <message>".
struct AnalysisSpecError: Error, Equatable {
    var message: String
}

extension Metric {
    /// `interval` as Go reads it: nil when absent or empty.
    var goInterval: String? { interval.flatMap { $0.isEmpty ? nil : $0 } }
    var goInitialDelay: String? { initialDelay.flatMap { $0.isEmpty ? nil : $0 } }
    var goSuccessCondition: String { successCondition ?? "" }
    var goFailureCondition: String { failureCondition ?? "" }

    /// Argo: `Metric.EffectiveCount` (analysis_types.go), with an empty interval as no interval.
    /// nil means "runs until terminated".
    var effectiveCountGo: Int? {
        if let count, count.intValue != 0 { return count.intValue }
        return goInterval == nil ? 1 : nil
    }

    /// The `failureLimit` as the assessment reads it (default 0; −1 disables it).
    var failureLimitValue: Int { failureLimit?.intValue ?? 0 }
    var inconclusiveLimitValue: Int { inconclusiveLimit?.intValue ?? 0 }
    /// Argo: `GetConsecutiveErrorLimitOrDefault` (utils/defaults/defaults.go), default 4.
    var consecutiveErrorLimitValue: Int { consecutiveErrorLimit?.intValue ?? AnalysisDefaults.consecutiveErrorLimit }
    var consecutiveSuccessLimitValue: Int { consecutiveSuccessLimit?.intValue ?? 0 }
}

/// Upstream defaults the engine applies.
public enum AnalysisDefaults {
    /// `defaults.DefaultConsecutiveErrorLimit`: five errors in a row make a metric Error.
    public static let consecutiveErrorLimit = 4
    /// `DefaultMeasurementHistoryLimit` (analysis/analysis.go).
    public static let measurementHistoryLimit = 10
    /// `DefaultErrorRetryInterval` (analysis/analysis.go): the retry after an Error measurement,
    /// whatever the metric's interval.
    public static let errorRetryInterval = SimDuration.seconds(10)
    /// The Prometheus provider's query timeout when `timeout` is not set (seconds).
    public static let prometheusTimeoutSeconds = 30
}

/// Go's `time.ParseDuration`, with Go's error text.
func parseGoDuration(_ text: String) -> Result<SimDuration, AnalysisSpecError> {
    do {
        return .success(try SimDuration.parseGo(text))
    } catch {
        return .failure(AnalysisSpecError(message: goDurationErrorMessage(text)))
    }
}

/// The message Go's `time.ParseDuration` gives for text it refuses: "missing unit", "unknown
/// unit" or plain "invalid duration", with the text quoted as `strconv.Quote` does.
func goDurationErrorMessage(_ text: String) -> String {
    let quoted = "\"\(text)\""
    let invalid = "time: invalid duration \(quoted)"
    var rest = Substring(text)
    if rest.first == "-" || rest.first == "+" { rest.removeFirst() }
    if rest.isEmpty { return invalid }
    let units: Set<String> = ["ns", "us", "µs", "μs", "ms", "s", "m", "h"]
    while !rest.isEmpty {
        let integer = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(integer.count)
        var fraction = Substring("")
        if rest.first == "." {
            rest.removeFirst()
            fraction = rest.prefix { $0.isASCII && $0.isNumber }
            rest = rest.dropFirst(fraction.count)
        }
        if integer.isEmpty && fraction.isEmpty { return invalid }
        let unit = rest.prefix { !($0 == "." || ($0.isASCII && $0.isNumber)) }
        rest = rest.dropFirst(unit.count)
        if unit.isEmpty { return "time: missing unit in duration \(quoted)" }
        if !units.contains(String(unit)) { return "time: unknown unit \"\(unit)\" in duration \(quoted)" }
    }
    // Every part parsed: the value itself must have been out of range.
    return invalid
}

enum MetricValidation {
    /// Argo: `ValidateMetrics` (utils/analysis/factory.go).
    static func validate(_ metrics: [Metric]) -> AnalysisSpecError? {
        if metrics.isEmpty { return AnalysisSpecError(message: "no metrics specified") }
        var seen: Set<String> = []
        for (index, metric) in metrics.enumerated() {
            if !seen.insert(metric.name).inserted {
                return AnalysisSpecError(message: "metrics[\(index)]: duplicate name '\(metric.name)'")
            }
            if let problem = validate(metric) {
                return AnalysisSpecError(message: "metrics[\(index)]: \(problem)")
            }
        }
        return nil
    }

    /// Argo: `ValidateMetric`. Returns the problem without the `metrics[i]: ` prefix.
    static func validate(_ metric: Metric) -> String? {
        let count = metric.count?.intValue ?? 0
        let failureLimit = metric.failureLimitValue
        let consecutiveSuccessLimit = metric.consecutiveSuccessLimitValue
        let inconclusiveLimit = metric.inconclusiveLimitValue

        if consecutiveSuccessLimit < 0 { return "consecutiveSuccessLimit must be >= 0" }
        if failureLimit < -1 { return "failureLimit must be >= 0, or -1 to be disabled" }
        if consecutiveSuccessLimit == 0 && failureLimit == -1 {
            return "failureLimit and consecutiveSuccessLimit cannot both be disabled"
        }
        if inconclusiveLimit < 0 { return "inconclusiveLimit must be >= 0" }
        if let limit = metric.consecutiveErrorLimit, limit.intValue < 0 { return "consecutiveErrorLimit must be >= 0" }
        if count > 0 {
            if consecutiveSuccessLimit >= 0 && failureLimit >= 0 {
                if count < failureLimit + consecutiveSuccessLimit {
                    return "count (\(count)) must be >= failureLimit + consecutiveSuccessLimit (\(failureLimit) + \(consecutiveSuccessLimit)) if both >= 0"
                }
            } else if consecutiveSuccessLimit >= 0 && failureLimit < 0 {
                if count < consecutiveSuccessLimit { return "count must be >= consecutiveSuccessLimit" }
            }
            if count < inconclusiveLimit { return "count must be >= inconclusiveLimit" }
        }
        if count > 1 && metric.goInterval == nil { return "interval must be specified when count > 1" }
        if let interval = metric.goInterval, case .failure(let error) = parseGoDuration(interval) {
            return "invalid interval string: \(error.message)"
        }
        if let delay = metric.goInitialDelay, case .failure(let error) = parseGoDuration(delay) {
            return "invalid startDelay string: \(error.message)"
        }
        let providers = metric.provider.names.count
        if providers == 0 { return "no provider specified" }
        if providers > 1 { return "multiple providers specified" }
        return nil
    }

    /// Argo: `GetDryRunMetrics` (utils/analysis/helpers.go). Rules are Go regular expressions
    /// matched anywhere in the name; a rule that matches no metric is an error.
    static func dryRunMetrics(_ rules: [DryRunRule], metrics: [Metric]) -> Result<Set<String>, AnalysisSpecError> {
        var names: Set<String> = []
        for (index, rule) in rules.enumerated() {
            let matched = metrics.filter { goRegexMatches(rule.metricName, $0.name) }
            if matched.isEmpty {
                return .failure(AnalysisSpecError(message: "dryRun[\(index)]: Rule didn't match any metric name(s)"))
            }
            names.formUnion(matched.map(\.name))
        }
        return .success(names)
    }

    /// Argo: `GetMeasurementRetentionMetrics`: metric name → retention limit (a later rule that
    /// matches the same metric wins, as the Go map assignment does).
    static func measurementRetention(_ rules: [MeasurementRetentionRule], metrics: [Metric]) -> Result<[String: Int], AnalysisSpecError> {
        var limits: [String: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let matched = metrics.filter { goRegexMatches(rule.metricName, $0.name) }
            if matched.isEmpty {
                return .failure(AnalysisSpecError(message: "measurementRetention[\(index)]: Rule didn't match any metric name(s)"))
            }
            for metric in matched { limits[metric.name] = rule.limit }
        }
        return .success(limits)
    }

    /// Go `regexp.MatchString(pattern, name)`: unanchored; an invalid pattern (such as a bare
    /// `*`) matches nothing, since upstream ignores the compile error.
    static func goRegexMatches(_ pattern: String, _ name: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.firstMatch(in: name)) != nil
    }
}
