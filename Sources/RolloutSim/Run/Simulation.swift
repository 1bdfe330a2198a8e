import PromQL

/// Simulates a loaded scenario on the virtual clock.
///
///     let result = Simulation.run(loaded)          // or seed: 7 to override the scenario's
///     print(result.rollouts[0].phase)              // .degraded
///
/// One event queue drives the controllers; the world (pods, traffic, Prometheus) has its own timers
/// and is advanced to each controller event first. A Rollout reconcile pass runs after every
/// write, every ReplicaSet status change, every AnalysisRun phase change, every timer it asked for,
/// and at the 15-minute resync (DESIGN principle 4).
public enum Simulation {
    /// The controller's full resync period. Argo: DefaultRolloutResyncPeriod.
    public static let resyncPeriod = SimDuration.minutes(15)
    /// A pass that keeps changing the status at one instant is a bug; this bounds it.
    static let maximumPassesPerInstant = 200

    /// `sampleSeries`: also sample the chart series from the simulated Prometheus at the end (for
    /// the run store only; the summary and digest never include them), so runs that are not
    /// stored, such as `rollout-sim test`, skip the range queries.
    public static func run(_ loaded: LoadedScenario, seed: UInt64? = nil, sampleSeries: Bool = false) -> RunResult {
        let simulation = SimulationRun(loaded, seed: seed ?? loaded.scenario.seed)
        simulation.sampleSeries = sampleSeries
        return simulation.run()
    }
}

/// What the loop schedules. Small values holding indexes (STYLE §9).
enum SimulationEvent: Sendable {
    case reconcile(rollout: Int)
    case rolloutTimer(rollout: Int)
    case analysis(rollout: Int, run: Int)
    case timeline(Int)
    case resync
    /// The controller's `/metrics` scraped into the world's Prometheus.
    case controllerScrape
}

/// One Rollout's controller-side state.
struct RolloutRuntime {
    var rollout: Rollout
    var generation = 1
    var template: ClusterPodTemplate
    var templateHash: String
    var status = RolloutStatus()
    var replicaSets: [ReplicaSetID] = []
    var scaleDownDeadlines: [ReplicaSetID: VirtualTime] = [:]
    var createdAt: [ReplicaSetID: VirtualTime] = [:]
    var analysisRuns: [AnalysisRun] = []
    var analysisLogs: [MeasurementLog] = []
    var analysisCreatedAt: [VirtualTime] = []
    var analysisRevision: [Int] = []
    /// The time of each run's pending analysis timer, to avoid scheduling duplicates.
    var analysisTimerAt: [VirtualTime?] = []
    var analysisPassPending: [Bool] = []
    var passPending = false
    var timerTimes: [VirtualTime] = []
    var passesAtInstant = 0
    var lastPassInstant = VirtualTime(milliseconds: Int64.min)
    var stableServiceName: String?
    var canaryServiceName: String?
    var hasRouter = false
    var managedRoutes: [String] = []
    var initialStable: ReplicaSetID?
    // History for the summary.
    var phases: [PhaseRecord] = []
    var steps: [StepRecord] = []
    var rsHistory: [ReplicaSetID: [ReplicaSetSample]] = [:]
    var stableHistory: [(t: VirtualTime, hash: String)] = []
    var desiredHistory: [(t: VirtualTime, weight: Int)] = []
    var rolloutInfoPhase: String?
    /// Only looked up by phase, never iterated.
    var infoSeries: [String: SeriesID] = [:]
    var replicaGaugeSeries: [SeriesID] = []
    /// The current canary's served totals at each controller scrape (only with `tracksCanaryErrors`).
    var canaryTotals: [(t: VirtualTime, hash: String, totals: ServedTotals)] = []
    /// Blue-green only: the active and preview Services' selector histories (`stableServiceName`
    /// and `canaryServiceName` then hold the active and preview Service names).
    var activeHistory: [SelectorPoint] = []
    var previewHistory: [SelectorPoint] = []

    var isBlueGreen: Bool { rollout.spec.strategy.blueGreen != nil && rollout.spec.strategy.canary == nil }

    var name: String { rollout.metadata.name }
    var namespace: String { rollout.metadata.namespace }
    var objectName: String { "Rollout/" + rollout.metadata.name }
}

/// The loop itself: owns the world, the queue and every rollout's state.
final class SimulationRun {
    let loaded: LoadedScenario
    let scenario: Scenario
    let seed: UInt64
    /// Sample the chart series at the end (only when the run will be stored).
    var sampleSeries = false
    let world: World
    var queue = EventQueue<SimulationEvent>(minimumCapacity: 1024)
    var rollouts: [RolloutRuntime] = []
    var templates: [AnalysisTemplate]
    var events: [RunEvent] = []
    var worldEventsSeen = 0
    var now: VirtualTime
    /// What AnalysisRuns measure through: the world's Prometheus, the scenario's provider outcomes
    /// and secrets, and the canary's live error rate for `web` metrics.
    lazy var context = ScenarioMeasurementContext(
        scenario: scenario, manifests: loaded.manifests, storage: world.storage,
        canaryErrorRate: { [unowned self] window, time in self.canaryErrorRate(window: window, at: time) })
    /// Whether a `web` metric reads the canary's live error rate; only then are the canary's
    /// totals sampled (each look splits the pods' accrual segments, DESIGN §5).
    let tracksCanaryErrors: Bool
    var reconcilePasses = 0
    var analysisPasses = 0
    var lastTimelineTime = VirtualTime.zero

    init(_ loaded: LoadedScenario, seed: UInt64) {
        self.loaded = loaded
        var scenario = loaded.scenario
        scenario.seed = seed
        self.scenario = scenario
        self.seed = seed
        world = World(configuration: WorldConfiguration(scenario: scenario))
        now = world.now
        templates = loaded.manifests.analysisTemplates + loaded.manifests.clusterAnalysisTemplates
        tracksCanaryErrors = scenario.providers.web.contains { $0.canaryErrorRateWindow != nil }
    }

    func run() -> RunResult {
        setUp()
        world.advance(to: .zero)
        now = .zero
        flushWorldEvents()
        for (index, action) in scenario.timeline.enumerated() {
            let at = VirtualTime.zero + action.at
            queue.schedule(.timeline(index), at: at)
            lastTimelineTime = max(lastTimelineTime, at)
        }
        queue.schedule(.resync, at: .zero + Simulation.resyncPeriod)
        queue.schedule(.controllerScrape, at: .zero)
        for index in rollouts.indices { requestPass(index) }

        let cap = VirtualTime.zero + (scenario.duration ?? Scenario.maximumDuration)
        var settledSince: VirtualTime?
        while true {
            var end = cap
            if scenario.duration == nil, let settledSince { end = min(cap, settledSince + Scenario.settleMargin) }
            let next = min(queue.peekTime ?? end + .seconds(1), world.nextEventTime ?? end + .seconds(1))
            if next > end {
                world.advance(to: end)
                now = end
                flushWorldEvents()
                sampleReplicaSets()
                break
            }
            let changed = world.advance(to: next)
            now = next
            flushWorldEvents()
            if !changed.isEmpty {
                sampleReplicaSets()
                for id in changed {
                    if let owner = rollouts.firstIndex(where: { $0.replicaSets.contains(id) }) { requestPass(owner) }
                }
            }
            while let key = queue.peekKey, key.time <= now {
                let entry = queue.popNext()!
                handle(entry.payload)
            }
            if scenario.duration == nil {
                let settled = now >= lastTimelineTime && rollouts.allSatisfy { $0.status.phase == .healthy || $0.status.phase == .degraded }
                if settled { settledSince = settledSince ?? now } else { settledSince = nil }
            }
        }
        return makeResult(end: now)
    }

    func handle(_ event: SimulationEvent) {
        switch event {
        case .reconcile(let index):
            rollouts[index].passPending = false
            reconcile(index)
        case .rolloutTimer(let index):
            rollouts[index].timerTimes.removeAll { $0 <= now }
            requestPass(index)
        case .analysis(let index, let run):
            if rollouts[index].analysisTimerAt[run] == now { rollouts[index].analysisTimerAt[run] = nil }
            rollouts[index].analysisPassPending[run] = false
            reconcileAnalysis(index, run: run)
        case .timeline(let index):
            apply(scenario.timeline[index])
        case .resync:
            for index in rollouts.indices { requestPass(index) }
            queue.schedule(.resync, at: now + Simulation.resyncPeriod)
        case .controllerScrape:
            scrapeControllerMetrics()
        }
    }

    /// A pass at `now`, unless one is already pending.
    func requestPass(_ index: Int) {
        guard !rollouts[index].passPending else { return }
        rollouts[index].passPending = true
        queue.schedule(.reconcile(rollout: index), at: now)
    }

    func requestAnalysisPass(_ index: Int, run: Int, at time: VirtualTime) {
        if time == now {
            guard !rollouts[index].analysisPassPending[run] else { return }
            rollouts[index].analysisPassPending[run] = true
            queue.schedule(.analysis(rollout: index, run: run), at: now)
            return
        }
        if let pending = rollouts[index].analysisTimerAt[run], pending <= time, pending > now { return }
        rollouts[index].analysisTimerAt[run] = time
        queue.schedule(.analysis(rollout: index, run: run), at: time)
    }

    func log(_ object: String, _ reason: String, _ message: String) {
        events.append(RunEvent(t: now, object: object, reason: reason, message: message))
    }

    /// The world's own events since the last flush, in the order it logged them.
    func flushWorldEvents() {
        let all = world.events
        guard worldEventsSeen < all.count else { return }
        for event in all[worldEventsSeen...] {
            events.append(RunEvent(t: event.t, object: event.object, reason: event.reason, message: event.message))
        }
        worldEventsSeen = all.count
    }

    /// Appends a status sample for every ReplicaSet whose counts changed.
    func sampleReplicaSets() {
        for index in rollouts.indices {
            for id in rollouts[index].replicaSets {
                let status = world.status(of: id)
                let sample = ReplicaSetSample(t: now, replicas: status.replicas, ready: status.readyReplicas, available: status.availableReplicas)
                var history = rollouts[index].rsHistory[id] ?? []
                if let last = history.last {
                    if last.replicas == sample.replicas && last.ready == sample.ready && last.available == sample.available { continue }
                    if last.t == now { history.removeLast() }
                }
                history.append(sample)
                rollouts[index].rsHistory[id] = history
            }
        }
    }
}
