import PromQL

/// Everything the world needs from the scenario, in the world's own terms.
public struct WorldConfiguration: Sendable {
    public var seed: UInt64
    /// The stable version served traffic (and was scraped) this long before t=0.
    public var history: SimDuration
    public var cluster: ClusterSettings
    public var traffic: TrafficSettings
    public var versions: [VersionBehaviour]
    public var prometheus: PrometheusSettings
    /// Recording rules, already loaded (`RuleFile`).
    public var ruleFiles: [RuleFile]

    public init(seed: UInt64, history: SimDuration = Scenario.defaultHistory, cluster: ClusterSettings = .default,
                traffic: TrafficSettings = .default, versions: [VersionBehaviour] = [],
                prometheus: PrometheusSettings = .default, ruleFiles: [RuleFile] = []) {
        self.seed = seed
        self.history = history
        self.cluster = cluster
        self.traffic = traffic
        self.versions = versions
        self.prometheus = prometheus
        self.ruleFiles = ruleFiles
    }

    public init(scenario: Scenario, ruleFiles: [RuleFile] = []) {
        self.init(seed: scenario.seed, history: scenario.history, cluster: scenario.cluster, traffic: scenario.traffic,
                  versions: scenario.versions, prometheus: scenario.prometheus, ruleFiles: ruleFiles)
    }
}

/// A timer in the world's own queue.
enum WorldTimer: Sendable {
    case podStarted(PodID)
    case podCrashed(PodID, startedAt: VirtualTime)
    case podRestarted(PodID)
    case podAvailable(PodID, readySince: VirtualTime)
    case podGone(PodID)
    case scrape(PodID)
    case ruleEvaluation(Int)
    case loadStep
}

/// What the world keeps per pod besides the `Pod` object itself.
struct PodLife: Sendable {
    /// Index into the version catalog; nil: the fallback behaviour.
    var versionIndex: Int?
    /// kubelet's back-off entry for the container: the current back-off and when it was last
    /// updated; nil before the first crash.
    var backOff: SimDuration?
    var backOffUpdatedAt = VirtualTime.zero
    var reportedUnhealthy = false
}

/// One rollout's traffic routing.
struct RolloutRouting: Sendable {
    let name: String
    let namespace: String
    var provider: TrafficProvider
    var router: RouterWeights
    var stableSubsetHash: String?
    var canarySubsetHash: String?
    /// Share of the load that reaches no pod (no endpoints behind the chosen backend): 503 at the
    /// router, accrued lazily like a pod.
    var unservedShare = 0.0
    var unservedLastAccrued: VirtualTime
    var unservedRandom: SimRandom
    var unserved = 0
    var history: [WeightRecord] = []
    /// Blue-green: a constant load sent to the preview Service's endpoints (none when nil).
    var previewService: String?
    var previewRps = 0.0
}

/// The world the controllers act on and observe: pods, ReplicaSets, Services and endpoints,
/// traffic providers, version behaviour, and a Prometheus that scrapes the pods.
///
/// One object with identity (it owns the sample storage the PromQL engine reads), advanced by the
/// simulation loop:
///
///     let world = World(configuration: WorldConfiguration(scenario: scenario))   // now = −history
///     let stable = world.createReplicaSet(rolloutName: "checkout", namespace: "shop", podTemplate: template, revision: 1)
///     world.createAvailablePods(in: stable, count: 8)
///     world.addService(name: "checkout", namespace: "shop", selector: [LabelPair("app", "checkout")])
///     world.configureTraffic(rolloutName: "checkout", namespace: "shop", provider: .none(service: "checkout"))
///     world.advance(to: .zero)                     // the history is scraped
///     world.scaleReplicaSet(canary, to: 1)         // controller writes happen at `now`
///     let changed = world.advance(to: world.nextEventTime ?? end)
///
/// Determinism: every random draw comes from a named stream of `RandomStreams` (one per pod and
/// purpose); tables are arrays indexed by handle, dictionaries are only looked up, never iterated.
public final class World {
    public let configuration: WorldConfiguration
    let streams: RandomStreams
    public private(set) var now: VirtualTime
    /// The first instant of the world: −history.
    public let start: VirtualTime

    var queue = EventQueue<WorldTimer>()
    /// Every change, in the order it happened.
    public internal(set) var events: [WorldEvent] = []

    public internal(set) var pods: [Pod] = []
    var podLives: [PodLife] = []
    var podTraffic: [PodTraffic] = []
    var targets: [ScrapeTarget] = []
    /// Pods not yet gone, ascending.
    var livePods: [PodID] = []
    var podNames: Set<String> = []

    public internal(set) var replicaSets: [ReplicaSet] = []
    var replicaSetNameRandom: [SimRandom] = []
    var replicaSetByName: [String: ReplicaSetID] = [:]
    public internal(set) var services: [ClusterService] = []
    var serviceByName: [String: ServiceID] = [:]
    var routings: [RolloutRouting] = []
    var routingByRollout: [String: Int] = [:]

    var load: LoadCurve
    var versions: VersionCatalog
    /// Flags for `advance(to:)`'s answer, indexed by ReplicaSet.
    var replicaSetChanged: [Bool] = []

    /// The synthetic Prometheus' samples.
    public let storage = SeriesStorage()
    let endpoint: PrometheusEndpoint
    var ruleEvaluators: [RecordingRuleEvaluator] = []
    var ruleIntervals: [SimDuration] = []
    public internal(set) var ruleFailures: [RecordingRuleEvaluator.RuleFailure] = []

    public init(configuration: WorldConfiguration) {
        self.configuration = configuration
        streams = RandomStreams(seed: configuration.seed)
        start = VirtualTime.zero - configuration.history
        now = start
        load = configuration.traffic.load
        versions = VersionCatalog(configuration.versions)
        endpoint = PrometheusEndpoint(address: configuration.prometheus.address, outages: configuration.prometheus.outages)
        for file in configuration.ruleFiles {
            for group in file.groups where !group.recordingRules.isEmpty {
                let interval = group.interval ?? configuration.prometheus.evaluationInterval
                let offset = TargetOffsets.offsetMs(groupName: group.name, file: file.path, intervalMs: interval.milliseconds)
                ruleEvaluators.append(RecordingRuleEvaluator(groups: [group]))
                ruleIntervals.append(interval)
                let first = TargetOffsets.nextSlot(atOrAfter: start, offsetMs: offset, intervalMs: interval.milliseconds)
                queue.schedule(.ruleEvaluation(ruleEvaluators.count - 1), at: first)
            }
        }
        scheduleLoadSteps()
    }

    /// The time of the world's next own event (a pod start, a crash, a scrape…), if any.
    public var nextEventTime: VirtualTime? { queue.peekTime }

    /// Processes every world event up to and including `t`, then sets the clock to `t`.
    /// Returns the ReplicaSets whose status (replicas, ready, available) changed since the last
    /// call, in id order, so the loop knows to run a controller pass.
    ///
    /// - Precondition: `t >= now`.
    @discardableResult
    public func advance(to t: VirtualTime) -> [ReplicaSetID] {
        precondition(t >= now, "World.advance(to: \(t)): time never goes backwards (now \(now))")
        while let key = queue.peekKey, key.time <= t {
            let entry = queue.popNext()!
            now = entry.key.time
            handle(entry.payload)
            #if DEBUG
            checkInvariants()
            #endif
        }
        now = t
        return takeChangedReplicaSets()
    }

    func takeChangedReplicaSets() -> [ReplicaSetID] {
        var changed: [ReplicaSetID] = []
        for index in replicaSetChanged.indices where replicaSetChanged[index] {
            changed.append(ReplicaSetID(index: index))
            replicaSetChanged[index] = false
        }
        return changed
    }

    private func handle(_ timer: WorldTimer) {
        switch timer {
        case .podStarted(let id): podStarted(id)
        case .podCrashed(let id, let startedAt): podCrashed(id, startedAt: startedAt)
        case .podRestarted(let id): podRestarted(id)
        case .podAvailable(let id, let readySince):
            if pods[id.index].readySince == readySince && pods[id.index].isActive {
                replicaSetChanged[pods[id.index].replicaSet.index] = true
            }
        case .podGone(let id): podGone(id)
        case .scrape(let id): scrape(id)
        case .ruleEvaluation(let index): evaluateRules(index)
        case .loadStep: accrueAll()
        }
    }

    func log(_ object: String, _ reason: String, _ message: String) {
        events.append(WorldEvent(t: now, object: object, reason: reason, message: message))
    }
}
