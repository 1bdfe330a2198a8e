// What the canary and blue-green reconcilers share: the state one pass builds up and the rules
// that read it the same way for either strategy — finding the ReplicaSets, scaling them, creating
// and terminating AnalysisRuns, and persisting the status (reference §1.2, §1.3, §8).

/// What a reconcile pass reads, whatever the strategy: ``ObservedCanary`` and ``ObservedBlueGreen``.
protocol ObservedRollout {
    var rollout: Rollout { get }
    var generation: Int { get }
    var templateHash: String { get }
    var status: RolloutStatus { get }
    var replicaSets: [ObservedReplicaSet] { get }
    var analysisRuns: [AnalysisRun] { get }
    var analysisTemplates: [AnalysisTemplate] { get }
    func analysisRun(named name: String?) -> AnalysisRun?
}

extension ObservedCanary: ObservedRollout {}
extension ObservedBlueGreen: ObservedRollout {}

extension AnalysisRun {
    /// The rollout status's record of this run.
    var rolloutStatus: RolloutAnalysisRunStatus {
        RolloutAnalysisRunStatus(name: name, phase: status.phase, message: status.message)
    }
}

/// One reconcile pass of either strategy: ``CanaryReconciler`` and ``BlueGreenReconciler``.
/// Argo: rolloutContext (rollout/context.go).
protocol RolloutReconciling {
    associatedtype Observed: ObservedRollout
    var observed: Observed { get }
    var now: VirtualTime { get }
    var spec: RolloutSpec { get }

    var newStatus: RolloutStatus { get set }
    var writes: [ControllerWrite] { get set }
    var events: [ControllerEvent] { get set }
    var requeueAt: VirtualTime? { get set }

    var newRS: ObservedReplicaSet? { get set }
    var stableRS: ObservedReplicaSet? { get set }
    var otherRSs: [ObservedReplicaSet] { get set }
    /// The rollout's revision: the new ReplicaSet's.
    var revision: Int { get set }

    // Argo: pauseContext (rollout/pause.go): what this pass adds to or removes from the pause and
    // abort fields, applied when the status is persisted.
    var addPauseReasons: [PauseReason] { get set }
    var removePauseReasons: [PauseReason] { get set }
    var clearPauseConditions: Bool { get set }
    var addAbort: Bool { get set }
    var removeAbort: Bool { get set }
    var abortMessage: String { get set }

    /// The pause conditions that, while the controller pause is set, keep a user's promotion from
    /// counting as "promoted past an Inconclusive run" (see ``needsNewAnalysisRun(_:)``).
    static var analysisPauseReasons: [PauseReason] { get }
    /// Whether a pause reason already persisted (even if this pass removes it) is not added again.
    static var skipsPersistedPauseReasons: Bool { get }
    /// Whether the progress-deadline requeue is set while pause conditions stand.
    static var requeuesStuckRolloutWhilePaused: Bool { get }

    /// The strategy's own status fields reset by a promotion to stable.
    mutating func resetStrategyStatusOnPromotion()
    mutating func calculateCounters()
    /// Argo: evaluateProgressDeadlineAbort (rollout/sync.go), where the strategy applies it.
    mutating func evaluateProgressDeadlineAbort()
    mutating func calculateConditions()
    func isHealthy(_ status: RolloutStatus) -> Bool
    /// The phase rules' view of a status.
    func phaseInputs(_ status: RolloutStatus) -> RolloutPhaseInputs
}

extension RolloutReconciling {
    var replicas: Int { spec.replicasOrDefault }
    var rolloutName: String { observed.rollout.metadata.name }

    /// Upstream's `IsAborted`: this pass's abort, or the persisted one unless this pass removed it.
    var isAborted: Bool { !removeAbort && (addAbort || observed.status.abort) }

    /// What ``reconcile(_:now:)`` returns.
    var reconciliation: CanaryReconciliation {
        CanaryReconciliation(status: newStatus, writes: writes, events: events, requeueAt: requeueAt)
    }

    mutating func requeue(at time: VirtualTime) {
        if let existing = requeueAt, existing <= time { return }
        requeueAt = time
    }

    mutating func emit(_ reason: String, _ message: String, warning: Bool = false) {
        events.append(ControllerEvent(reason, message, warning: warning))
    }

    /// Argo: newRolloutContext — an abort on a fully promoted rollout is dropped, which ends the
    /// pass. Returns whether it did.
    mutating func dropAbortOnFullyPromoted() -> Bool {
        guard observed.status.abort && observed.status.isFullyPromoted && observed.status.currentPodHash == observed.templateHash else {
            return false
        }
        newStatus.abort = false
        newStatus.abortedAt = nil
        return true
    }

    // MARK: - replica sets

    /// Finds the new, stable and other ReplicaSets; creates the new one when no ReplicaSet matches
    /// the template (the pass then ends) and gives a reused one the next revision.
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
            // A template that matches an older ReplicaSet (undo): it is reused with the next revision.
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

    /// Scales when the count differs and records `ScalingReplicaSet`. Argo: scaleReplicaSetAndRecordEvent.
    mutating func scale(_ rs: ObservedReplicaSet, to count: Int) -> Bool {
        guard rs.specReplicas != count else { return false }
        writes.append(.scaleReplicaSet(rs.id, to: count))
        let direction = count > rs.specReplicas ? "up" : "down"
        emit("ScalingReplicaSet", "Scaled \(direction) ReplicaSet \(rs.name) (revision \(rs.revision)) from \(rs.specReplicas) to \(count)")
        return true
    }

    // MARK: - analysis

    /// Whether the current AnalysisRuns are terminated rather than reconciled.
    var cancelsCurrentAnalysisRuns: Bool {
        let status = observed.status
        return status.isFullyPromoted || isAborted || status.promoteFull || status.stableRS.isEmpty
    }

    /// Runs that are no longer current are terminated.
    mutating func cancelAnalysisRuns(otherThan current: [AnalysisRun?]) {
        let names = Set(current.compactMap { $0?.name })
        for run in observed.analysisRuns where !names.contains(run.name) {
            cancel(run)
        }
    }

    /// Inconclusive pauses, Failed and Error abort (reference §8.3).
    /// Argo: setPauseOrAbort / setPauseOrAbortForBlueGreen.
    mutating func react(to run: AnalysisRun, abortPrefix: String) {
        switch run.status.phase {
        case .inconclusive:
            addPauseReasons.append(.inconclusiveAnalysisRun)
        case .failed, .error:
            addAbort = true
            abortMessage = run.status.message.isEmpty ? abortPrefix : abortPrefix + ": " + run.status.message
        case .unset, .pending, .running, .successful:
            break
        }
    }

    /// Argo: needsNewAnalysisRun — none yet; the user promoted past an Inconclusive run; or the
    /// first pass after a retry (`abortedAt` still set).
    func needsNewAnalysisRun(_ run: AnalysisRun?) -> Bool {
        guard let run else { return true }
        let status = observed.status
        if status.controllerPause && Self.analysisPauseReasons.allSatisfy({ status.pauseCondition($0) == nil }) {
            return run.status.phase == .inconclusive
        }
        return status.abortedAt != nil
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
            // Upstream logs the error and retries; the rollout is neither aborted nor Degraded.
            emit("AnalysisRunCreateError", "Failed to create AnalysisRun: \(error.message)", warning: true)
            requeue(at: now + CanaryReconciler.analysisCreateRetry)
            return nil
        }
    }

    mutating func cancel(_ run: AnalysisRun?) {
        guard let run, !run.status.phase.isCompleted, !run.spec.terminate else { return }
        writes.append(.terminateAnalysisRun(name: run.name))
    }

    /// `AnalysisRun<Phase>` when a current run's phase differs from the one recorded in status.
    /// Argo: emitAnalysisRunStatusChanges.
    mutating func emitStatusChange(previous: RolloutAnalysisRunStatus?, run: AnalysisRun?, type: String) {
        guard let run, run.status.phase != .unset else { return }
        guard previous == nil || (previous?.name == run.name && previous?.phase != run.status.phase) else { return }
        let previousText = previous.map { $0.phase.rawValue } ?? "NoPreviousStatus"
        let phase = run.status.phase.rawValue
        emit("AnalysisRun" + phase, "\(type) Analysis Run '\(run.name)' Status New: '\(phase)' Previous: '\(previousText)'",
             warning: run.status.phase == .failed || run.status.phase == .error)
    }

    // MARK: - promotion and persist

    /// Argo: promoteStable (rollout/sync.go).
    mutating func promoteStable(reason: String) {
        clearPauseConditions = true
        removeAbort = true
        newStatus.promoteFull = false
        resetStrategyStatusOnPromotion()
        if newStatus.stableRS != newStatus.currentPodHash {
            newStatus.stableRS = newStatus.currentPodHash
            emit("RolloutCompleted", "Rollout completed update to revision \(revision) (\(newStatus.currentPodHash)): \(reason)")
        }
    }

    /// Argo: persistRolloutStatus (rollout/sync.go): observed generation, counters, progress-deadline
    /// abort, abort and pause fields, conditions, phase; events for pause and resume.
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
        for reason in addPauseReasons where !(Self.skipsPersistedPauseReasons && observed.status.pauseCondition(reason) != nil)
            && !conditions.contains(where: { $0.reason == reason }) {
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

    // MARK: - conditions

    /// The Healthy condition; returns whether it went false in this pass.
    mutating func setHealthyCondition(isPaused: Bool) -> Bool {
        let previousHealthy = observed.status.condition(.healthy)
        var becameUnhealthy = false
        if !isPaused && isHealthy(newStatus) {
            newStatus.setCondition(.healthy, .true, reason: "RolloutHealthy", message: "Rollout is healthy", now: now)
        } else if previousHealthy != nil {
            becameUnhealthy = newStatus.setCondition(.healthy, .false, reason: "RolloutHealthy", message: "Rollout is not healthy", now: now)
        }
        return becameUnhealthy
    }

    /// Progressing False with the abort reason; `RolloutAborted` when it changed.
    mutating func setAbortedCondition() {
        var message = "Rollout aborted update to revision \(revision)"
        if !abortMessage.isEmpty { message += ": " + abortMessage }
        if newStatus.setCondition(.progressing, .false, reason: RolloutCondition.abortedReason, message: message, now: now) {
            emit("RolloutAborted", message, warning: true)
        }
    }

    /// Progressing True after progress: this refreshes lastUpdateTime even when the reason is
    /// unchanged, keeping the transition time of a `current` condition that was already True.
    mutating func setProgressedCondition(reason: String, message: String, current: RolloutConditionRecord?) {
        let transition = current?.status == .true ? current?.lastTransitionTime : nil
        newStatus.conditions.removeAll { $0.type == .progressing }
        newStatus.setCondition(.progressing, .true, reason: reason, message: message, now: now)
        if let transition, let index = newStatus.conditions.firstIndex(where: { $0.type == .progressing }) {
            newStatus.conditions[index].lastTransitionTime = transition
        }
    }

    /// The Available and Completed conditions; `RolloutNotCompleted` when an update starts.
    mutating func setAvailableAndCompletedConditions(available: Bool) {
        newStatus.setCondition(.available, available ? .true : .false, reason: "AvailableReason",
                               message: available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", now: now)
        let completed = newStatus.isFullyPromoted
        if newStatus.setCondition(.completed, completed ? .true : .false, reason: "RolloutCompleted", message: "RolloutCompleted", now: now),
           !completed, observed.status.condition(.completed) != nil {
            emit("RolloutNotCompleted", "Rollout not completed, started update to revision \(revision) (\(newStatus.currentPodHash))")
        }
    }

    /// The part of Argo's RolloutProgressing (utils/conditions/conditions.go) both strategies share:
    /// pod counts moved, or the stable ReplicaSet changed.
    var progressedPodsOrStable: Bool {
        let old = observed.status
        let oldPods = { (s: RolloutStatus) in s.replicas - s.updatedReplicas }
        return old.updatedReplicas != newStatus.updatedReplicas
            || oldPods(newStatus) < oldPods(old)
            || newStatus.readyReplicas > old.readyReplicas
            || newStatus.availableReplicas > old.availableReplicas
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

    /// Argo: requeueStuckRollout — wake at the progress deadline + 1 s, unless the rollout is
    /// complete, already timed out, aborted or fully promoting. (Upstream requeues at once when the
    /// deadline is less than a second away; a deadline already past needs no timer here.)
    mutating func requeueStuckRollout() {
        guard !newStatus.isFullyPromoted, !isAborted, !observed.status.promoteFull,
              Self.requeuesStuckRolloutWhilePaused || newStatus.pauseConditions.isEmpty,
              let progressing = newStatus.condition(.progressing),
              progressing.reason != RolloutCondition.timedOutReason, progressing.reason != RolloutCondition.abortedReason else { return }
        let at = progressing.lastUpdateTime + progressDeadline + .seconds(1)
        if at > now { requeue(at: at) }
    }
}
