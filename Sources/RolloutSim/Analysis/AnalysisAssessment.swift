// Metric phase and run phase from the counters. Argo: assessMetricStatus,
// assessMetricFailureInconclusiveOrError and assessRunStatus (analysis/analysis.go).

/// An event the engine emits (the simulation writes it to the event log on the AnalysisRun).
public struct AnalysisEvent: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case normal = "Normal"
        case warning = "Warning"
    }

    public var kind: Kind
    /// `AnalysisRun<Phase>` or `Metric<Phase>`.
    public var reason: String
    public var message: String
}

enum AnalysisAssessment {
    /// The phase a metric's limits put it in, with the limit message; nil when no limit is exceeded.
    /// Argo: `assessMetricFailureInconclusiveOrError`. All comparisons are strict, and when
    /// several limits are exceeded the later check wins: Error over Inconclusive over Failed.
    static func failureInconclusiveOrError(_ metric: Metric, _ counters: MetricCounters) -> (phase: AnalysisPhase, message: String)? {
        var outcome: (phase: AnalysisPhase, message: String)?
        let failureLimit = metric.failureLimitValue
        if failureLimit >= 0 && counters.failed > failureLimit {
            outcome = (.failed, "failed (\(counters.failed)) > failureLimit (\(failureLimit))")
        }
        let inconclusiveLimit = metric.inconclusiveLimitValue
        if counters.inconclusive > inconclusiveLimit {
            outcome = (.inconclusive, "inconclusive (\(counters.inconclusive)) > inconclusiveLimit (\(inconclusiveLimit))")
        }
        let errorLimit = metric.consecutiveErrorLimitValue
        if counters.consecutiveError > errorLimit {
            outcome = (.error, "consecutiveErrors (\(counters.consecutiveError)) > consecutiveErrorLimit (\(errorLimit))")
        }
        return outcome
    }

    /// A metric's phase from its result. Argo: `assessMetricStatus`.
    static func metricStatus(_ metric: Metric, _ result: MetricResult, terminating: Bool) -> AnalysisPhase {
        if result.phase.isCompleted { return result.phase }
        guard let last = result.measurements.last else {
            // Instructed to stop before a single measurement: nothing went wrong.
            return terminating ? .successful : .pending
        }
        if !last.phase.isCompleted { return .running }
        if let limit = failureInconclusiveOrError(metric, result.counters) { return limit.phase }

        let successLimit = metric.consecutiveSuccessLimitValue
        if metric.consecutiveSuccessLimit != nil && successLimit > 0 && result.counters.consecutiveSuccess >= successLimit {
            return .successful
        }
        if let effectiveCount = metric.effectiveCountGo, result.counters.count >= effectiveCount {
            let failureApplicable = metric.failureLimit == nil || metric.failureLimitValue >= 0
            let successApplicable = metric.consecutiveSuccessLimit != nil && successLimit > 0
            if failureApplicable && successApplicable {
                // The streak was not reached and the failure limit was not violated.
                return .inconclusive
            }
            if successApplicable { return .failed }
            // Failures at or below failureLimit do not fail the metric.
            return .successful
        }
        // An unbounded metric: it only ends when the run terminates.
        return terminating ? .successful : .running
    }

    /// Re-assesses every metric, writes metric phases, messages and summaries into `run`, and
    /// returns the run's phase and message. Argo: `assessRunStatus`.
    ///
    /// - Parameters:
    ///   - metrics: the run's metrics with args resolved (secrets as placeholders).
    ///   - dryRunMetrics: names of dry-run metrics.
    ///   - now: sets `status.startedAt` the first time the run is assessed.
    static func runStatus(_ run: inout AnalysisRun, metrics: [Metric], dryRunMetrics: Set<String>, now: VirtualTime,
                          events: inout [AnalysisEvent]) -> (phase: AnalysisPhase, message: String) {
        var worstStatus: AnalysisPhase?
        var worstMessage = ""
        let terminating = run.isTerminating
        var everythingCompleted = true

        if run.status.startedAt == nil { run.status.startedAt = now }
        if run.spec.terminate { worstMessage = "Run Terminated" }

        var runSummary = RunSummary()
        var dryRunSummary = RunSummary()

        for metric in metrics {
            let isDryRun = dryRunMetrics.contains(metric.name)
            if isDryRun { dryRunSummary.count += 1 } else { runSummary.count += 1 }
            guard var result = run.status.result(named: metric.name) else {
                // Not measured yet, e.g. waiting for its initialDelay.
                everythingCompleted = false
                continue
            }
            let metricStatus = metricStatus(metric, result, terminating: terminating)
            if result.phase != metricStatus {
                if metricStatus.isCompleted {
                    let isBad = metricStatus == .error || metricStatus == .failed
                    events.append(AnalysisEvent(kind: isBad ? .warning : .normal, reason: "Metric\(metricStatus.rawValue)",
                                                message: "Metric '\(metric.name)' Completed. Result: \(metricStatus.rawValue)"))
                }
                if let last = result.measurements.last { result.message = last.message }
                result.phase = metricStatus
                run.status.setResult(result)
            }
            guard metricStatus.isCompleted else {
                everythingCompleted = false
                continue
            }
            let limit = failureInconclusiveOrError(metric, result.counters)
            let limitMessage = limit?.message ?? ""
            if !isDryRun {
                if worstStatus == nil || AnalysisPhase.isWorse(worstStatus!, metricStatus) {
                    worstStatus = metricStatus
                    if !limitMessage.isEmpty {
                        worstMessage = "Metric \"\(metric.name)\" assessed \(metricStatus.rawValue) due to \(limitMessage)"
                        if !result.message.isEmpty { worstMessage += ": \"Error Message: \(result.message)\"" }
                    }
                }
                runSummary.add(limit?.phase)
            } else {
                // Dry-run failures never decide the run; they only count as success when nothing else has.
                if worstStatus == nil { worstStatus = .successful }
                if !limitMessage.isEmpty {
                    result.message = "Metric assessed \(metricStatus.rawValue) due to \(limitMessage)"
                    run.status.setResult(result)
                }
                dryRunSummary.add(limit?.phase)
            }
        }
        worstMessage = worstMessage.trimmingSpaces
        run.status.runSummary = runSummary
        run.status.dryRunSummary = dryRunSummary
        if terminating {
            // Does not wait for in-flight measurements.
            return (worstStatus ?? .successful, worstMessage)
        }
        guard everythingCompleted, let worstStatus else { return (.running, "") }
        return (worstStatus, worstMessage)
    }
}

extension RunSummary {
    /// Counts a completed metric by its limit phase; no limit exceeded counts as Successful.
    fileprivate mutating func add(_ phase: AnalysisPhase?) {
        switch phase {
        case .error: error += 1
        case .failed: failed += 1
        case .inconclusive: inconclusive += 1
        default: successful += 1
        }
    }
}

extension String {
    /// Go `strings.TrimSpace` for the ASCII whitespace our messages can hold.
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
