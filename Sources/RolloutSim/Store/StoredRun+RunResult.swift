// RunResult → StoredRun: the `Run` layer's conversion into the store's plain values. Nothing here
// reads the wall clock, so equal runs give equal rows.

extension StoredRun {
    /// The stored form of a simulated run. `summaryJSON` is the run summary exactly as
    /// `run --output json` prints it.
    public init(_ result: RunResult, summaryJSON: String? = nil) {
        self.init(
            scenarioName: result.scenarioName, scenarioDigest: result.scenarioDigest, resultDigest: result.digest,
            seed: result.seed, engineVersion: EngineVersion.current, startedAt: result.start, endedAt: result.end,
            verdict: StoredRun.verdict(result.rollouts.map(\.phase)),
            summaryJSON: summaryJSON ?? RunSummaryJSON.render(result),
            rollouts: result.rollouts.map(StoredRollout.init), events: result.events,
            series: result.series.map { series in
                StoredSeries(labels: series.storedLabels, samples: series.points.map { StoredSample(t: $0.t, value: $0.value) })
            })
    }

    /// The worst phase: Degraded, then Progressing, then Paused, then Healthy (no rollouts: Healthy).
    static func verdict(_ phases: [RolloutPhase]) -> String {
        for phase in [RolloutPhase.degraded, .progressing, .paused] where phases.contains(phase) { return phase.rawValue }
        return RolloutPhase.healthy.rawValue
    }
}

extension StoredRollout {
    init(_ outcome: RolloutOutcome) {
        self.init(
            name: outcome.name, namespace: outcome.namespace, phase: outcome.phase.rawValue, message: outcome.status.message,
            phases: outcome.phases.map { StoredPhase(t: $0.t, phase: $0.phase.rawValue, message: $0.message) },
            steps: outcome.steps.map { StoredStep(index: $0.index, step: $0.step, startedAt: $0.startedAt, completedAt: $0.completedAt) },
            weights: outcome.weights.map {
                StoredWeight(t: $0.t, desiredWeight: $0.desiredWeight, routerWeight: $0.routerWeight, effectiveShare: $0.effectiveShare)
            },
            replicaSets: outcome.replicaSets.map { rs in
                StoredReplicaSet(
                    podTemplateHash: rs.podTemplateHash, revision: rs.revision, role: rs.role,
                    history: rs.history.map { StoredReplicaSetSample(t: $0.t, replicas: $0.replicas, ready: $0.ready, available: $0.available) })
            },
            analysisRuns: outcome.analysisRuns.map(StoredAnalysisRun.init))
    }
}

extension StoredAnalysisRun {
    init(_ outcome: AnalysisRunOutcome) {
        let s = outcome.summary
        func time(_ ms: Int64?) -> VirtualTime? { ms.map { VirtualTime(milliseconds: $0) } }
        var measurements: [StoredMeasurement] = []
        for metric in s.metrics {
            for m in metric.measurements {
                measurements.append(StoredMeasurement(
                    metric: metric.name, startedAt: time(m.startedAt), finishedAt: time(m.finishedAt), phase: m.phase,
                    value: m.value, renderedQuery: m.query, message: m.message, conditionMatched: m.condition,
                    countersJSON: m.counters.map(StoredAnalysisRun.countersJSON)))
            }
        }
        self.init(name: s.name, kind: s.kind, templates: s.templates, phase: s.phase, message: s.message,
                  startedAt: time(s.startedAt), finishedAt: time(s.finishedAt), measurements: measurements)
    }

    /// Fixed key order, so equal counters are equal text.
    static func countersJSON(_ c: MetricCounters) -> String {
        "{\"count\": \(c.count), \"successful\": \(c.successful), \"failed\": \(c.failed), \"inconclusive\": \(c.inconclusive), "
            + "\"error\": \(c.error), \"consecutiveError\": \(c.consecutiveError), \"consecutiveSuccess\": \(c.consecutiveSuccess)}"
    }
}
