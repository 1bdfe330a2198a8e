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

    /// A promotion clears the preview checkpoint.
    mutating func resetStrategyStatusOnPromotion() {
        newStatus.blueGreen?.scaleUpPreviewCheckPoint = false
    }

    // MARK: - persist

    /// The simulator applies no progress-deadline abort to blue-green rollouts.
    mutating func evaluateProgressDeadlineAbort() {}

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

    /// Argo: calculateRolloutConditions (rollout/sync.go). The Paused condition and the
    /// `RolloutPaused` reason are set here rather than in a pass of their own (checkPausedConditions).
    mutating func calculateConditions() {
        let isPaused = !newStatus.pauseConditions.isEmpty || spec.paused
        newStatus.setCondition(.paused, isPaused ? .true : .false, reason: "RolloutPaused", message: "Rollout is paused", now: now)
        let becameUnhealthy = setHealthyCondition(isPaused: isPaused)
        let current = newStatus.condition(.progressing)
        let rsName = newRS?.name ?? ""
        if isAborted {
            setAbortedCondition()
        } else if isHealthy(newStatus) {
            newStatus.setCondition(.progressing, .true, reason: "NewReplicaSetAvailable",
                                   message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: now)
        } else if isPaused {
            newStatus.setCondition(.progressing, .unknown, reason: "RolloutPaused", message: "Rollout is paused", now: now)
        } else if isProgressing() || becameUnhealthy || current?.reason == "RolloutPaused" || current?.status != .true
                    && current?.reason != RolloutCondition.timedOutReason {
            setProgressedCondition(reason: "ReplicaSetUpdated", message: "ReplicaSet \"\(rsName)\" is progressing.", current: current)
        } else if timedOut(newStatus) {
            newStatus.setCondition(.progressing, .false, reason: RolloutCondition.timedOutReason,
                                   message: "ReplicaSet \"\(rsName)\" has timed out progressing.", now: now)
        }
        setAvailableAndCompletedConditions(available: newStatus.availableReplicas >= replicas)
    }

    /// Argo: RolloutProgressing (utils/conditions/conditions.go): for blue-green the ready and
    /// available counts are the active ReplicaSet's, and a switch of the active Service or of the
    /// stable ReplicaSet is progress.
    func isProgressing() -> Bool {
        progressedPodsOrStable || observed.status.blueGreen?.activeSelector != newStatus.blueGreen?.activeSelector
    }

    /// Argo: RolloutHealthy (utils/conditions/conditions.go), blue-green.
    func isHealthy(_ status: RolloutStatus) -> Bool {
        let bg = status.blueGreen ?? BlueGreenStatus()
        let previewDone = blueGreen.previewService == nil || bg.previewSelector == status.currentPodHash
        return status.updatedReplicas == replicas && status.availableReplicas == replicas && status.replicas == replicas
            && bg.activeSelector == status.currentPodHash && previewDone && status.isFullyPromoted
            && status.observedGeneration == observed.generation
    }

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
