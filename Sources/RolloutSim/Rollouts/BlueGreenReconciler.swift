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
public struct BlueGreenReconciler {
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
        return CanaryReconciliation(status: reconciler.newStatus, writes: reconciler.writes, events: reconciler.events,
                                    requeueAt: reconciler.requeueAt)
    }

    var replicas: Int { spec.replicasOrDefault }
    var rolloutName: String { observed.rollout.metadata.name }
    var persisted: BlueGreenStatus { observed.status.blueGreen ?? BlueGreenStatus() }
    var isAborted: Bool { !removeAbort && (addAbort || observed.status.abort) }

    mutating func requeue(at time: VirtualTime) {
        if let existing = requeueAt, existing <= time { return }
        requeueAt = time
    }

    mutating func emit(_ reason: String, _ message: String, warning: Bool = false) {
        events.append(ControllerEvent(reason, message, warning: warning))
    }

    // MARK: - the pass

    mutating func run() {
        if observed.status.abort && observed.status.isFullyPromoted && observed.status.currentPodHash == observed.templateHash {
            newStatus.abort = false
            newStatus.abortedAt = nil
            return
        }
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

    /// Argo: getAllReplicaSetsAndSyncRevision, createDesiredReplicaSet (rollout/sync.go).
    mutating func locateReplicaSets() -> Bool {
        let all = observed.replicaSets
        let maxRevision = all.map(\.revision).max() ?? 0
        guard var found = all.first(where: { $0.podTemplateHash == observed.templateHash }) else {
            let revision = maxRevision + 1
            let name = "\(rolloutName)-\(observed.templateHash)"
            writes.append(.createReplicaSet(revision: revision))
            emit("NewReplicaSetCreated", "Created ReplicaSet \(name) (revision \(revision))")
            emit("RolloutUpdated", "Rollout updated to revision \(revision)")
            newStatus.setCondition(.progressing, .true, reason: "NewReplicaSetCreated", message: "Created new replica set \"\(name)\"", now: now)
            return false
        }
        if found.revision < maxRevision {
            found.revision = maxRevision + 1
            writes.append(.setRevision(found.id, revision: found.revision))
            emit("RolloutUpdated", "Rollout updated to revision \(found.revision)")
        }
        newRS = found
        revision = found.revision
        let stableHash = observed.status.stableRS
        stableRS = stableHash.isEmpty ? nil : all.first { $0.podTemplateHash == stableHash }
        otherRSs = all.filter { $0.podTemplateHash != found.podTemplateHash && $0.podTemplateHash != stableHash }
        return true
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

    /// Scales when the count differs and records `ScalingReplicaSet`. Argo: scaleReplicaSetAndRecordEvent.
    mutating func scale(_ rs: ObservedReplicaSet, to count: Int) -> Bool {
        guard rs.specReplicas != count else { return false }
        writes.append(.scaleReplicaSet(rs.id, to: count))
        let direction = count > rs.specReplicas ? "up" : "down"
        emit("ScalingReplicaSet", "Scaled \(direction) ReplicaSet \(rs.name) (revision \(rs.revision)) from \(rs.specReplicas) to \(count)")
        return true
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
        let status = observed.status
        let pre = currentPreRun
        let post = currentPostRun
        let cancelCurrent = status.isFullyPromoted || isAborted || status.promoteFull || status.stableRS.isEmpty
        var newPre: AnalysisRun? = pre
        var newPost: AnalysisRun? = post
        if cancelCurrent {
            cancel(pre)
            cancel(post)
        } else {
            newPre = reconcilePromotionRun(pre, analysis: blueGreen.prePromotionAnalysis, kind: .prePromotion)
            react(to: newPre, prefix: "Blue/green pre-promotion analysis phase error/failed")
            newPost = reconcilePromotionRun(post, analysis: blueGreen.postPromotionAnalysis, kind: .postPromotion)
            react(to: newPost, prefix: "Blue/green post-promotion analysis phase error/failed")
        }
        let current = Set([newPre?.name, newPost?.name].compactMap { $0 })
        for run in observed.analysisRuns where !current.contains(run.name) { cancel(run) }
        // Argo: reconcileAnalysisRunStatusChanges — post-promotion first.
        emitStatusChange(previous: persisted.postPromotionAnalysisRun, run: newPost, type: "PostPromotion")
        emitStatusChange(previous: persisted.prePromotionAnalysisRun, run: newPre, type: "PrePromotion")
        newStatus.blueGreen?.prePromotionAnalysisRun = newPre.map { RolloutAnalysisRunStatus(name: $0.name, phase: $0.status.phase, message: $0.status.message) }
        newStatus.blueGreen?.postPromotionAnalysisRun = newPost.map { RolloutAnalysisRunStatus(name: $0.name, phase: $0.status.phase, message: $0.status.message) }
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

    /// Argo: needsNewAnalysisRun.
    func needsNewAnalysisRun(_ run: AnalysisRun?) -> Bool {
        guard let run else { return true }
        let status = observed.status
        if status.controllerPause && status.pauseCondition(.blueGreenPause) == nil {
            return run.status.phase == .inconclusive
        }
        return status.abortedAt != nil
    }

    /// Argo: setPauseOrAbortForBlueGreen.
    mutating func react(to run: AnalysisRun?, prefix: String) {
        guard let run else { return }
        switch run.status.phase {
        case .inconclusive:
            addPauseReasons.append(.inconclusiveAnalysisRun)
        case .failed, .error:
            addAbort = true
            abortMessage = run.status.message.isEmpty ? prefix : prefix + ": " + run.status.message
        case .unset, .pending, .running, .successful:
            break
        }
    }

    mutating func createAnalysisRun(_ analysis: RolloutAnalysis, kind: AnalysisRunKind) -> AnalysisRun? {
        guard let newRS else { return nil }
        do {
            let run = try AnalysisRun.fromRollout(
                observed.rollout, analysis: analysis, kind: kind, templates: observed.analysisTemplates,
                latestPodTemplateHash: newRS.podTemplateHash, stablePodTemplateHash: stableRS?.podTemplateHash ?? "",
                revision: revision)
            let (created, adopted) = run.creatingAmong(observed.analysisRuns)
            if !adopted { writes.append(.createAnalysisRun(created)) }
            return created
        } catch {
            emit("AnalysisRunCreateError", "Failed to create AnalysisRun: \(error.message)", warning: true)
            requeue(at: now + CanaryReconciler.analysisCreateRetry)
            return nil
        }
    }

    mutating func cancel(_ run: AnalysisRun?) {
        guard let run, !run.status.phase.isCompleted, !run.spec.terminate else { return }
        writes.append(.terminateAnalysisRun(name: run.name))
    }

    mutating func emitStatusChange(previous: RolloutAnalysisRunStatus?, run: AnalysisRun?, type: String) {
        guard let run, run.status.phase != .unset else { return }
        guard previous == nil || (previous?.name == run.name && previous?.phase != run.status.phase) else { return }
        let previousText = previous.map { $0.phase.rawValue } ?? "NoPreviousStatus"
        let phase = run.status.phase.rawValue
        emit("AnalysisRun" + phase, "\(type) Analysis Run '\(run.name)' Status New: '\(phase)' Previous: '\(previousText)'",
             warning: run.status.phase == .failed || run.status.phase == .error)
    }
}
