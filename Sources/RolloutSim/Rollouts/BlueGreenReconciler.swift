/// The blue-green Rollout controller: one level-triggered reconcile pass over an
/// ``ObservedBlueGreen``, in upstream's order (reference §1.2, §7):
///
/// 1. the preview Service goes to the new ReplicaSet at once;
/// 2. a template change resets the status and ends the pass;
/// 3. ReplicaSets — stable held at R, new sized by §4.6, old ones scaled down after their delay
///    (not early-returning);
/// 4. the blue-green pause; 5. the active Service; 6. pre/post-promotion AnalysisRuns;
/// 7. the persisted status, with promotion to stable.
///
/// Argo: rolloutBlueGreen (rollout/bluegreen.go).
public struct BlueGreenReconciler: RolloutReconciling {
    let observed: ObservedBlueGreen
    let now: VirtualTime
    let spec: RolloutSpec
    let blueGreen: BlueGreenStrategy

    var newStatus: RolloutStatus
    var writes: [ControllerWrite] = []
    var events: [ControllerEvent] = []
    var requeueAt: VirtualTime?

    var newRS: ObservedReplicaSet?
    var stableRS: ObservedReplicaSet?
    var otherRSs: [ObservedReplicaSet] = []
    var revision = 0
    /// The Services' selectors as this pass leaves them.
    var activeHash: String?
    var previewHash: String?

    // Argo: pauseContext (rollout/pause.go).
    var addPauseReasons: [PauseReason] = []
    var removePauseReasons: [PauseReason] = []
    var clearPauseConditions = false
    var addAbort = false
    var removeAbort = false
    var abortMessage = ""

    init(_ observed: ObservedBlueGreen, now: VirtualTime) {
        guard let blueGreen = observed.rollout.spec.strategy.blueGreen else {
            preconditionFailure("BlueGreenReconciler: rollout \(observed.rollout.metadata.name) has no blueGreen strategy")
        }
        self.observed = observed
        self.now = now
        self.spec = observed.rollout.spec
        self.blueGreen = blueGreen
        self.newStatus = observed.status
        if newStatus.blueGreen == nil { newStatus.blueGreen = BlueGreenStatus() }
        self.activeHash = observed.activeServiceHash
        self.previewHash = observed.previewServiceHash
    }

    /// One reconcile pass at `now`.
    public static func reconcile(_ observed: ObservedBlueGreen, now: VirtualTime) -> CanaryReconciliation {
        var reconciler = BlueGreenReconciler(observed, now: now)
        reconciler.run()
        return reconciler.reconciliation
    }

    static let analysisPauseReasons: [PauseReason] = [.blueGreenPause]
    static let skipsPersistedPauseReasons = false
    static let requeuesStuckRolloutWhilePaused = false

    var persisted: BlueGreenStatus { observed.status.blueGreen ?? BlueGreenStatus() }

    // MARK: - the pass

    mutating func run() {
        if dropAbortOnFullyPromoted() { return }
        guard locateReplicaSets(), let newRS else { return }
        reconcilePreviewService(newRS)
        if observed.status.currentPodHash != newRS.podTemplateHash {
            // Argo: resetRolloutStatus — a new update.
            clearPauseConditions = true
            removeAbort = true
            newStatus.promoteFull = false
            newStatus.currentPodHash = newRS.podTemplateHash
            newStatus.blueGreen?.scaleUpPreviewCheckPoint = false
            newStatus.blueGreen?.prePromotionAnalysisRun = nil
            newStatus.blueGreen?.postPromotionAnalysisRun = nil
            syncStatus(reset: true)
            return
        }
        reconcileReplicaSets(newRS)
        reconcilePause(newRS)
        reconcileActiveService(newRS)
        reconcileAnalysisRuns()
        syncStatus(reset: false)
    }

    /// Argo: haltProgress (rollout/context.go).
    var haltsProgress: Bool {
        spec.paused || observed.status.pauseCondition(.inconclusiveAnalysisRun) != nil
    }

    /// Argo: switchServiceSelector — only onto a ReplicaSet with at least one available pod.
    mutating func switchService(_ name: String?, to hash: String, current: String?) -> Bool {
        guard let name, current != hash else { return false }
        let target = observed.replicaSets.first { $0.podTemplateHash == hash }
        guard let target, target.status.availableReplicas > 0 else { return false }
        writes.append(.setServiceSelector(service: name, podTemplateHash: hash))
        return true
    }

    /// Argo: reconcilePreviewService (rollout/service.go).
    mutating func reconcilePreviewService(_ newRS: ObservedReplicaSet) {
        guard blueGreen.previewService != nil, !haltsProgress else { return }
        if switchService(blueGreen.previewService, to: newRS.podTemplateHash, current: previewHash) {
            previewHash = newRS.podTemplateHash
        }
    }

    // MARK: - replica sets

    var bgInputs: BlueGreenReplicaCounts.Inputs {
        BlueGreenReplicaCounts.Inputs(
            replicas: replicas, previewReplicaCount: blueGreen.previewReplicaCount, paused: spec.paused,
            hasPauseConditions: !observed.status.pauseConditions.isEmpty, promoteFull: observed.status.promoteFull,
            currentPodHash: observed.status.currentPodHash, activeSelector: persisted.activeSelector,
            scaleUpPreviewCheckPoint: persisted.scaleUpPreviewCheckPoint)
    }

    /// Argo: NewRSNewReplicas, blue-green branch.
    var desiredNewReplicas: Int {
        guard let newRS else { return replicas }
        return BlueGreenReplicaCounts.newRSReplicas(bgInputs, newRSPodTemplateHash: newRS.podTemplateHash,
                                                    podTemplateHashes: observed.replicaSets.map(\.podTemplateHash))
    }

    /// Argo: ReadyForPause (utils/replicaset/bluegreen.go).
    var readyForPause: Bool {
        guard let newRS else { return false }
        let desired = desiredNewReplicas
        return newRS.specReplicas == desired && newRS.status.availableReplicas == desired
    }

    /// Argo: annotations.IsSaturated — every one of R replicas asked for and available.
    var isSaturated: Bool {
        guard let newRS else { return false }
        return newRS.specReplicas == replicas && newRS.status.availableReplicas == replicas
    }

    /// `abortScaleDownDelaySeconds` (default 30; 0 means the preview is never scaled down).
    var abortScaleDownDelay: SimDuration? {
        let seconds = blueGreen.abortScaleDownDelaySecondsOrDefault
        return seconds == 0 ? nil : .seconds(Int64(seconds))
    }

    /// Argo: shouldDelayScaleDownOnAbort (rollout/replicaset.go).
    var shouldDelayScaleDownOnAbort: Bool { isAborted && stableRS != nil && abortScaleDownDelay != nil }

    /// Argo: reconcileBlueGreenReplicaSets (rollout/bluegreen.go).
    mutating func reconcileReplicaSets(_ newRS: ObservedReplicaSet) {
        // Argo: removeScaleDownDeadlines.
        if !shouldDelayScaleDownOnAbort, newRS.scaleDownDeadline != nil { writes.append(.setScaleDownDeadline(newRS.id, nil)) }
        if let stableRS, stableRS.id != newRS.id, stableRS.scaleDownDeadline != nil { writes.append(.setScaleDownDeadline(stableRS.id, nil)) }
        if let stableRS { _ = scale(stableRS, to: replicas) }
        reconcileNewReplicaSet(newRS)
        scaleDownOldReplicaSets()
    }

    /// Argo: reconcileNewReplicaSet, with the abort scale-down delay.
    mutating func reconcileNewReplicaSet(_ newRS: ObservedReplicaSet) {
        var count = desiredNewReplicas
        if shouldDelayScaleDownOnAbort, let delay = abortScaleDownDelay, let stableRS, stableRS.id != newRS.id {
            if let deadline = newRS.scaleDownDeadline {
                if deadline > now {
                    requeue(at: deadline)
                    return
                }
                count = 0
            } else {
                if stableRS.status.availableReplicas >= replicas {
                    writes.append(.setScaleDownDeadline(newRS.id, now.truncatedToSecond + delay))
                    requeue(at: now.truncatedToSecond + delay)
                }
                return
            }
        }
        _ = scale(newRS, to: count)
    }

    /// Argo: isReplicaSetReferenced (rollout/replicaset.go).
    func isReferenced(_ rs: ObservedReplicaSet) -> Bool {
        let status = observed.status
        let references = [status.stableRS, status.currentPodHash, persisted.activeSelector, persisted.previewSelector,
                          observed.activeServiceHash ?? "", observed.previewServiceHash ?? ""]
        return references.contains(rs.podTemplateHash)
    }

    /// Argo: scaleDownOldReplicaSetsForBlueGreen and scaleDownDelayHelper.
    mutating func scaleDownOldReplicaSets() {
        if observed.status.pauseCondition(.inconclusiveAnalysisRun) != nil { return }
        if blueGreen.postPromotionAnalysis != nil && blueGreen.scaleDownDelaySeconds == nil,
           let newRS, !skipPostPromotionAnalysis(newRS, current: currentPostRun) {
            // Without an explicit delay, old ReplicaSets wait for post-promotion analysis to succeed.
            if currentPostRun?.status.phase != .successful { return }
        }
        let limit = blueGreen.scaleDownDelayRevisionLimit ?? Int.max
        let delay = SimDuration.seconds(Int64(blueGreen.scaleDownDelaySecondsOrDefault))
        var annotated = 0
        for rs in otherRSs.sorted(by: { $0.revision > $1.revision }) {
            if isReferenced(rs) || rs.specReplicas == 0 { continue }
            var desired = 0
            if let deadline = rs.scaleDownDeadline {
                annotated += 1
                if annotated <= limit, deadline > now {
                    requeue(at: deadline)
                    desired = replicas
                }
            } else if annotated < limit {
                annotated += 1
                desired = rs.specReplicas
                writes.append(.setScaleDownDeadline(rs.id, now.truncatedToSecond + delay))
                requeue(at: now.truncatedToSecond + delay)
            }
            if rs.specReplicas != desired { _ = scale(rs, to: desired) }
        }
    }

    // MARK: - pause and services

    /// Argo: isBlueGreenFastTracked (without fast rollback, which the simulator does not model yet).
    func isFastTracked(_ newRS: ObservedReplicaSet) -> Bool {
        if observed.status.promoteFull { return true }
        guard let active = observed.activeServiceHash else { return true }
        return active == newRS.podTemplateHash
    }

    /// Argo: needsBlueGreenControllerPause.
    var needsControllerPause: Bool { !blueGreen.autoPromotionEnabledOrDefault || (blueGreen.autoPromotionSeconds ?? 0) > 0 }

    /// Argo: CompletedBlueGreenPause (rollout/pause.go).
    var completedPause: Bool {
        if !addPauseReasons.isEmpty { return false }
        if persisted.scaleUpPreviewCheckPoint { return true }
        let condition = observed.status.pauseCondition(.blueGreenPause)
        if blueGreen.autoPromotionEnabledOrDefault {
            let seconds = blueGreen.autoPromotionSeconds ?? 0
            if seconds == 0 { return true }
            guard let condition else { return false }
            return now > condition.startTime + .seconds(Int64(seconds))
        }
        return observed.status.controllerPause && condition == nil
    }

    var currentPreRun: AnalysisRun? { observed.analysisRun(named: persisted.prePromotionAnalysisRun?.name) }
    var currentPostRun: AnalysisRun? { observed.analysisRun(named: persisted.postPromotionAnalysisRun?.name) }

    /// Argo: completedPrePromotionAnalysis (rollout/pause.go).
    var completedPrePromotionAnalysis: Bool {
        guard blueGreen.prePromotionAnalysis != nil else { return true }
        return currentPreRun?.status.phase == .successful
    }

    /// Argo: reconcileBlueGreenPause (rollout/bluegreen.go).
    mutating func reconcilePause(_ newRS: ObservedReplicaSet) {
        if observed.status.abort || !readyForPause || haltsProgress { return }
        if isFastTracked(newRS) || persisted.scaleUpPreviewCheckPoint || !needsControllerPause {
            removePauseReasons.append(.blueGreenPause)
            return
        }
        guard completedPrePromotionAnalysis else { return }
        if let condition = observed.status.pauseCondition(.blueGreenPause) {
            if completedPause {
                removePauseReasons.append(.blueGreenPause)
            } else if let seconds = blueGreen.autoPromotionSeconds, seconds > 0 {
                requeue(at: condition.startTime + .seconds(Int64(seconds)) + CanaryReconciler.strictEpsilon)
            }
        } else if !observed.status.controllerPause {
            addPauseReasons.append(.blueGreenPause)
        }
    }

    /// Argo: reconcileActiveService (rollout/service.go).
    mutating func reconcileActiveService(_ newRS: ObservedReplicaSet) {
        if haltsProgress || !readyForPause || !isSaturated { return }
        var target = observed.activeServiceHash ?? ""
        if isFastTracked(newRS) { target = newRS.podTemplateHash }
        if completedPause && completedPrePromotionAnalysis { target = newRS.podTemplateHash }
        if observed.status.abort { target = observed.status.stableRS }
        guard !target.isEmpty else { return }
        if switchService(blueGreen.activeService, to: target, current: activeHash) { activeHash = target }
    }

    // MARK: - analysis

    /// Argo: reconcileAnalysisRuns, blue-green branch (rollout/analysis.go).
    mutating func reconcileAnalysisRuns() {
        let pre = currentPreRun
        let post = currentPostRun
        var newPre: AnalysisRun? = pre
        var newPost: AnalysisRun? = post
        if cancelsCurrentAnalysisRuns {
            cancel(pre)
            cancel(post)
        } else {
            newPre = reconcilePromotionRun(pre, analysis: blueGreen.prePromotionAnalysis, kind: .prePromotion)
            react(to: newPre, prefix: "Blue/green pre-promotion analysis phase error/failed")
            newPost = reconcilePromotionRun(post, analysis: blueGreen.postPromotionAnalysis, kind: .postPromotion)
            react(to: newPost, prefix: "Blue/green post-promotion analysis phase error/failed")
        }
        cancelAnalysisRuns(otherThan: [newPre, newPost])
        // Argo: reconcileAnalysisRunStatusChanges — post-promotion first.
        emitStatusChange(previous: persisted.postPromotionAnalysisRun, run: newPost, type: "PostPromotion")
        emitStatusChange(previous: persisted.prePromotionAnalysisRun, run: newPre, type: "PrePromotion")
        newStatus.blueGreen?.prePromotionAnalysisRun = newPre.map(\.rolloutStatus)
        newStatus.blueGreen?.postPromotionAnalysisRun = newPost.map(\.rolloutStatus)
    }

    /// Argo: skipPrePromotionAnalysisRun.
    func skipPrePromotionAnalysis(_ newRS: ObservedReplicaSet, current: AnalysisRun?) -> Bool {
        let hash = newRS.podTemplateHash
        let active = persisted.activeSelector
        if observed.status.stableRS == hash || active.isEmpty || active == hash { return true }
        if current != nil { return false }
        if let preview = blueGreen.previewReplicaCount {
            return newRS.specReplicas != preview || newRS.status.availableReplicas != preview
        }
        return !isSaturated
    }

    /// Argo: skipPostPromotionAnalysisRun.
    func skipPostPromotionAnalysis(_ newRS: ObservedReplicaSet, current: AnalysisRun?) -> Bool {
        let hash = newRS.podTemplateHash
        if observed.status.stableRS == hash || persisted.activeSelector != hash { return true }
        if current != nil { return false }
        return !isSaturated
    }

    /// Argo: reconcilePrePromotionAnalysisRun / reconcilePostPromotionAnalysisRun.
    mutating func reconcilePromotionRun(_ current: AnalysisRun?, analysis: RolloutAnalysis?, kind: AnalysisRunKind) -> AnalysisRun? {
        guard let analysis, !analysis.templates.isEmpty, let newRS else {
            cancel(current)
            return nil
        }
        let skip = kind == .prePromotion ? skipPrePromotionAnalysis(newRS, current: current) : skipPostPromotionAnalysis(newRS, current: current)
        if skip {
            cancel(current)
            return current
        }
        if observed.status.pauseCondition(.inconclusiveAnalysisRun) != nil { return current }
        if needsNewAnalysisRun(current) { return createAnalysisRun(analysis, kind: kind) }
        return current
    }

    /// Argo: setPauseOrAbortForBlueGreen.
    mutating func react(to run: AnalysisRun?, prefix: String) {
        guard let run else { return }
        react(to: run, abortPrefix: prefix)
    }
}
