// The end of a blue-green pass: selectors, promotion to stable, the preview checkpoint, and the
// persisted status with its pause/abort fields, conditions and phase (reference §1.3, §6.7, §7).

extension BlueGreenReconciler {
    /// Argo: syncRolloutStatusBlueGreen (rollout/bluegreen.go).
    mutating func syncStatus(reset: Bool) {
        if observed.status.promoteFull {
            clearPauseConditions = true
            removeAbort = true
        }
        newStatus.blueGreen?.previewSelector = previewHash ?? ""
        newStatus.blueGreen?.activeSelector = activeHash ?? ""
        if let reason = shouldFullPromote() {
            promoteStable(reason: reason)
        } else if !reset {
            let checkPoint = calculateScaleUpPreviewCheckPoint()
            newStatus.blueGreen?.scaleUpPreviewCheckPoint = checkPoint
        }
        persist()
    }

    /// Argo: calculateScaleUpPreviewCheckPoint.
    func calculateScaleUpPreviewCheckPoint() -> Bool {
        guard let preview = blueGreen.previewReplicaCount else { return false }
        if persisted.scaleUpPreviewCheckPoint { return true }
        guard completedPrePromotionAnalysis, completedPause else { return false }
        return newRS?.status.availableReplicas == preview
    }

    /// Argo: shouldFullPromote (rollout/sync.go), blue-green branch.
    func shouldFullPromote() -> String? {
        if stableRS == nil && observed.status.stableRS.isEmpty { return "Initial deploy" }
        let active = newStatus.blueGreen?.activeSelector ?? ""
        if active.isEmpty { return "Initial deploy" }
        if active != newStatus.currentPodHash { return nil }
        if observed.status.promoteFull { return "Full promotion requested" }
        if isAborted { return nil }
        if blueGreen.postPromotionAnalysis != nil {
            let post = observed.analysisRun(named: newStatus.blueGreen?.postPromotionAnalysisRun?.name)
            if post?.status.phase != .successful { return nil }
        }
        return "Completed blue-green update"
    }

    /// Argo: promoteStable (rollout/sync.go).
    mutating func promoteStable(reason: String) {
        clearPauseConditions = true
        removeAbort = true
        newStatus.promoteFull = false
        newStatus.blueGreen?.scaleUpPreviewCheckPoint = false
        if newStatus.stableRS != newStatus.currentPodHash {
            newStatus.stableRS = newStatus.currentPodHash
            emit("RolloutCompleted", "Rollout completed update to revision \(revision) (\(newStatus.currentPodHash)): \(reason)")
        }
    }

    // MARK: - persist

    /// Argo: persistRolloutStatus (rollout/sync.go).
    mutating func persist() {
        newStatus.observedGeneration = observed.generation
        calculateCounters()
        calculatePauseStatus()
        calculateConditions()
        let phase = RolloutPhase.calculate(phaseInputs(newStatus))
        newStatus.phase = phase.phase
        newStatus.message = phase.message
        sendStateChangeEvents()
        requeueStuckRollout()
    }

    /// Argo: calculateBaseStatus, then the active ReplicaSet's ready and available counts.
    mutating func calculateCounters() {
        let all = observed.replicaSets
        newStatus.replicas = all.reduce(0) { $0 + $1.status.replicas }
        newStatus.updatedReplicas = newRS?.status.replicas ?? 0
        let active = newStatus.blueGreen?.activeSelector ?? ""
        if let activeRS = all.first(where: { $0.podTemplateHash == active }), !active.isEmpty {
            newStatus.readyReplicas = activeRS.status.readyReplicas
            newStatus.availableReplicas = activeRS.status.availableReplicas
        } else {
            newStatus.readyReplicas = all.reduce(0) { $0 + $1.status.readyReplicas }
            newStatus.availableReplicas = all.reduce(0) { $0 + $1.status.availableReplicas }
        }
    }

    /// Argo: CalculatePauseStatus (rollout/pause.go).
    mutating func calculatePauseStatus() {
        if isAborted {
            newStatus.abort = true
            newStatus.abortedAt = observed.status.abortedAt ?? now.truncatedToSecond
            newStatus.pauseConditions = []
            newStatus.controllerPause = false
            return
        }
        newStatus.abort = false
        newStatus.abortedAt = nil
        if clearPauseConditions {
            newStatus.pauseConditions = []
            newStatus.controllerPause = false
            return
        }
        var controllerPause = observed.status.controllerPause
        var conditions = observed.status.pauseConditions.filter { !removePauseReasons.contains($0.reason) }
        for reason in addPauseReasons where !conditions.contains(where: { $0.reason == reason }) {
            conditions.append(PauseCondition(reason: reason, startTime: now.truncatedToSecond))
            controllerPause = true
        }
        newStatus.pauseConditions = conditions
        newStatus.controllerPause = conditions.isEmpty ? false : controllerPause
    }

    mutating func sendStateChangeEvents() {
        let wasPaused = !observed.status.pauseConditions.isEmpty
        let isPaused = !newStatus.pauseConditions.isEmpty
        guard wasPaused != isPaused else { return }
        if isPaused {
            emit("RolloutPaused", "Rollout is paused (\(newStatus.pauseConditions[0].reason.rawValue))")
        } else if newStatus.abortedAt == nil {
            emit("RolloutResumed", "Rollout is resumed")
        }
    }

    /// Argo: calculateRolloutConditions (rollout/sync.go). The Paused condition and the
    /// `RolloutPaused` reason are set here rather than in a pass of their own (checkPausedConditions).
    mutating func calculateConditions() {
        let isPaused = !newStatus.pauseConditions.isEmpty || spec.paused
        newStatus.setCondition(.paused, isPaused ? .true : .false, reason: "RolloutPaused", message: "Rollout is paused", now: now)
        let previousHealthy = observed.status.condition(.healthy)
        var becameUnhealthy = false
        if !isPaused && isHealthy(newStatus) {
            newStatus.setCondition(.healthy, .true, reason: "RolloutHealthy", message: "Rollout is healthy", now: now)
        } else if previousHealthy != nil {
            becameUnhealthy = newStatus.setCondition(.healthy, .false, reason: "RolloutHealthy", message: "Rollout is not healthy", now: now)
        }
        let current = newStatus.condition(.progressing)
        let rsName = newRS?.name ?? ""
        if isAborted {
            var message = "Rollout aborted update to revision \(revision)"
            if !abortMessage.isEmpty { message += ": " + abortMessage }
            if newStatus.setCondition(.progressing, .false, reason: RolloutCondition.abortedReason, message: message, now: now) {
                emit("RolloutAborted", message, warning: true)
            }
        } else if isHealthy(newStatus) {
            newStatus.setCondition(.progressing, .true, reason: "NewReplicaSetAvailable",
                                   message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: now)
        } else if isPaused {
            newStatus.setCondition(.progressing, .unknown, reason: "RolloutPaused", message: "Rollout is paused", now: now)
        } else if isProgressing() || becameUnhealthy || current?.reason == "RolloutPaused" || current?.status != .true
                    && current?.reason != RolloutCondition.timedOutReason {
            // Progress refreshes lastUpdateTime even when the reason is unchanged.
            let transition = current?.status == .true ? current?.lastTransitionTime : nil
            newStatus.conditions.removeAll { $0.type == .progressing }
            newStatus.setCondition(.progressing, .true, reason: "ReplicaSetUpdated", message: "ReplicaSet \"\(rsName)\" is progressing.", now: now)
            if let transition, let index = newStatus.conditions.firstIndex(where: { $0.type == .progressing }) {
                newStatus.conditions[index].lastTransitionTime = transition
            }
        } else if timedOut(newStatus) {
            newStatus.setCondition(.progressing, .false, reason: RolloutCondition.timedOutReason,
                                   message: "ReplicaSet \"\(rsName)\" has timed out progressing.", now: now)
        }
        let available = newStatus.availableReplicas >= replicas
        newStatus.setCondition(.available, available ? .true : .false, reason: "AvailableReason",
                               message: available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now: now)
        let completed = newStatus.isFullyPromoted
        if newStatus.setCondition(.completed, completed ? .true : .false, reason: "RolloutCompleted", message: "RolloutCompleted", now: now),
           !completed, observed.status.condition(.completed) != nil {
            emit("RolloutNotCompleted", "Rollout not completed, started update to revision \(revision) (\(newStatus.currentPodHash))")
        }
    }

    /// Argo: RolloutProgressing (utils/conditions/conditions.go): for blue-green the ready and
    /// available counts are the active ReplicaSet's, and a switch of the active Service or of the
    /// stable ReplicaSet is progress.
    func isProgressing() -> Bool {
        let old = observed.status
        let oldPods = { (s: RolloutStatus) in s.replicas - s.updatedReplicas }
        return old.updatedReplicas != newStatus.updatedReplicas
            || oldPods(newStatus) < oldPods(old)
            || newStatus.readyReplicas > old.readyReplicas
            || newStatus.availableReplicas > old.availableReplicas
            || old.blueGreen?.activeSelector != newStatus.blueGreen?.activeSelector
            || old.stableRS != newStatus.stableRS
    }

    var progressDeadline: SimDuration { .seconds(Int64(spec.progressDeadlineSecondsOrDefault)) }

    /// Argo: RolloutTimedOut (utils/conditions/conditions.go).
    func timedOut(_ status: RolloutStatus) -> Bool {
        if status.condition(.paused)?.status == .true { return false }
        guard let progressing = status.condition(.progressing) else { return false }
        if progressing.reason == RolloutCondition.timedOutReason { return true }
        if progressing.reason == RolloutCondition.abortedReason || progressing.reason == "RolloutPaused" { return false }
        return progressing.lastUpdateTime + progressDeadline < now
    }

    /// Argo: requeueStuckRollout — wake at the progress deadline + 1 s while the update is under way.
    mutating func requeueStuckRollout() {
        guard !newStatus.isFullyPromoted, !isAborted, !observed.status.promoteFull, newStatus.pauseConditions.isEmpty,
              let progressing = newStatus.condition(.progressing),
              progressing.reason != RolloutCondition.timedOutReason, progressing.reason != RolloutCondition.abortedReason else { return }
        let at = progressing.lastUpdateTime + progressDeadline + .seconds(1)
        if at > now { requeue(at: at) }
    }

    /// Argo: RolloutHealthy (utils/conditions/conditions.go), blue-green.
    func isHealthy(_ status: RolloutStatus) -> Bool {
        let bg = status.blueGreen ?? BlueGreenStatus()
        let previewDone = blueGreen.previewService == nil || bg.previewSelector == status.currentPodHash
        return status.updatedReplicas == replicas && status.availableReplicas == replicas && status.replicas == replicas
            && bg.activeSelector == status.currentPodHash && previewDone && status.isFullyPromoted
            && status.observedGeneration == observed.generation
    }

    /// The phase rules' view of a status.
    func phaseInputs(_ status: RolloutStatus) -> RolloutPhaseInputs {
        let post = status.blueGreen?.postPromotionAnalysisRun
        return RolloutPhaseInputs(
            generation: observed.generation, replicas: spec.replicas, paused: spec.paused,
            strategy: .blueGreen(hasPostPromotionAnalysis: blueGreen.postPromotionAnalysis != nil),
            phase: status.phase, message: status.message, observedGeneration: String(status.observedGeneration),
            controllerPause: status.controllerPause, conditions: status.phaseConditions,
            pauseConditions: status.pauseConditions.map(\.reason), statusReplicas: status.replicas,
            updatedReplicas: status.updatedReplicas, availableReplicas: status.availableReplicas,
            stableRS: status.stableRS, currentPodHash: status.currentPodHash,
            activeSelector: status.blueGreen?.activeSelector ?? "",
            postPromotionAnalysisCompleted: post.map { $0.phase.isCompleted } ?? false)
    }
}
