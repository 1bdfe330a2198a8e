import Expr

/// The phase of an AnalysisRun, a metric result or a measurement (analysis_types.go `AnalysisPhase`).
///
/// `.unset` is Go's empty phase: a freshly created run, or a metric result written before it was
/// first assessed. It is not completed and compares unequal to every other phase.
public enum AnalysisPhase: String, Sendable, Hashable, CaseIterable {
    case unset = ""
    case pending = "Pending"
    case running = "Running"
    case successful = "Successful"
    case failed = "Failed"
    case error = "Error"
    case inconclusive = "Inconclusive"

    /// Argo: `AnalysisPhase.Completed` — Successful, Failed, Error and Inconclusive end a run.
    public var isCompleted: Bool {
        switch self {
        case .successful, .failed, .error, .inconclusive: return true
        case .unset, .pending, .running: return false
        }
    }

    /// Best to worst. Argo: `analysisStatusOrder` (utils/analysis/helpers.go).
    static let bestToWorst: [AnalysisPhase] = [.successful, .running, .pending, .inconclusive, .error, .failed]

    /// Argo: `IsWorse(current, new)`. A phase not in the order (unset) ranks as the best, as the Go
    /// loop leaves its index at 0.
    static func isWorse(_ current: AnalysisPhase, _ new: AnalysisPhase) -> Bool {
        rank(new) > rank(current)
    }

    private static func rank(_ phase: AnalysisPhase) -> Int {
        bestToWorst.firstIndex(of: phase) ?? 0
    }
}

/// An argument of an AnalysisRun after the rollout's args were merged into the templates' args
/// (analysis_types.go `Argument`). Both a value and a `valueFrom` may be present: a rollout value
/// replaces a template's value but leaves its `valueFrom` in place, as `MergeArgs` does.
public struct AnalysisRunArgument: Sendable, Equatable {
    public struct SecretKeyRef: Sendable, Equatable {
        public var name: String
        public var key: String
        public init(name: String, key: String) {
            self.name = name
            self.key = key
        }
    }

    public var name: String
    public var value: String?
    public var secretKeyRef: SecretKeyRef?
    /// A template's `valueFrom.fieldRef`; never resolved on the analysis side (upstream neither).
    public var fieldRef: String?

    public init(name: String, value: String? = nil, secretKeyRef: SecretKeyRef? = nil, fieldRef: String? = nil) {
        self.name = name
        self.value = value
        self.secretKeyRef = secretKeyRef
        self.fieldRef = fieldRef
    }

    /// Whether upstream considers the argument resolved (`Value != nil || ValueFrom != nil`).
    var isResolved: Bool { value != nil || secretKeyRef != nil || fieldRef != nil }
}

/// `spec` of an AnalysisRun.
public struct AnalysisRunSpec: Sendable {
    /// In template order: namespaced templates first, then cluster templates.
    public var metrics: [Metric]
    public var args: [AnalysisRunArgument]
    public var dryRun: [DryRunRule]
    public var measurementRetention: [MeasurementRetentionRule]
    /// `spec.terminate`, patched by the rollout or by `kubectl argo rollouts terminate`.
    public var terminate: Bool

    public init(metrics: [Metric], args: [AnalysisRunArgument] = [], dryRun: [DryRunRule] = [],
                measurementRetention: [MeasurementRetentionRule] = [], terminate: Bool = false) {
        self.metrics = metrics
        self.args = args
        self.dryRun = dryRun
        self.measurementRetention = measurementRetention
        self.terminate = terminate
    }
}

/// The counters of a metric result (analysis_types.go `MetricResult`). Argo never trims them.
public struct MetricCounters: Sendable, Equatable {
    /// Measurements that were not Error.
    public var count = 0
    public var successful = 0
    public var failed = 0
    public var inconclusive = 0
    public var error = 0
    public var consecutiveError = 0
    public var consecutiveSuccess = 0

    public init(count: Int = 0, successful: Int = 0, failed: Int = 0, inconclusive: Int = 0, error: Int = 0,
                consecutiveError: Int = 0, consecutiveSuccess: Int = 0) {
        self.count = count
        self.successful = successful
        self.failed = failed
        self.inconclusive = inconclusive
        self.error = error
        self.consecutiveError = consecutiveError
        self.consecutiveSuccess = consecutiveSuccess
    }

    /// Applies a completed measurement. Argo: the counter switch in `runMeasurements`
    /// (analysis/analysis.go). Errors do not consume the count.
    mutating func record(_ phase: AnalysisPhase) {
        switch phase {
        case .successful:
            successful += 1; count += 1; consecutiveError = 0; consecutiveSuccess += 1
        case .failed:
            failed += 1; count += 1; consecutiveError = 0; consecutiveSuccess = 0
        case .inconclusive:
            inconclusive += 1; count += 1; consecutiveError = 0; consecutiveSuccess = 0
        case .error:
            error += 1; consecutiveError += 1; consecutiveSuccess = 0
        case .unset, .pending, .running:
            break
        }
    }
}

/// Which condition decided a measurement (our addition, to explain a verdict).
public enum ConditionMatch: String, Sendable, Equatable {
    /// successCondition held (or the failure condition alone did not).
    case success
    /// failureCondition held (or the success condition alone did not).
    case failure
    /// Both conditions were written and neither held: Inconclusive.
    case neither
    /// A condition failed to compile or evaluate, or the provider failed.
    case error
    /// The metric has no conditions: every completed measurement is Successful.
    case noConditions
}

/// One measurement (analysis_types.go `Measurement`), plus what explains it.
public struct Measurement: Sendable, Equatable {
    public var phase: AnalysisPhase
    public var message: String
    /// Persisted at 1-second resolution, as metav1.Time is.
    public var startedAt: VirtualTime?
    public var finishedAt: VirtualTime?
    /// Argo's string form: "0.95", "[0.98,0.97]", "NaN". Empty when the measurement is an Error,
    /// as upstream leaves it.
    public var value: String
    /// Sorted by key.
    public var metadata: [(key: String, value: String)]
    public var resumeAt: VirtualTime?

    // Explanation (not upstream fields).
    /// The query as sent to the provider, args substituted, secrets redacted.
    public var query: String?
    /// The provider's value in Argo's string form even when a condition errored ("[]").
    public var rawValue: String?
    public var condition: ConditionMatch?
    /// The metric's counters right after this measurement completed.
    public var countersAfter: MetricCounters?
    /// When the asynchronous work behind an in-flight measurement finishes (the simulated Job's
    /// completion). Its change wakes the run, as an owned Job's update does upstream.
    public var asyncCompletesAt: VirtualTime?

    public init(phase: AnalysisPhase, message: String = "", startedAt: VirtualTime? = nil, finishedAt: VirtualTime? = nil,
                value: String = "", metadata: [(key: String, value: String)] = [], resumeAt: VirtualTime? = nil,
                query: String? = nil, rawValue: String? = nil, condition: ConditionMatch? = nil,
                countersAfter: MetricCounters? = nil) {
        self.phase = phase
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.value = value
        self.metadata = metadata
        self.resumeAt = resumeAt
        self.query = query
        self.rawValue = rawValue
        self.condition = condition
        self.countersAfter = countersAfter
    }

    public static func == (lhs: Measurement, rhs: Measurement) -> Bool {
        lhs.phase == rhs.phase && lhs.message == rhs.message && lhs.startedAt == rhs.startedAt
            && lhs.finishedAt == rhs.finishedAt && lhs.value == rhs.value
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
            && lhs.resumeAt == rhs.resumeAt && lhs.query == rhs.query && lhs.rawValue == rhs.rawValue
            && lhs.condition == rhs.condition && lhs.countersAfter == rhs.countersAfter
            && lhs.asyncCompletesAt == rhs.asyncCompletesAt
    }

    /// Truncates every time to the second, as a round trip through the API server does.
    var persisted: Measurement {
        var copy = self
        copy.startedAt = startedAt?.truncatedToSecond
        copy.finishedAt = finishedAt?.truncatedToSecond
        copy.resumeAt = resumeAt?.truncatedToSecond
        return copy
    }
}

/// `status.metricResults[]`.
public struct MetricResult: Sendable, Equatable {
    public var name: String
    public var phase: AnalysisPhase
    public var measurements: [Measurement]
    public var counters: MetricCounters
    public var message: String
    public var dryRun: Bool
    /// Sorted by key (e.g. `ResolvedPrometheusQuery`).
    public var metadata: [(key: String, value: String)]

    public init(name: String, phase: AnalysisPhase = .unset, measurements: [Measurement] = [],
                counters: MetricCounters = MetricCounters(), message: String = "", dryRun: Bool = false,
                metadata: [(key: String, value: String)] = []) {
        self.name = name
        self.phase = phase
        self.measurements = measurements
        self.counters = counters
        self.message = message
        self.dryRun = dryRun
        self.metadata = metadata
    }

    public static func == (lhs: MetricResult, rhs: MetricResult) -> Bool {
        lhs.name == rhs.name && lhs.phase == rhs.phase && lhs.measurements == rhs.measurements
            && lhs.counters == rhs.counters && lhs.message == rhs.message && lhs.dryRun == rhs.dryRun
            && lhs.metadata.map(\.key) == rhs.metadata.map(\.key) && lhs.metadata.map(\.value) == rhs.metadata.map(\.value)
    }

    var lastMeasurement: Measurement? { measurements.last }
}

/// `status.runSummary` and `status.dryRunSummary`.
public struct RunSummary: Sendable, Equatable {
    public var count = 0
    public var successful = 0
    public var failed = 0
    public var inconclusive = 0
    public var error = 0

    public init(count: Int = 0, successful: Int = 0, failed: Int = 0, inconclusive: Int = 0, error: Int = 0) {
        self.count = count
        self.successful = successful
        self.failed = failed
        self.inconclusive = inconclusive
        self.error = error
    }
}

/// `status` of an AnalysisRun.
public struct AnalysisRunStatus: Sendable, Equatable {
    public var phase: AnalysisPhase = .unset
    public var message = ""
    /// Set the first time the run is assessed, i.e. after its first batch of measurements.
    public var startedAt: VirtualTime?
    public var completedAt: VirtualTime?
    /// In the order metrics were first measured (upstream appends on first measurement).
    public var metricResults: [MetricResult] = []
    public var runSummary = RunSummary()
    public var dryRunSummary: RunSummary?

    public init(phase: AnalysisPhase = .unset, message: String = "", startedAt: VirtualTime? = nil,
                completedAt: VirtualTime? = nil, metricResults: [MetricResult] = []) {
        self.phase = phase
        self.message = message
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.metricResults = metricResults
    }

    /// Argo: `GetResult` (utils/analysis/helpers.go).
    func result(named name: String) -> MetricResult? {
        metricResults.first { $0.name == name }
    }

    /// Argo: `SetResult`: replaces the result of that name, or appends it.
    mutating func setResult(_ result: MetricResult) {
        if let index = metricResults.firstIndex(where: { $0.name == result.name }) {
            metricResults[index] = result
        } else {
            metricResults.append(result)
        }
    }

    /// Argo: `MetricCompleted`.
    func metricCompleted(_ name: String) -> Bool {
        result(named: name)?.phase.isCompleted ?? false
    }

    /// Argo: `LastMeasurement`.
    func lastMeasurement(_ name: String) -> Measurement? {
        result(named: name)?.measurements.last
    }
}

/// An AnalysisRun: what the rollout created, and the engine's status.
public struct AnalysisRun: Sendable {
    public var name: String
    public var namespace: String
    /// Sorted by key: `rollouts-pod-template-hash`, `rollout-type`, `step-index`, selector labels, …
    public var labels: [(key: String, value: String)]
    public var annotations: [(key: String, value: String)]
    public var spec: AnalysisRunSpec
    public var status: AnalysisRunStatus
    /// Which of the rollout's analyses created the run; nil for a run built by hand.
    public var kind: AnalysisRunKind?
    /// The names of the templates the metrics came from, in flattening order.
    public var templateNames: [String] = []
    /// Compiled conditions by `successCondition + "\u{1}" + failureCondition`: each condition is
    /// compiled once per run. Only looked up by key; its order never reaches output.
    var conditionCache: [String: MetricConditions] = [:]

    public init(name: String = "", namespace: String = "default", labels: [(key: String, value: String)] = [],
                annotations: [(key: String, value: String)] = [], spec: AnalysisRunSpec,
                status: AnalysisRunStatus = AnalysisRunStatus()) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
        self.annotations = annotations
        self.spec = spec
        self.status = status
    }

    public func label(_ key: String) -> String? {
        labels.first { $0.key == key }?.value
    }

    /// Argo: `IsTerminating`: `spec.terminate`, or a non-dry-run metric already Failed, Error or
    /// Inconclusive.
    public var isTerminating: Bool {
        if spec.terminate { return true }
        for result in status.metricResults where !result.dryRun {
            switch result.phase {
            case .failed, .error, .inconclusive: return true
            default: continue
            }
        }
        return false
    }
}
