// AnalysisRuns from the canary Rollout's side: which runs exist, and what their phases do
// (reference §8). Argo: reconcileAnalysisRuns and friends (rollout/analysis.go).

extension CanaryReconciler {
    /// How long a failed AnalysisRun creation waits before the next try. Upstream retries through
    /// the work queue's rate-limited backoff; the simulator uses one fixed delay.
    static let analysisCreateRetry = SimDuration.seconds(10)

    mutating func reconcileAnalysisRuns() {
        let status = observed.status
        let stepRun = observed.analysisRun(named: status.currentStepAnalysisRun?.name)
        let backgroundRun = observed.analysisRun(named: status.currentBackgroundAnalysisRun?.name)
        let cancelCurrent = status.isFullyPromoted || isAborted || status.promoteFull || status.stableRS.isEmpty

        var newStepRun: AnalysisRun?
        var newBackgroundRun: AnalysisRun?
        if cancelCurrent {
            cancel(stepRun)
            cancel(backgroundRun)
        } else {
            newStepRun = reconcileStepBasedAnalysisRun(stepRun)
            newBackgroundRun = reconcileBackgroundAnalysisRun(backgroundRun)
        }
        // Runs that are no longer current are terminated.
        let current = Set([newStepRun?.name, newBackgroundRun?.name].compactMap { $0 })
        for run in observed.analysisRuns where !current.contains(run.name) {
            cancel(run)
        }
        emitStatusChange(previous: status.currentStepAnalysisRun, run: newStepRun, type: "Step")
        emitStatusChange(previous: status.currentBackgroundAnalysisRun, run: newBackgroundRun, type: "Background")
        newStatus.currentStepAnalysisRun = newStepRun.map { RolloutAnalysisRunStatus(name: $0.name, phase: $0.status.phase, message: $0.status.message) }
        newStatus.currentBackgroundAnalysisRun = newBackgroundRun.map {
            RolloutAnalysisRunStatus(name: $0.name, phase: $0.status.phase, message: $0.status.message)
        }
    }

    /// Argo: reconcileStepBasedAnalysisRun.
    mutating func reconcileStepBasedAnalysisRun(_ currentRun: AnalysisRun?) -> AnalysisRun? {
        let status = observed.status
        if !status.pauseConditions.isEmpty || status.abort { return currentRun }
        guard let (step, index) = currentStep, let analysis = step.analysis, !analysis.templates.isEmpty,
              currentRun == nil || currentRun?.label("step-index") == String(index) else {
            cancel(currentRun)
            return nil
        }
        if needsNewAnalysisRun(currentRun) {
            return createAnalysisRun(analysis, kind: .step(index: index))
        }
        guard let currentRun else { return nil }
        react(to: currentRun, abortPrefix: "Step-based analysis phase error/failed")
        return currentRun
    }

    /// Argo: reconcileBackgroundAnalysisRun.
    mutating func reconcileBackgroundAnalysisRun(_ currentRun: AnalysisRun?) -> AnalysisRun? {
        let status = observed.status
        guard let analysis = canary.analysis, !analysis.templates.isEmpty else {
            cancel(currentRun)
            return nil
        }
        // Argo: BeforeStartingStep — no run while the current step index is below startingStep.
        let beforeStartingStep = analysis.startingStep.map { (status.currentStepIndex ?? 0) < $0 } ?? false
        if status.isFullyPromoted || status.stableRS.isEmpty || status.currentPodHash.isEmpty || beforeStartingStep {
            return nil
        }
        if status.pauseCondition(.inconclusiveAnalysisRun) != nil { return currentRun }
        if needsNewAnalysisRun(currentRun) {
            return createAnalysisRun(analysis, kind: .background)
        }
        guard let currentRun else { return nil }
        react(to: currentRun, abortPrefix: "Background analysis phase error/failed")
        return currentRun
    }

    /// Inconclusive pauses, Failed and Error abort (reference §8.3).
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
        if status.controllerPause && status.pauseCondition(.canaryPauseStep) == nil && status.pauseCondition(.blueGreenPause) == nil {
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
            requeue(at: now + Self.analysisCreateRetry)
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
}
