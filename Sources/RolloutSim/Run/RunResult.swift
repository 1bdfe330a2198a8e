/// One line of the run's event log: the world's events and the controllers' share one type.
public typealias RunEvent = WorldEvent

public struct PhaseRecord: Sendable, Equatable {
    public var t: VirtualTime
    public var phase: RolloutPhase
    public var message: String
}

public struct StepRecord: Sendable, Equatable {
    public var index: Int
    /// Upstream's step string (`setWeight: 5`, `pause: 2m`, `analysis`).
    public var step: String
    public var startedAt: VirtualTime
    public var completedAt: VirtualTime?
}

/// The contract's three weights at one instant (desired, router, effective share of the canary).
public struct WeightPoint: Sendable, Equatable {
    public var t: VirtualTime
    public var desiredWeight: Int
    public var routerWeight: Int
    public var effectiveShare: Double
}

public struct ReplicaSetSample: Sendable, Equatable {
    public var t: VirtualTime
    public var replicas: Int
    public var ready: Int
    public var available: Int
}

public struct ReplicaSetOutcome: Sendable {
    public var id: ReplicaSetID
    public var name: String
    public var podTemplateHash: String
    public var revision: Int
    /// `stable`, `canary` or `old`; for blue-green `active`, `preview`, `stable` or `old`.
    public var role: String
    public var specReplicas: Int
    public var images: [String]
    public var createdAt: VirtualTime
    public var scaleDownDeadline: VirtualTime?
    public var history: [ReplicaSetSample]
    public var pods: [Pod]
    public var served: ServedTotals
}

/// An AnalysisRun as it ended, with every measurement it took.
public struct AnalysisRunOutcome: Sendable {
    public var run: AnalysisRun
    public var revision: Int
    public var createdAt: VirtualTime
    public var summary: AnalysisRunSummary
}

/// What became of one Rollout.
public struct RolloutOutcome: Sendable {
    public var name: String
    public var namespace: String
    public var status: RolloutStatus
    public var argocdHealth: ArgoCDHealth
    public var isTrafficRouted: Bool
    public var stepCount: Int
    /// `GetCurrentSetWeight` at the end (the CLI's SetWeight).
    public var setWeight: Int
    /// The CLI's ActualWeight at the end.
    public var actualWeight: Int
    public var desiredReplicas: Int
    public var phases: [PhaseRecord]
    public var steps: [StepRecord]
    public var weights: [WeightPoint]
    public var replicaSets: [ReplicaSetOutcome]
    public var analysisRuns: [AnalysisRunOutcome]
    /// Requests and errors served by the revision that was stable at t=0, and by every later one.
    public var stableServed: ServedTotals
    public var canaryServed: ServedTotals
    /// Header and mirror routes the router held at the end, by name.
    public var managedRoutes: [String]
    /// Blue-green: the active and preview Services' selector histories (CONTRACT §3).
    public var isBlueGreen = false
    public var activeSelectorHistory: [SelectorPoint] = []
    public var previewSelectorHistory: [SelectorPoint] = []

    public var phase: RolloutPhase { status.phase }
    public var isAborted: Bool { status.abort }
    public var abortedAt: VirtualTime? { status.abortedAt }
}

/// The result of simulating a scenario.
public struct RunResult: Sendable {
    public var scenarioName: String
    public var seed: UInt64
    public var start: VirtualTime
    public var end: VirtualTime
    public var rollouts: [RolloutOutcome]
    /// Every event, in the order it happened.
    public var events: [RunEvent]
    /// `sha256:<hex>` of the event log and every measurement.
    public var digest: String
    /// `sha256:<hex>` of the text of every source file the scenario read, in reading order.
    public var scenarioDigest: String
    public var runId: String
    /// Controller passes run, for the benchmark's report.
    public var reconcilePasses: Int
    public var analysisPasses: Int
    /// The chart series sampled from Prometheus at the end of the run, sorted by rollout, name and
    /// labels. For the store only: the run summary and the digest leave them out.
    public var series: [SampledSeries] = []

    /// CONTRACT §2: 0 every rollout Healthy, 1 any Degraded, 2 any still Paused or Progressing.
    public var exitCode: Int32 {
        if rollouts.contains(where: { $0.phase == .degraded }) { return 1 }
        if rollouts.contains(where: { $0.phase == .paused || $0.phase == .progressing }) { return 2 }
        return 0
    }
}
