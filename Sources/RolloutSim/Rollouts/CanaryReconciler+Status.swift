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

    /// Argo: promoteStable (rollout/sync.go).
    mutating func promoteStable(reason: String) {
        clearPauseConditions = true
        removeAbort = true
        newStatus.promoteFull = false
        newStatus.currentStepIndex = steps.isEmpty ? nil : steps.count
        if newStatus.stableRS != newStatus.currentPodHash {
            newStatus.stableRS = newStatus.currentPodHash
            emit("RolloutCompleted", "Rollout completed update to revision \(revision) (\(newStatus.currentPodHash)): \(reason)")
        }
    }

    // MARK: - persist

    /// Argo: persistRolloutStatus (rollout/sync.go): observed generation, progress-deadline abort,
    /// abort and pause fields, conditions, phase; events for pause and resume.
    mutating func persist() {
        newStatus.observedGeneration = observed.generation
        calculateCounters()
        evaluateProgressDeadlineAbort()
        calculatePauseStatus()
        calculateConditions()
        let phase = RolloutPhase.calculate(phaseInputs(newStatus))
        newStatus.phase = phase.phase
        newStatus.message = phase.message
        sendStateChangeEvents()
        requeueStuckRollout()
    }

    mutating func calculateCounters() {
        let all = observed.replicaSets
        newStatus.replicas = all.reduce(0) { $0 + $1.status.replicas }
        newStatus.readyReplicas = all.reduce(0) { $0 + $1.status.readyReplicas }
        newStatus.availableReplicas = all.reduce(0) { $0 + $1.status.availableReplicas }
        newStatus.updatedReplicas = newRS?.status.replicas ?? 0
    }

    /// Argo: CalculatePauseStatus, CalculateAbortStatus, CalculatePauseConditions (rollout/pause.go).
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
        for reason in addPauseReasons where observed.status.pauseCondition(reason) == nil && !conditions.contains(where: { $0.reason == reason }) {
            conditions.append(PauseCondition(reason: reason, startTime: now.truncatedToSecond))
            controllerPause = true
        }
        newStatus.pauseConditions = conditions
        newStatus.controllerPause = conditions.isEmpty ? false : controllerPause
    }

    /// `RolloutPaused` / `RolloutResumed`. Argo: sendStateChangeEvents (rollout/sync.go).
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

    /// Argo: calculateRolloutConditions (rollout/sync.go).
    mutating func calculateConditions() {
        let isPaused = !newStatus.pauseConditions.isEmpty || spec.paused
        let previousHealthy = observed.status.condition(.healthy)
        var becameUnhealthy = false
        if !isPaused && isHealthy(newStatus) {
            newStatus.setCondition(.healthy, .true, reason: "RolloutHealthy", message: "Rollout is healthy", now: now)
        } else if previousHealthy != nil {
            becameUnhealthy = newStatus.setCondition(.healthy, .false, reason: "RolloutHealthy", message: "Rollout is not healthy", now: now)
        }
        if isAborted {
            var message = "Rollout aborted update to revision \(revision)"
            if !abortMessage.isEmpty { message += ": " + abortMessage }
            if newStatus.setCondition(.progressing, .false, reason: RolloutCondition.abortedReason, message: message, now: now) {
                emit("RolloutAborted", message, warning: true)
            }
        }
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
                // Progress refreshes lastUpdateTime even when the reason is unchanged.
                let transition = current?.status == .true ? current?.lastTransitionTime : nil
                newStatus.conditions.removeAll { $0.type == .progressing }
                newStatus.setCondition(.progressing, .true, reason: reason, message: message, now: now)
                if let transition, let index = newStatus.conditions.firstIndex(where: { $0.type == .progressing }) {
                    newStatus.conditions[index].lastTransitionTime = transition
                }
            } else if !isIndefiniteStep && !isWaitingForScaleDown && timedOut(newStatus) {
                newStatus.setCondition(.progressing, .false, reason: RolloutCondition.timedOutReason,
                                       message: "ReplicaSet \"\(rsName)\" has timed out progressing.", now: now)
            }
        }
        let available = observed.replicaSets.reduce(0) { $0 + $1.status.availableReplicas } >= replicas
        newStatus.setCondition(.available, available ? .true : .false, reason: "AvailableReason",
                               message: available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now: now)
        let completed = newStatus.isFullyPromoted
        if newStatus.setCondition(.completed, completed ? .true : .false, reason: "RolloutCompleted", message: "RolloutCompleted", now: now),
           !completed, observed.status.condition(.completed) != nil {
            emit("RolloutNotCompleted", "Rollout not completed, started update to revision \(revision) (\(newStatus.currentPodHash))")
        }
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
        let oldPods = { (s: RolloutStatus) in s.replicas - s.updatedReplicas }
        return old.updatedReplicas != newStatus.updatedReplicas
            || oldPods(newStatus) < oldPods(old)
            || newStatus.readyReplicas > old.readyReplicas
            || newStatus.availableReplicas > old.availableReplicas
            || old.stableRS != newStatus.stableRS
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

    var progressDeadline: SimDuration { .seconds(Int64(spec.progressDeadlineSecondsOrDefault)) }

    /// Argo: RolloutTimedOut (utils/conditions/conditions.go).
    func timedOut(_ status: RolloutStatus) -> Bool {
        if status.condition(.paused)?.status == .true { return false }
        guard let progressing = status.condition(.progressing) else { return false }
        if progressing.reason == RolloutCondition.timedOutReason { return true }
        if progressing.reason == RolloutCondition.abortedReason || progressing.reason == "RolloutPaused" { return false }
        return progressing.lastUpdateTime + progressDeadline < now
    }

    /// Argo: evaluateProgressDeadlineAbort (rollout/sync.go): from the persisted status.
    mutating func evaluateProgressDeadlineAbort() {
        guard spec.progressDeadlineAbort, !isAborted, !newStatus.isFullyPromoted, !isIndefiniteStep, !isProgressing(),
              timedOut(observed.status) else { return }
        addAbort = true
        abortMessage = "ReplicaSet \"\(newRS?.name ?? "")\" has timed out progressing."
    }

    /// Argo: requeueStuckRollout — wake at the progress deadline + 1 s, unless the rollout is
    /// complete, already timed out, aborted or fully promoting. (Upstream requeues at once when the
    /// deadline is less than a second away; a deadline already past needs no timer here.)
    mutating func requeueStuckRollout() {
        guard !newStatus.isFullyPromoted, !isAborted, !observed.status.promoteFull,
              let progressing = newStatus.condition(.progressing),
              progressing.reason != RolloutCondition.timedOutReason, progressing.reason != RolloutCondition.abortedReason else { return }
        let at = progressing.lastUpdateTime + progressDeadline + .seconds(1)
        if at > now { requeue(at: at) }
    }

    /// The phase rules' view of a status.
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
