// The end of a canary pass: the pause step, step completion, promotion, and the persisted status
// with its pause/abort fields, conditions and phase (reference §1.3, §6.3–§6.8).

extension CanaryReconciler {
    /// A strict timer (`now > t + d`) fires this long after `t + d`: virtual time is in whole
    /// milliseconds, so the first instant strictly after is one millisecond later (reference §1.3).
    static let strictEpsilon = SimDuration(milliseconds: 1)

    /// Returns whether the rollout waits at a pause step, which ends the pass.
    /// Argo: reconcileCanaryPause (rollout/canary.go).
    mutating func reconcileCanaryPause() -> Bool {
        if spec.paused || observed.status.promoteFull { return false }
        guard let (step, _) = currentStep, let pause = step.pause else { return false }
        guard let condition = observed.status.pauseCondition(.canaryPauseStep) else {
            // The pause clock starts at the first pass that reaches the step.
            if !observed.status.controllerPause { addPauseReasons.append(.canaryPauseStep) }
            return true
        }
        if let seconds = pause.durationSeconds, seconds >= 0 {
            requeue(at: condition.startTime + .seconds(Int64(seconds)) + Self.strictEpsilon)
        }
        return true
    }

    /// Argo: syncRolloutStatusCanary (rollout/canary.go), the branch after the reset check.
    mutating func syncRolloutStatus() {
        var index = observed.status.currentStepIndex
        if observed.status.promoteFull {
            clearPauseConditions = true
            removeAbort = true
            if !steps.isEmpty { index = steps.count }
        }
        if let reason = shouldFullPromote() {
            promoteStable(reason: reason)
            persist()
            return
        }
        if isAborted {
            if !steps.isEmpty {
                newStatus.currentStepIndex = newStatus.stableRS == newStatus.currentPodHash ? steps.count : 0
            }
            persist()
            return
        }
        if let (step, stepIndex) = currentStep, completedCurrentCanaryStep(step) {
            let completed = stepIndex + 1
            index = completed
            if step.experiment != nil || step.plugin != nil {
                // The simulator does not run Experiments or step plugins; the step counts as Successful.
                emit("StepNotSimulated", "Step \(completed)/\(steps.count) (\(Self.stepString(step))) is not simulated; treated as Successful")
            }
            newStatus.currentStepAnalysisRun = nil
            emit("RolloutStepCompleted", "Rollout step \(completed)/\(steps.count) completed (\(Self.stepString(step)))")
            removePauseReasons.append(.canaryPauseStep)
        }
        newStatus.currentStepIndex = index
        persist()
    }

    /// Argo: completedCurrentCanaryStep (rollout/canary.go).
    func completedCurrentCanaryStep(_ step: CanaryStep) -> Bool {
        if spec.paused { return false }
        guard let action = step.action else { return false }
        switch action {
        case .pause(let pause):
            // Argo: CompletedCanaryPauseStep (rollout/pause.go).
            let condition = observed.status.pauseCondition(.canaryPauseStep)
            if observed.status.controllerPause && condition == nil { return true }
            if let seconds = pause.durationSeconds, seconds >= 0, let condition {
                return now > condition.startTime + .seconds(Int64(seconds))
            }
            return false
        case .setWeight, .setCanaryScale:
            return CanaryReplicaCounts.atDesiredReplicaCounts(inputs, newRS: newRS?.counts, stableRS: stableRS?.counts,
                                                             otherRSs: otherRSs.map(\.counts), weights: newStatus.weights?.recorded)
        case .analysis:
            return newStatus.currentStepAnalysisRun?.phase == .successful
        case .experiment, .plugin:
            // Not simulated: the step completes as if its Experiment or plugin succeeded at once.
            return true
        case .setHeaderRoute, .setMirrorRoute:
            return true
        }
    }

    /// Argo: shouldFullPromote (rollout/sync.go), canary branch.
    func shouldFullPromote() -> String? {
        if newStatus.stableRS.isEmpty { return "Initial deploy" }
        if isAborted { return nil }
        guard let newRS else { return nil }
        if newRS.status.availableReplicas < replicas
            && !CanaryReplicaCounts.replicaProgressThresholdMet(inputs.replicaProgressThreshold, newRS.counts, desired: replicas) {
            return nil
        }
        if observed.status.promoteFull { return "Full promotion requested" }
        let index = observed.status.currentStepIndex
        if steps.isEmpty || index == steps.count { return "Completed all \(steps.count) canary steps" }
        return nil
    }

    /// A promotion skips every remaining step.
    mutating func resetStrategyStatusOnPromotion() {
        newStatus.currentStepIndex = steps.isEmpty ? nil : steps.count
    }

    // MARK: - persist

    mutating func calculateCounters() {
        let all = observed.replicaSets
        newStatus.replicas = all.reduce(0) { $0 + $1.status.replicas }
        newStatus.readyReplicas = all.reduce(0) { $0 + $1.status.readyReplicas }
        newStatus.availableReplicas = all.reduce(0) { $0 + $1.status.availableReplicas }
        newStatus.updatedReplicas = newRS?.status.replicas ?? 0
    }

    /// Argo: calculateRolloutConditions (rollout/sync.go).
    mutating func calculateConditions() {
        let isPaused = !newStatus.pauseConditions.isEmpty || spec.paused
        let becameUnhealthy = setHealthyCondition(isPaused: isPaused)
        if isAborted { setAbortedCondition() }
        let current = observed.status.condition(.progressing)
        let healthyRollout = newStatus.replicas == newStatus.availableReplicas && current?.reason == "NewReplicaSetAvailable"
            && current?.type != .progressing
        if !healthyRollout && !isAborted {
            let rsName = newRS?.name ?? ""
            if isHealthy(newStatus) {
                newStatus.setCondition(.progressing, .true, reason: "NewReplicaSetAvailable",
                                       message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: now)
            } else if isProgressing() || becameUnhealthy {
                let notAvailable = newStatus.stableRS == newStatus.currentPodHash && becameUnhealthy
                let reason = notAvailable ? "ReplicaSetNotAvailable" : "ReplicaSetUpdated"
                let message = notAvailable ? "Rollout does not have minimum availability" : "ReplicaSet \"\(rsName)\" is progressing."
                setProgressedCondition(reason: reason, message: message, current: current)
            } else if !isIndefiniteStep && !isWaitingForScaleDown && timedOut(newStatus) {
                newStatus.setCondition(.progressing, .false, reason: RolloutCondition.timedOutReason,
                                       message: "ReplicaSet \"\(rsName)\" has timed out progressing.", now: now)
            }
        }
        setAvailableAndCompletedConditions(available: observed.replicaSets.reduce(0) { $0 + $1.status.availableReplicas } >= replicas)
    }

    /// Argo: RolloutHealthy (utils/conditions/conditions.go), canary.
    func isHealthy(_ status: RolloutStatus) -> Bool {
        let stepsDone = steps.isEmpty || status.currentStepIndex == steps.count
        return status.updatedReplicas == replicas && status.availableReplicas == replicas && status.replicas == replicas
            && stepsDone && status.isFullyPromoted && status.observedGeneration == observed.generation
    }

    /// Argo: RolloutProgressing (utils/conditions/conditions.go).
    func isProgressing() -> Bool {
        let old = observed.status
        return progressedPodsOrStable
            || old.currentStepIndex != newStatus.currentStepIndex
            || old.currentStepHash != newStatus.currentStepHash
    }

    /// Pause, analysis and experiment steps are exempt from the progress deadline.
    var isIndefiniteStep: Bool {
        guard let (step, _) = currentStep, let action = step.action else { return false }
        switch action {
        case .pause, .analysis, .experiment: return true
        case .setWeight, .setCanaryScale, .setHeaderRoute, .setMirrorRoute, .plugin: return false
        }
    }

    var isWaitingForScaleDown: Bool { otherRSs.contains { $0.scaleDownDeadline != nil } }

    /// Argo: evaluateProgressDeadlineAbort (rollout/sync.go): from the persisted status.
    mutating func evaluateProgressDeadlineAbort() {
        guard spec.progressDeadlineAbort, !isAborted, !newStatus.isFullyPromoted, !isIndefiniteStep, !isProgressing(),
              timedOut(observed.status) else { return }
        addAbort = true
        abortMessage = "ReplicaSet \"\(newRS?.name ?? "")\" has timed out progressing."
    }

    func phaseInputs(_ status: RolloutStatus) -> RolloutPhaseInputs {
        RolloutPhaseInputs(
            generation: observed.generation, replicas: spec.replicas, paused: spec.paused,
            strategy: .canary(isTrafficRouted: isTrafficRouted),
            phase: status.phase, message: status.message, observedGeneration: String(status.observedGeneration),
            controllerPause: status.controllerPause, conditions: status.phaseConditions,
            pauseConditions: status.pauseConditions.map(\.reason), statusReplicas: status.replicas,
            updatedReplicas: status.updatedReplicas, availableReplicas: status.availableReplicas,
            stableRS: status.stableRS, currentPodHash: status.currentPodHash)
    }
}
