// Which metrics are measured on a pass, and when the run must be reconciled next.
// Argo: generateMetricTasks and calculateNextReconcileTime (analysis/analysis.go).

/// A metric to measure on this pass, or an in-flight measurement to resume or terminate.
struct MetricTask {
    /// Index into `run.spec.metrics` (the unresolved metric; args are resolved with secrets later).
    var metricIndex: Int
    var incompleteMeasurement: Measurement?
}

enum MetricScheduling {
    /// The metrics due at `now`, in spec order.
    ///
    /// Timer rules: the interval (or the 10 s error retry) counts from the previous measurement's
    /// finish and is **strict** (`now > finishedAt + I`); initialDelay counts from `status.startedAt`
    /// and equality is enough; an in-flight measurement waits while its `resumeAt` is in the future.
    static func tasks(for run: AnalysisRun, metrics: [Metric], now: VirtualTime) -> [MetricTask] {
        var tasks: [MetricTask] = []
        let terminating = run.isTerminating
        for (index, metric) in metrics.enumerated() {
            if run.status.metricCompleted(metric.name) { continue }
            let last = run.status.lastMeasurement(metric.name)
            if let last, last.finishedAt == nil {
                if !terminating, let resumeAt = last.resumeAt, resumeAt > now { continue }
                // Resume it (an asynchronous provider), or terminate it when the run is terminating.
                tasks.append(MetricTask(metricIndex: index, incompleteMeasurement: last))
                continue
            }
            if terminating { continue }
            guard let last, let finishedAt = last.finishedAt else {
                if let delayText = metric.goInitialDelay {
                    // startedAt is only set after the first assessment: a delayed metric never
                    // measures on the run's first pass.
                    guard let startedAt = run.status.startedAt else { continue }
                    guard case .success(let delay) = parseGoDuration(delayText) else { continue }
                    if startedAt + delay > now { continue }
                }
                tasks.append(MetricTask(metricIndex: index, incompleteMeasurement: nil))
                continue
            }
            let result = run.status.result(named: metric.name)
            if let effectiveCount = metric.effectiveCountGo, (result?.counters.count ?? 0) >= effectiveCount { continue }
            var interval = AnalysisDefaults.errorRetryInterval
            if last.phase != .error, let intervalText = metric.goInterval {
                guard case .success(let parsed) = parseGoDuration(intervalText) else { continue }
                interval = parsed
            }
            if now > finishedAt + interval {
                tasks.append(MetricTask(metricIndex: index, incompleteMeasurement: nil))
            }
        }
        return tasks
    }

    /// The earliest time a metric needs the run reconciled again, or nil when no metric does.
    /// Argo: `calculateNextReconcileTime`. Times are those the run holds; the caller deals with
    /// their truncation to seconds.
    ///
    /// - Parameter now: stands in for `startedAt` when the run has not been assessed yet.
    static func nextReconcileTime(for run: AnalysisRun, metrics: [Metric], now: VirtualTime) -> VirtualTime? {
        var earliest: VirtualTime?
        func consider(_ time: VirtualTime) {
            if earliest == nil || time < earliest! { earliest = time }
        }
        for metric in metrics {
            if run.status.metricCompleted(metric.name) { continue }
            guard let last = run.status.lastMeasurement(metric.name) else {
                if let delayText = metric.goInitialDelay, case .success(let delay) = parseGoDuration(delayText) {
                    consider((run.status.startedAt ?? now) + delay)
                }
                // A metric never started without a delay is not factored in (upstream: "should never get here").
                continue
            }
            guard let finishedAt = last.finishedAt else {
                // In flight: requeue at resumeAt; without one, only an outside change wakes the run.
                if let resumeAt = last.resumeAt { consider(resumeAt) }
                continue
            }
            let count = run.status.result(named: metric.name)?.counters.count ?? 0
            if let effectiveCount = metric.effectiveCountGo, count >= effectiveCount { continue }
            let interval: SimDuration
            if last.phase == .error {
                interval = AnalysisDefaults.errorRetryInterval
            } else if let intervalText = metric.goInterval {
                guard case .success(let parsed) = parseGoDuration(intervalText) else { continue }
                interval = parsed
            } else {
                // No interval and no error: nothing to repeat.
                continue
            }
            consider(finishedAt + interval)
        }
        return earliest
    }
}
