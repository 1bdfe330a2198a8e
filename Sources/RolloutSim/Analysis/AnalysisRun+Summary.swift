// The `analysisRuns` part of the run summary (CONTRACT.md §3), as plain values the Run and Render
// layers serialise. Times are integer milliseconds since t = 0.

/// Every measurement a run took, kept by the caller across passes: status trims history to the
/// last 10 per metric (as upstream does), the stored run keeps them all.
public struct MeasurementLog: Sendable {
    /// Metric name → completed measurements, in the order they completed; metric order is the
    /// order metrics first completed a measurement.
    public private(set) var byMetric: [(metric: String, measurements: [Measurement])] = []

    public init() {}

    /// Adds the measurements a pass completed.
    public mutating func record(_ outcome: AnalysisReconcileOutcome) {
        for entry in outcome.completedMeasurements {
            if let index = byMetric.firstIndex(where: { $0.metric == entry.metric }) {
                byMetric[index].measurements.append(entry.measurement)
            } else {
                byMetric.append((metric: entry.metric, measurements: [entry.measurement]))
            }
        }
    }

    public func measurements(of metric: String) -> [Measurement] {
        byMetric.first { $0.metric == metric }?.measurements ?? []
    }
}

public struct AnalysisRunSummary: Sendable, Equatable {
    public struct MeasurementSummary: Sendable, Equatable {
        public var startedAt: Int64?
        public var finishedAt: Int64?
        public var phase: String
        public var value: String
        public var query: String?
        public var message: String
        /// success, failure, neither, error or noConditions.
        public var condition: String?
        public var counters: MetricCounters?
    }

    public struct MetricSummary: Sendable, Equatable {
        public var name: String
        public var phase: String
        public var message: String
        public var dryRun: Bool
        public var counters: MetricCounters
        public var measurements: [MeasurementSummary]
    }

    public var name: String
    /// background, step, prePromotion or postPromotion.
    public var kind: String
    public var templates: [String]
    public var phase: String
    public var message: String
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// In spec order.
    public var metrics: [MetricSummary]
}

extension AnalysisRunKind {
    /// The contract's `kind` value.
    public var summaryName: String {
        switch self {
        case .background: return "background"
        case .step: return "step"
        case .prePromotion: return "prePromotion"
        case .postPromotion: return "postPromotion"
        }
    }
}

extension AnalysisRun {
    /// The run as the run summary shows it. With a `log`, every completed measurement appears
    /// (plus an in-flight one); without, the measurements status still holds.
    public func summary(log: MeasurementLog? = nil) -> AnalysisRunSummary {
        let metrics = spec.metrics.map { metric -> AnalysisRunSummary.MetricSummary in
            let result = status.result(named: metric.name)
            var measurements = result?.measurements ?? []
            if let log {
                measurements = log.measurements(of: metric.name)
                if let last = result?.measurements.last, !last.phase.isCompleted { measurements.append(last) }
            }
            return AnalysisRunSummary.MetricSummary(
                name: metric.name, phase: (result?.phase ?? .pending).summaryName, message: result?.message ?? "",
                dryRun: result?.dryRun ?? false, counters: result?.counters ?? MetricCounters(),
                measurements: measurements.map { measurement in
                    AnalysisRunSummary.MeasurementSummary(
                        startedAt: measurement.startedAt?.milliseconds, finishedAt: measurement.finishedAt?.milliseconds,
                        phase: measurement.phase.summaryName, value: measurement.value, query: measurement.query,
                        message: measurement.message, condition: measurement.condition?.rawValue,
                        counters: measurement.countersAfter)
                })
        }
        return AnalysisRunSummary(name: name, kind: kind?.summaryName ?? "", templates: templateNames,
                                  phase: status.phase.summaryName, message: status.message,
                                  startedAt: status.startedAt?.milliseconds, finishedAt: status.completedAt?.milliseconds,
                                  metrics: metrics)
    }
}

extension AnalysisPhase {
    /// The phase as printed; an unset phase prints as Pending.
    var summaryName: String { self == .unset ? "Pending" : rawValue }
}
