// One simulated run as the store keeps it (DESIGN principle 7: runs are data). Plain values, in
// the shape of the run summary (CONTRACT §3), so reports, `get` and `compare` can read a run back
// without re-simulating. Strings appear here as upstream spells them (`Progressing`, `stable`).
// Nothing in a stored run comes from the wall clock: two runs of the same scenario and seed
// store identical rows except the run's key.

/// A run, everything the store keeps of it. The simulation's `RunResult` is converted into this
/// type by the `Run` layer; the store depends on nothing else.
public struct StoredRun: Sendable, Equatable {
    public var scenarioName: String
    /// `sha256:<hex>` of the scenario sources (the scenario file and every manifest it read).
    public var scenarioDigest: String
    /// `sha256:<hex>` of the event log and every measurement: the run summary's `digest`.
    public var resultDigest: String
    public var seed: UInt64
    public var engineVersion: String
    public var startedAt: VirtualTime
    public var endedAt: VirtualTime
    /// The run's outcome in one word, e.g. `Healthy`, `Degraded`, `Paused` (the worst rollout's phase).
    public var verdict: String
    /// The run summary (CONTRACT §3) as printed by `run --output json`.
    public var summaryJSON: String
    public var rollouts: [StoredRollout]
    /// The event log, in the order events happened.
    public var events: [StoredEvent]
    /// Sampled Prometheus series, for redrawing charts.
    public var series: [StoredSeries]

    public init(
        scenarioName: String, scenarioDigest: String, resultDigest: String, seed: UInt64, engineVersion: String,
        startedAt: VirtualTime, endedAt: VirtualTime, verdict: String, summaryJSON: String,
        rollouts: [StoredRollout] = [], events: [StoredEvent] = [], series: [StoredSeries] = []
    ) {
        self.scenarioName = scenarioName
        self.scenarioDigest = scenarioDigest
        self.resultDigest = resultDigest
        self.seed = seed
        self.engineVersion = engineVersion
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.verdict = verdict
        self.summaryJSON = summaryJSON
        self.rollouts = rollouts
        self.events = events
        self.series = series
    }
}

/// One line of the event log, stored as the run logged it.
public typealias StoredEvent = WorldEvent

/// What became of one Rollout, with its timelines.
public struct StoredRollout: Sendable, Equatable {
    public var name: String
    public var namespace: String
    /// The phase at the end (`Healthy`, `Degraded`, …).
    public var phase: String
    public var message: String
    public var phases: [StoredPhase]
    public var steps: [StoredStep]
    public var weights: [StoredWeight]
    public var replicaSets: [StoredReplicaSet]
    public var analysisRuns: [StoredAnalysisRun]

    public init(
        name: String, namespace: String, phase: String, message: String = "", phases: [StoredPhase] = [],
        steps: [StoredStep] = [], weights: [StoredWeight] = [], replicaSets: [StoredReplicaSet] = [],
        analysisRuns: [StoredAnalysisRun] = []
    ) {
        self.name = name
        self.namespace = namespace
        self.phase = phase
        self.message = message
        self.phases = phases
        self.steps = steps
        self.weights = weights
        self.replicaSets = replicaSets
        self.analysisRuns = analysisRuns
    }
}

/// A phase change of a Rollout.
public struct StoredPhase: Sendable, Equatable {
    public var t: VirtualTime
    public var phase: String
    public var message: String

    public init(t: VirtualTime, phase: String, message: String = "") {
        self.t = t
        self.phase = phase
        self.message = message
    }
}

/// One canary step as it ran.
public struct StoredStep: Sendable, Equatable {
    public var index: Int
    /// Upstream's step text (`setWeight: 5`, `pause: 2m`, `analysis`).
    public var step: String
    public var startedAt: VirtualTime
    public var completedAt: VirtualTime?

    public init(index: Int, step: String, startedAt: VirtualTime, completedAt: VirtualTime?) {
        self.index = index
        self.step = step
        self.startedAt = startedAt
        self.completedAt = completedAt
    }
}

/// The contract's three weights at one instant.
public struct StoredWeight: Sendable, Equatable {
    public var t: VirtualTime
    public var desiredWeight: Int
    public var routerWeight: Int
    /// The share of requests that reached canary pods, 0…1.
    public var effectiveShare: Double

    public init(t: VirtualTime, desiredWeight: Int, routerWeight: Int, effectiveShare: Double) {
        self.t = t
        self.desiredWeight = desiredWeight
        self.routerWeight = routerWeight
        self.effectiveShare = effectiveShare
    }
}

/// A ReplicaSet of a Rollout and its replica counts over time.
public struct StoredReplicaSet: Sendable, Equatable {
    public var podTemplateHash: String
    public var revision: Int
    /// `stable`, `canary`, `active`, `preview` or `old`.
    public var role: String
    public var history: [StoredReplicaSetSample]

    public init(podTemplateHash: String, revision: Int, role: String, history: [StoredReplicaSetSample]) {
        self.podTemplateHash = podTemplateHash
        self.revision = revision
        self.role = role
        self.history = history
    }
}

public struct StoredReplicaSetSample: Sendable, Equatable {
    public var t: VirtualTime
    public var replicas: Int
    public var ready: Int
    public var available: Int

    public init(t: VirtualTime, replicas: Int, ready: Int, available: Int) {
        self.t = t
        self.replicas = replicas
        self.ready = ready
        self.available = available
    }
}

/// An AnalysisRun as it ended, with every measurement it took.
public struct StoredAnalysisRun: Sendable, Equatable {
    public var name: String
    /// `background`, `step`, `prePromotion` or `postPromotion`.
    public var kind: String
    public var templates: [String]
    public var phase: String
    public var message: String
    public var startedAt: VirtualTime?
    public var finishedAt: VirtualTime?
    /// Every measurement of every metric, metric by metric in spec order, each metric's in the
    /// order they were taken.
    public var measurements: [StoredMeasurement]

    public init(
        name: String, kind: String, templates: [String], phase: String, message: String = "",
        startedAt: VirtualTime?, finishedAt: VirtualTime?, measurements: [StoredMeasurement]
    ) {
        self.name = name
        self.kind = kind
        self.templates = templates
        self.phase = phase
        self.message = message
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.measurements = measurements
    }
}

public struct StoredMeasurement: Sendable, Equatable {
    public var metric: String
    public var startedAt: VirtualTime?
    public var finishedAt: VirtualTime?
    public var phase: String
    /// As Argo prints it (`[0.981]`).
    public var value: String
    /// The PromQL (or other provider query) after templating.
    public var renderedQuery: String?
    public var message: String
    /// Which condition matched: `success`, `failure`, `neither`, `error` or `noConditions`.
    public var conditionMatched: String?
    /// The metric's counters after this measurement, as JSON with a fixed key order.
    public var countersJSON: String?

    public init(
        metric: String, startedAt: VirtualTime?, finishedAt: VirtualTime?, phase: String, value: String,
        renderedQuery: String?, message: String = "", conditionMatched: String?, countersJSON: String?
    ) {
        self.metric = metric
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.phase = phase
        self.value = value
        self.renderedQuery = renderedQuery
        self.message = message
        self.conditionMatched = conditionMatched
        self.countersJSON = countersJSON
    }
}

/// One Prometheus series as sampled during the run.
public struct StoredSeries: Sendable, Equatable {
    /// The series in Prometheus' text form: `http_requests_total{code="200",pod="checkout-1"}`.
    public var labels: String
    public var samples: [StoredSample]

    public init(labels: String, samples: [StoredSample]) {
        self.labels = labels
        self.samples = samples
    }
}

public struct StoredSample: Sendable {
    public var t: VirtualTime
    /// Any Double, NaN (and Prometheus' staleness-marker NaN) included: stored bit for bit.
    public var value: Double

    public init(t: VirtualTime, value: Double) {
        self.t = t
        self.value = value
    }
}

extension StoredSample: Equatable {
    /// Bit-for-bit, so a NaN equals the same NaN (and a staleness marker differs from a plain NaN).
    public static func == (lhs: StoredSample, rhs: StoredSample) -> Bool {
        lhs.t == rhs.t && lhs.value.bitPattern == rhs.value.bitPattern
    }
}
