import Expr
import Foundation

/// What one reconcile pass of an AnalysisRun produced.
public struct AnalysisReconcileOutcome: Sendable {
    /// The run as persisted: every time truncated to the second, as metav1.Time round-trips.
    public var run: AnalysisRun
    /// When to reconcile the run again; nil when only an outside change (terminate) can move it.
    public var requeueAt: VirtualTime?
    /// Events in emission order (`AnalysisRun<Phase>`, `Metric<Phase>`).
    public var events: [AnalysisEvent]
    /// The measurements this pass completed, in spec order, as persisted. Status keeps only the
    /// last 10 per metric; a caller that wants every measurement records these.
    public var completedMeasurements: [(metric: String, measurement: Measurement)] = []
}

/// The AnalysisRun controller: a level-triggered pass over a run value.
/// Argo: `reconcileAnalysisRun` (analysis/analysis.go).
public enum AnalysisController {
    /// Shorthand for ``reconcilePass(_:now:context:)`` without the events.
    public static func reconcile(_ run: AnalysisRun, now: VirtualTime, context: some MeasurementContext)
        -> (AnalysisRun, requeueAt: VirtualTime?) {
        let outcome = reconcilePass(run, now: now, context: context)
        return (outcome.run, outcome.requeueAt)
    }

    /// One pass: resolve args, validate, take the measurements due at `now`, assess the metrics and
    /// the run, trim history, and compute the next requeue time.
    ///
    /// The run may be reconciled at any time (level-triggered); a pass with nothing due changes
    /// nothing but the summaries. Callers run a pass at creation, at `requeueAt`, on
    /// `spec.terminate`, and right after any pass that changed `status` (upstream's informer
    /// delivers the run's own status update). That last rule matters: it is the pass in which a
    /// run with one failed metric among several becomes Failed (reference §9.4), and it puts
    /// later measurements on whole seconds, since it requeues from the truncated finish time.
    /// A Job measurement polls its Job with upstream's growing `resumeAt` delay.
    public static func reconcilePass(_ original: AnalysisRun, now: VirtualTime, context: some MeasurementContext)
        -> AnalysisReconcileOutcome {
        // A completed run only waits for TTL garbage collection, which the simulator does not model.
        if original.status.phase.isCompleted {
            return AnalysisReconcileOutcome(run: original, requeueAt: nil, events: [])
        }
        var run = original
        var events: [AnalysisEvent] = []

        func fail(_ message: String) -> AnalysisReconcileOutcome {
            run.status.phase = .error
            run.status.message = message
            events.append(completionEvent(.error))
            return AnalysisReconcileOutcome(run: run.persisted, requeueAt: nil, events: events)
        }

        let resolvedMetrics: [Metric]
        do {
            resolvedMetrics = try resolvedWithoutSecrets(run.spec.metrics, run.spec.args)
        } catch {
            return fail("Unable to resolve metric arguments: \(error.message)")
        }
        if let error = MetricValidation.validate(resolvedMetrics) {
            return fail("Analysis spec invalid: \(error.message)")
        }
        let dryRunMetrics: Set<String>
        switch MetricValidation.dryRunMetrics(run.spec.dryRun, metrics: resolvedMetrics) {
        case .failure(let error): return fail("Analysis spec invalid: \(error.message)")
        case .success(let names): dryRunMetrics = names
        }
        let retention: [String: Int]
        switch MetricValidation.measurementRetention(run.spec.measurementRetention, metrics: resolvedMetrics) {
        case .failure(let error): return fail("Analysis spec invalid: \(error.message)")
        case .success(let limits): retention = limits
        }

        let tasks = MetricScheduling.tasks(for: run, metrics: resolvedMetrics, now: now)
        do {
            try runMeasurements(&run, tasks: tasks, dryRunMetrics: dryRunMetrics, now: now, context: context)
        } catch {
            return fail("Unable to resolve metric arguments: \(error.message)")
        }

        let assessed = AnalysisAssessment.runStatus(&run, metrics: resolvedMetrics, dryRunMetrics: dryRunMetrics,
                                                    now: now, events: &events)
        if assessed.phase != run.status.phase {
            run.status.phase = assessed.phase
            run.status.message = assessed.message
            if assessed.phase.isCompleted {
                events.append(completionEvent(assessed.phase))
                if run.status.completedAt == nil { run.status.completedAt = now }
            }
        }

        trimMeasurements(&run, retention: retention, metrics: resolvedMetrics)

        let persisted = run.persisted
        let requeueAt = nextRequeue(inMemory: run, persisted: persisted, metrics: resolvedMetrics, now: now)
        var completed: [(metric: String, measurement: Measurement)] = []
        for task in tasks {
            let name = resolvedMetrics[task.metricIndex].name
            if let last = persisted.status.result(named: name)?.measurements.last, last.phase.isCompleted {
                completed.append((metric: name, measurement: last))
            }
        }
        return AnalysisReconcileOutcome(run: persisted, requeueAt: requeueAt, events: events, completedMeasurements: completed)
    }

    /// `Analysis Completed. Result: <Phase>`, a Warning for Failed and Error.
    static func completionEvent(_ phase: AnalysisPhase) -> AnalysisEvent {
        let isBad = phase == .error || phase == .failed
        return AnalysisEvent(kind: isBad ? .warning : .normal, reason: "AnalysisRun\(phase.rawValue)",
                             message: "Analysis Completed. Result: \(phase.rawValue)")
    }

    /// The metrics with args substituted, secrets replaced by a placeholder.
    /// Argo: `getResolvedMetricsWithoutSecrets`.
    static func resolvedWithoutSecrets(_ metrics: [Metric], _ args: [AnalysisRunArgument]) throws(TemplateError) -> [Metric] {
        let placeholderArgs = args.map { argument -> AnalysisRunArgument in
            guard argument.secretKeyRef != nil else { return argument }
            return AnalysisRunArgument(name: argument.name, value: "temp-for-secret")
        }
        var resolved: [Metric] = []
        for metric in metrics { resolved.append(try metric.resolvingArguments(placeholderArgs)) }
        return resolved
    }

    /// Args with secret values read from the store, and the secret values to redact.
    /// Argo: `resolveArgs`. Runs on every pass, even with nothing to measure.
    static func resolveSecrets(_ args: [AnalysisRunArgument], namespace: String, store: SecretStore)
        throws(ProviderError) -> (args: [AnalysisRunArgument], secrets: [String]) {
        var resolved: [AnalysisRunArgument] = []
        var secrets: [String] = []
        for argument in args {
            guard let ref = argument.secretKeyRef else {
                resolved.append(argument)
                continue
            }
            let value = try store.value(name: ref.name, key: ref.key, namespace: namespace)
            if !secrets.contains(value) { secrets.append(value) }
            var copy = argument
            copy.value = value
            resolved.append(copy)
        }
        return (resolved, secrets)
    }

    /// Runs, resumes or terminates each task's measurement and updates the counters.
    /// Argo: `runMeasurements`. Upstream runs tasks concurrently; we run them in spec order, so
    /// new metric results are appended in spec order.
    static func runMeasurements(_ run: inout AnalysisRun, tasks: [MetricTask], dryRunMetrics: Set<String>,
                                now: VirtualTime, context: some MeasurementContext) throws(ProviderError) {
        let terminating = run.isTerminating
        let secretResolution = try resolveSecrets(run.spec.args, namespace: run.namespace, store: context.secrets)
        var metrics: [Metric] = []
        for task in tasks {
            do {
                metrics.append(try run.spec.metrics[task.metricIndex].resolvingArguments(secretResolution.args))
            } catch {
                throw ProviderError(error.message)
            }
        }
        let secrets = secretResolution.secrets
        func redact(_ text: String) -> String {
            secrets.reduce(text) { $1.isEmpty ? $0 : $0.replacingOccurrences(of: $1, with: "*****") }
        }

        for (task, metric) in zip(tasks, metrics) {
            let provider = MeasurementProvider(metric)
            var measurement: Measurement
            let constructionError = provider.constructionError()
            if let constructionError {
                measurement = task.incompleteMeasurement ?? Measurement(phase: .unset, startedAt: now)
                measurement.phase = .error
                measurement.message = constructionError.message
                measurement.condition = .error
            } else if let incomplete = task.incompleteMeasurement {
                if terminating {
                    measurement = provider.terminate(metric, incomplete, now: now)
                    if measurement.phase == .successful || measurement.phase == .inconclusive {
                        measurement.message = "Metric Terminated"
                    }
                } else {
                    measurement = provider.resume(metric, incomplete, now: now)
                }
            } else {
                let key = metric.goSuccessCondition + "\u{1}" + metric.goFailureCondition
                let conditions = run.conditionCache[key] ?? MetricConditions(successCondition: metric.goSuccessCondition,
                                                                              failureCondition: metric.goFailureCondition)
                run.conditionCache[key] = conditions
                let taken = run.status.result(named: metric.name).map { $0.counters.count + $0.counters.error } ?? 0
                let jobName = "\(run.name).\(metric.name).\(taken + 1)"
                measurement = provider.run(metric, conditions: conditions, jobName: jobName, now: now, context: context)
            }

            var result = run.status.result(named: metric.name) ?? MetricResult(
                name: metric.name, phase: .running, dryRun: dryRunMetrics.contains(metric.name),
                metadata: constructionError == nil ? provider.metadata(for: metric).map { (key: $0.key, value: redact($0.value)) } : [])

            if measurement.phase.isCompleted {
                if measurement.finishedAt == nil { measurement.finishedAt = now }
                result.counters.record(measurement.phase)
                measurement.countersAfter = result.counters
            }
            measurement.message = redact(measurement.message)
            measurement.query = measurement.query.map(redact)

            if task.incompleteMeasurement == nil {
                result.measurements.append(measurement)
            } else {
                result.measurements[result.measurements.count - 1] = measurement
            }
            run.status.setResult(result)
        }
    }

    /// Keeps the newest measurements of each metric: `measurementRetention[].limit` when > 0,
    /// else 10. Counters are never trimmed. Argo: `garbageCollectMeasurements`.
    static func trimMeasurements(_ run: inout AnalysisRun, retention: [String: Int], metrics: [Metric],
                                 defaultLimit: Int = AnalysisDefaults.measurementHistoryLimit) {
        for index in run.status.metricResults.indices {
            let name = run.status.metricResults[index].name
            guard metrics.contains(where: { $0.name == name }) else { continue }
            var limit = defaultLimit
            if let retained = retention[name], retained > 0 { limit = retained }
            let measurements = run.status.metricResults[index].measurements
            if measurements.count > limit {
                run.status.metricResults[index].measurements = Array(measurements.suffix(limit))
            }
        }
    }

    /// The next requeue. Upstream computes it from the in-memory run (full-precision times) and
    /// the next pass compares against the persisted, second-truncated ones; a strict timer
    /// (`now > finishedAt + interval`) that lands exactly on the truncated threshold would see
    /// "not yet" and stall on a virtual clock. So the requeue is never earlier than 1 ms past the
    /// persisted threshold, and never at or before `now` (upstream: "in the past: requeue now").
    static func nextRequeue(inMemory: AnalysisRun, persisted: AnalysisRun, metrics: [Metric], now: VirtualTime) -> VirtualTime? {
        guard !inMemory.status.phase.isCompleted else { return nil }
        var candidates: [VirtualTime] = []
        if let upstream = MetricScheduling.nextReconcileTime(for: inMemory, metrics: metrics, now: now) {
            var time = upstream
            if let threshold = MetricScheduling.nextReconcileTime(for: persisted, metrics: metrics, now: now) {
                time = max(time, threshold + strictTimerEpsilon)
            }
            candidates.append(time)
        }
        // An owned Job's completion wakes the run (analysis/controller.go watches Jobs).
        for result in inMemory.status.metricResults {
            if let last = result.measurements.last, last.finishedAt == nil, let completesAt = last.asyncCompletesAt, completesAt > now {
                candidates.append(completesAt)
            }
        }
        guard let earliest = candidates.min() else { return nil }
        return max(earliest, now + strictTimerEpsilon)
    }

    /// The smallest step of the virtual clock, added where upstream's real clock would have moved on.
    static let strictTimerEpsilon = SimDuration(milliseconds: 1)
}

extension AnalysisRun {
    /// The run as the API server stores it: times at 1-second resolution.
    var persisted: AnalysisRun {
        var copy = self
        copy.status.startedAt = status.startedAt?.truncatedToSecond
        copy.status.completedAt = status.completedAt?.truncatedToSecond
        for index in copy.status.metricResults.indices {
            copy.status.metricResults[index].measurements = copy.status.metricResults[index].measurements.map(\.persisted)
        }
        return copy
    }
}
