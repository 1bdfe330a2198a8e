/// The canary Rollout controller: one level-triggered reconcile pass over an ``ObservedCanary``.
///
///     let result = CanaryReconciler.reconcile(observed, now: t)
///     // apply result.writes to the world, store result.status, wake again at result.requeueAt
///
/// The pass follows upstream's order and early exits (reference §1.2): a new ReplicaSet is created
/// and the pass ends; paused-condition bookkeeping may end it; a template or steps change resets the
/// status and ends it; then Services, traffic routing, AnalysisRuns (an Inconclusive pause ends it),
/// ReplicaSets (one size change ends it, stable first), the pause step, and finally the status with
/// at most one completed step. Argo: rolloutCanary (rollout/canary.go).
public struct CanaryReconciler: RolloutReconciling {
    let observed: ObservedCanary
    let now: VirtualTime
    let spec: RolloutSpec
    let canary: CanaryStrategy
    /// The rules' view of the persisted status (`c.rollout`).
    let inputs: CanaryInputs

    var newStatus: RolloutStatus
    var writes: [ControllerWrite] = []
    var events: [ControllerEvent] = []
    var requeueAt: VirtualTime?

    var newRS: ObservedReplicaSet?
    var stableRS: ObservedReplicaSet?
    var otherRSs: [ObservedReplicaSet] = []
    var revision = 0

    var addPauseReasons: [PauseReason] = []
    var removePauseReasons: [PauseReason] = []
    var clearPauseConditions = false
    var addAbort = false
    var removeAbort = false
    var abortMessage = ""

    init(_ observed: ObservedCanary, now: VirtualTime) {
        guard let canary = observed.rollout.spec.strategy.canary else {
            preconditionFailure("CanaryReconciler: rollout \(observed.rollout.metadata.name) has no canary strategy")
        }
        self.observed = observed
        self.now = now
        self.spec = observed.rollout.spec
        self.canary = canary
        self.newStatus = observed.status
        var inputs = CanaryInputs(spec: observed.rollout.spec)!
        inputs.currentStepIndex = observed.status.currentStepIndex
        inputs.abort = observed.status.abort
        inputs.promoteFull = observed.status.promoteFull
        inputs.stableRS = observed.status.stableRS
        inputs.currentPodHash = observed.status.currentPodHash
        self.inputs = inputs
    }

    /// One reconcile pass at `now`.
    public static func reconcile(_ observed: ObservedCanary, now: VirtualTime) -> CanaryReconciliation {
        var reconciler = CanaryReconciler(observed, now: now)
        reconciler.run()
        return reconciler.reconciliation
    }

    static let analysisPauseReasons: [PauseReason] = [.canaryPauseStep, .blueGreenPause]
    static let skipsPersistedPauseReasons = true
    static let requeuesStuckRolloutWhilePaused = true

    var steps: [CanaryStep] { canary.steps }
    var isTrafficRouted: Bool { canary.trafficRouting != nil }
    /// The current step and its index; nil past the last step or with no steps.
    /// Argo: GetCurrentCanaryStep (utils/replicaset/canary.go).
    var currentStep: (step: CanaryStep, index: Int)? {
        guard !steps.isEmpty else { return nil }
        let index = observed.status.currentStepIndex ?? 0
        guard index < steps.count else { return nil }
        return (steps[index], index)
    }

    // MARK: - the pass

    mutating func run() {
        if dropAbortOnFullyPromoted() { return }
        guard locateReplicaSets() else { return }
        if checkPausedConditions() { return }

        if podTemplateOrStepsChanged {
            resetForUpdate()
            persist()
            return
        }
        reconcileStableAndCanaryService()
        if isTrafficRouted { reconcileTrafficRouting() } else { newStatus.weights = nil }
        reconcileAnalysisRuns()
        if !addPauseReasons.isEmpty {
            syncRolloutStatus()
            return
        }
        if reconcileCanaryReplicaSets() {
            syncRolloutStatus()
            return
        }
        if reconcileCanaryPause() {
            syncRolloutStatus()
            return
        }
        syncRolloutStatus()
    }

    /// The Paused and Progressing conditions follow pauses, resumes and retries in a pass of their
    /// own. Argo: checkPausedConditions (rollout/sync.go). Returns whether the pass ends here.
    mutating func checkPausedConditions() -> Bool {
        let status = observed.status
        guard status.observedGeneration == observed.generation else { return false }
        let progressing = status.condition(.progressing)
        let progressingPaused = progressing?.reason == "RolloutPaused"
        let isPaused = !status.pauseConditions.isEmpty || spec.paused
        let abortConditionExists = progressing?.reason == RolloutCondition.abortedReason
        let completed = status.condition(.completed)?.status == .true
        var changed = false
        if isPaused != progressingPaused && !abortConditionExists && !completed {
            changed = newStatus.setCondition(.progressing, .unknown, reason: isPaused ? "RolloutPaused" : "RolloutResumed",
                                             message: isPaused ? "Rollout is paused" : "Rollout is resumed", now: now) || changed
        }
        if !status.abort && abortConditionExists {
            changed = newStatus.setCondition(.progressing, .unknown, reason: "RolloutRetry", message: "Retrying Rollout after abort", now: now) || changed
        }
        let pausedTrue = status.condition(.paused)?.status == .true
        if isPaused != pausedTrue && !abortConditionExists {
            changed = newStatus.setCondition(.paused, isPaused ? .true : .false, reason: "RolloutPaused", message: "Rollout is paused", now: now) || changed
        }
        if changed {
            newStatus.phase = RolloutPhase.calculate(phaseInputs(newStatus)).phase
            newStatus.message = RolloutPhase.calculate(phaseInputs(newStatus)).message
        }
        return changed
    }

    /// Argo: PodTemplateOrStepsChanged (utils/replicaset/replicaset.go).
    var podTemplateOrStepsChanged: Bool {
        observed.status.currentPodHash != newRS?.podTemplateHash || observed.status.currentStepHash != Self.stepHash(steps)
    }

    /// A new update starts from step 0; a rollback to the stable skips every step.
    /// Argo: resetRolloutStatus and the reset branch of syncRolloutStatusCanary (rollout/canary.go).
    mutating func resetForUpdate() {
        clearPauseConditions = true
        removeAbort = true
        newStatus.promoteFull = false
        newStatus.currentStepAnalysisRun = nil
        newStatus.currentBackgroundAnalysisRun = nil
        newStatus.currentPodHash = newRS?.podTemplateHash ?? ""
        newStatus.currentStepHash = Self.stepHash(steps)
        newStatus.currentStepIndex = steps.isEmpty ? nil : 0
        if let newRS, !steps.isEmpty, observed.status.stableRS == newRS.podTemplateHash {
            emit("SkipSteps", "Rollback to stable ReplicaSets")
            newStatus.currentStepIndex = steps.count
        }
    }

    /// A stable fingerprint of the steps (upstream: FNV-32a of the steps' JSON, ComputeStepHash).
    static func stepHash(_ steps: [CanaryStep]) -> String {
        let text = steps.map { stepString($0) + "|" + String(describing: $0.analysis?.templates.map(\.templateName) ?? []) }
            .joined(separator: "\n")
        return PodTemplateHash.safeEncode(String(PodTemplateHash.fnv32a(text.utf8)))
    }

    /// How upstream names a step in events and the CLI. Argo: CanaryStepString (utils/rollout/rolloututil.go).
    public static func stepString(_ step: CanaryStep) -> String {
        guard let action = step.action else { return "invalid" }
        switch action {
        case .setWeight(let weight): return "setWeight: \(weight)"
        case .pause(let pause): return pause.duration.map { "pause: \($0.description)" } ?? "pause"
        case .experiment: return "experiment"
        case .analysis: return "analysis"
        case .setCanaryScale(let scale):
            if let weight = scale.weight { return "setCanaryScale{weight: \(weight)}" }
            if scale.matchTrafficWeight { return "setCanaryScale{matchTrafficWeight: true}" }
            if let replicas = scale.replicas { return "setCanaryScale{replicas: \(replicas)}" }
            return "invalid"
        case .plugin(let plugin): return "plugin: \(plugin.name ?? "")"
        case .setHeaderRoute(let route): return "setHeaderRoute: \(route.name ?? "")"
        case .setMirrorRoute(let route): return "setMirrorRoute: \(route.name ?? "")"
        }
    }
}
