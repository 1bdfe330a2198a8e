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

        var newStepRun: AnalysisRun?
        var newBackgroundRun: AnalysisRun?
        if cancelsCurrentAnalysisRuns {
            cancel(stepRun)
            cancel(backgroundRun)
        } else {
            newStepRun = reconcileStepBasedAnalysisRun(stepRun)
            newBackgroundRun = reconcileBackgroundAnalysisRun(backgroundRun)
        }
        cancelAnalysisRuns(otherThan: [newStepRun, newBackgroundRun])
        emitStatusChange(previous: status.currentStepAnalysisRun, run: newStepRun, type: "Step")
        emitStatusChange(previous: status.currentBackgroundAnalysisRun, run: newBackgroundRun, type: "Background")
        newStatus.currentStepAnalysisRun = newStepRun.map(\.rolloutStatus)
        newStatus.currentBackgroundAnalysisRun = newBackgroundRun.map(\.rolloutStatus)
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
}
