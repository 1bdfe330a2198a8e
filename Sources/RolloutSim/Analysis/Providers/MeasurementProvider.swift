import Expr

/// The provider of one metric, chosen as upstream's `newProvider` does (metric/provider.go).
/// Each case mirrors the Go `Provider` interface: Run, Resume, Terminate and GetMetadata.
enum MeasurementProvider {
    case prometheus(PrometheusMetric)
    case job
    case web(WebMetric)
    /// A provider we do not simulate, with the scenario's synthetic values when given.
    case other(name: String)

    /// A metric with exactly one provider (validation guarantees it).
    init(_ metric: Metric) {
        if let prometheus = metric.provider.prometheus {
            self = .prometheus(prometheus)
        } else if metric.provider.job != nil {
            self = .job
        } else if let web = metric.provider.web {
            self = .web(web)
        } else {
            self = .other(name: metric.provider.names.first ?? "unknown")
        }
    }

    /// Errors raised while constructing the provider (before any measurement); the engine turns
    /// them into an Error measurement. Argo: NewPrometheusProvider and NewPrometheusAPI.
    func constructionError() -> ProviderError? {
        guard case .prometheus(let prometheus) = self else { return nil }
        if let timeout = prometheus.timeout, timeout < 0 {
            return ProviderError("prometheus timeout should not be negative")
        }
        // The simulator has no ARGO_ROLLOUTS_PROMETHEUS_ADDRESS environment: an empty address is unset.
        guard let address = prometheus.address, !address.isEmpty else {
            return ProviderError("prometheus address is not configured")
        }
        if !Self.isURL(address) { return ProviderError("prometheus address is not is url format") }
        return nil
    }

    /// Argo: `IsUrl` (metricproviders/prometheus/prometheus.go): a scheme and a host.
    static func isURL(_ text: String) -> Bool {
        guard let schemeEnd = text.range(of: "://") else { return false }
        let scheme = text[text.startIndex..<schemeEnd.lowerBound]
        let rest = text[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
            && !host.isEmpty
    }

    /// `GetMetadata`: the Prometheus provider records the resolved query.
    func metadata(for metric: Metric) -> [(key: String, value: String)] {
        if case .prometheus(let prometheus) = self, let query = prometheus.query, !query.isEmpty {
            return [(key: "ResolvedPrometheusQuery", value: query)]
        }
        return []
    }

    /// Starts a measurement at `now`.
    /// - Parameter jobName: the name a Job measurement's Job gets (`<run>.<metric>.<n>`; upstream
    ///   uses the run's UID, which the simulator does not have).
    func run(_ metric: Metric, conditions: MetricConditions, jobName: String, now: VirtualTime,
             context: some MeasurementContext) -> Measurement {
        switch self {
        case .prometheus(let prometheus):
            return PrometheusProvider.run(prometheus, conditions: conditions, now: now, context: context)
        case .job:
            return JobProvider.run(metric, jobName: jobName, now: now, outcomes: context.providerOutcomes)
        case .web(let web):
            return WebProvider.run(metric.name, web, conditions: conditions, now: now, context: context)
        case .other(let name):
            return SyntheticProvider.run(provider: name, metric: metric.name, conditions: conditions, now: now,
                                         outcomes: context.providerOutcomes)
        }
    }

    /// Continues an in-flight measurement (only the Job provider has any).
    func resume(_ metric: Metric, _ measurement: Measurement, now: VirtualTime) -> Measurement {
        switch self {
        case .job: return JobProvider.resume(measurement, now: now)
        default: return measurement
        }
    }

    /// Stops an in-flight measurement because the run is terminating.
    func terminate(_ metric: Metric, _ measurement: Measurement, now: VirtualTime) -> Measurement {
        switch self {
        case .job: return JobProvider.terminate(measurement, now: now)
        default: return measurement
        }
    }
}

extension MeasurementVerdict {
    /// The measurement phase, the condition that decided it, and the Error message if any.
    func outcome(hasConditions: Bool) -> (phase: AnalysisPhase, condition: ConditionMatch, message: String?) {
        switch self {
        case .successful: return (.successful, hasConditions ? .success : .noConditions, nil)
        case .failed: return (.failed, .failure, nil)
        case .inconclusive: return (.inconclusive, .neither, nil)
        case .error(let message): return (.error, .error, message)
        }
    }
}

extension Measurement {
    /// Argo: `MarkMeasurementError` (utils/metric/metric.go): phase Error, the message, and a
    /// finish time if none was set.
    func markedError(_ message: String, now: VirtualTime) -> Measurement {
        var copy = self
        copy.phase = .error
        copy.message = message
        copy.condition = .error
        if copy.finishedAt == nil { copy.finishedAt = now }
        return copy
    }

    /// Applies a verdict from the conditions to a measurement that has a value.
    mutating func apply(_ verdict: MeasurementVerdict, conditions: MetricConditions, now: VirtualTime) {
        let hasConditions = !conditions.successCondition.isEmpty || !conditions.failureCondition.isEmpty
        let outcome = verdict.outcome(hasConditions: hasConditions)
        condition = outcome.condition
        if let message = outcome.message {
            // Upstream returns the error before storing the value.
            self = markedError(message, now: now)
            return
        }
        value = rawValue ?? ""
        phase = outcome.phase
        finishedAt = now
    }
}
