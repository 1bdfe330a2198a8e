/// The canary weight a traffic-routed reconcile hands to its routers, and why (reference §5.1).
///
/// This is `desiredWeight` in the contract's vocabulary: what the controller asks for, out of
/// `maxWeight`. What a provider then holds (`routerWeight`) and the share of requests the canary
/// really gets (`effectiveShare`) are the Traffic layer's business.
public struct DesiredWeight: Sendable, Equatable {
    /// Which case of `reconcileTrafficRouting` decided the weight; the first match wins.
    public enum Reason: Sendable, Equatable {
        /// Fully promoted, but a dynamicStableScale update was reverted mid-way: traffic is balanced
        /// between the previously recorded canary (`previousCanaryHash`) and the stable.
        case dynamicRollbackToStable(previousCanaryHash: String)
        /// stable == current: everything goes to the stable.
        case fullyPromoted
        /// The abort weight of §5.4.
        case aborted
        /// The new RS is missing or has no available pod: never send traffic to it.
        case canaryUnavailable
        /// `status.promoteFull`: the weight does not jump; the cut-over is the stable Service switch.
        case promoteFull
        /// The canary is not yet at the current step's counts: keep the previous setWeight.
        case canaryNotAtDesiredCounts
        /// The current step's setWeight (`GetCurrentSetWeight`).
        case currentStep
        /// Every step done: `maxWeight`.
        case allStepsDone
        /// No steps: 0 until promotion.
        case noSteps
    }

    public var desiredWeight: Int
    public var reason: Reason

    public init(desiredWeight: Int, reason: Reason) {
        self.desiredWeight = desiredWeight
        self.reason = reason
    }

    /// Whether header and mirror managed routes are removed this pass.
    public var removesManagedRoutes: Bool {
        switch reason {
        case .fullyPromoted, .aborted, .canaryUnavailable, .promoteFull: return true
        case .dynamicRollbackToStable, .canaryNotAtDesiredCounts, .currentStep, .allStepsDone, .noSteps: return false
        }
    }

    /// Whether this pass points the canary Service's selector at the stable RS (with no
    /// availability check): when aborted, unless dynamicStableScale still has canary weight to drain.
    public func pointsCanaryServiceAtStable(dynamicStableScale: Bool) -> Bool {
        guard reason == .aborted else { return false }
        return !dynamicStableScale || desiredWeight == 0
    }

    /// Whether the router must get the weight *before* the hash update (Istio DestinationRule), so
    /// traffic is never pointed at a canary with no pods: the new RS is missing or has no available
    /// pod and a canary weight above 0 was recorded. Argo: reconcileTrafficRouting.
    public static func setsWeightBeforeHashUpdate(newRS: ReplicaSetCounts?, recordedWeights: RecordedTrafficWeights?) -> Bool {
        let canaryEmpty = newRS.map { $0.availableReplicas == 0 } ?? true
        return canaryEmpty && (recordedWeights?.canaryWeight ?? 0) > 0
    }

    /// Whether running experiment destinations are sent beside the canary weight.
    public var includesExperimentDestinations: Bool {
        switch reason {
        case .canaryUnavailable, .canaryNotAtDesiredCounts, .currentStep: return true
        case .dynamicRollbackToStable, .fullyPromoted, .aborted, .promoteFull, .allStepsDone, .noSteps: return false
        }
    }
}

extension DesiredWeight {
    /// The weight for this reconcile. Argo: reconcileTrafficRouting (rollout/trafficrouting.go).
    ///
    /// - Parameters:
    ///   - newRS: the ReplicaSet of the current pod template, if it exists.
    ///   - recordedWeights: `status.canary.weights` as persisted before this pass.
    public static func forReconcile(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, otherRSs: [ReplicaSetCounts],
        recordedWeights: RecordedTrafficWeights?
    ) -> DesiredWeight {
        if let previousHash = dynamicRollbackCanaryHash(rollout, newRS: newRS, recordedWeights: recordedWeights) {
            let weight = onAbortOrStableRollback(rollout, newRS: newRS, stableRS: stableRS, recordedWeights: recordedWeights)
            return DesiredWeight(desiredWeight: weight, reason: .dynamicRollbackToStable(previousCanaryHash: previousHash))
        }
        if rollout.isFullyPromoted {
            return DesiredWeight(desiredWeight: 0, reason: .fullyPromoted)
        }
        if rollout.abort {
            let weight = onAbortOrStableRollback(rollout, newRS: newRS, stableRS: stableRS, recordedWeights: recordedWeights)
            return DesiredWeight(desiredWeight: weight, reason: .aborted)
        }
        guard let newRS, newRS.availableReplicas > 0 else {
            return DesiredWeight(desiredWeight: 0, reason: .canaryUnavailable)
        }
        if rollout.promoteFull {
            // Why: with dynamicStableScale the canary may only take the traffic its available pods
            // can carry; otherwise the recorded weight holds until the Service cut-over.
            // (Upstream divides by spec.replicas and would panic at 0; 0 replicas keep weight 0 here.)
            let weight = rollout.dynamicStableScale
                ? (rollout.replicas == 0 ? 0 : rollout.maxWeight * newRS.availableReplicas / rollout.replicas)
                : (recordedWeights?.canaryWeight ?? 0)
            return DesiredWeight(desiredWeight: weight, reason: .promoteFull)
        }
        guard !rollout.steps.isEmpty else {
            return DesiredWeight(desiredWeight: 0, reason: .noSteps)
        }
        let index = rollout.currentStepIndex ?? 0
        let atDesired = CanaryReplicaCounts.atDesiredReplicaCounts(
            rollout, newRS: newRS, stableRS: stableRS, otherRSs: otherRSs, weights: nil)
        if !atDesired {
            // The router keeps the previous step's weight until the canary is scaled and available.
            let previous = rollout.steps.prefix(max(0, min(index, rollout.steps.count))).reversed()
                .first { $0.setWeight != nil }?.setWeight ?? 0
            return DesiredWeight(desiredWeight: previous, reason: .canaryNotAtDesiredCounts)
        }
        if index != rollout.steps.count {
            return DesiredWeight(desiredWeight: rollout.currentSetWeight, reason: .currentStep)
        }
        return DesiredWeight(desiredWeight: rollout.maxWeight, reason: .allStepsDone)
    }

    /// The previously recorded canary hash when a dynamicStableScale update is being reverted to the
    /// stable, else nil. Argo: IsDynamicallyRollingBackToStable (utils/rollout/rolloututil.go).
    public static func dynamicRollbackCanaryHash(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, recordedWeights: RecordedTrafficWeights?
    ) -> String? {
        guard rollout.isFullyPromoted, rollout.isTrafficRouted, rollout.dynamicStableScale,
              let recordedWeights, let newRS else { return nil }
        guard recordedWeights.canaryPodTemplateHash != newRS.podTemplateHash,
              newRS.availableReplicas < rollout.replicas else { return nil }
        return recordedWeights.canaryPodTemplateHash
    }

    /// The weight while aborted or rolling back to stable. Argo: calculateDesiredWeightOnAbortOrStableRollback
    /// (rollout/trafficrouting.go), reference §5.4.
    ///
    /// Without dynamicStableScale (or without both ReplicaSets, or with R = 0) it is 0 at once. With
    /// it, the reverse-ladder weight, never above what the stable's available pods leave uncovered
    /// once a weight was recorded, and never going up again.
    public static func onAbortOrStableRollback(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, recordedWeights: RecordedTrafficWeights?
    ) -> Int {
        guard rollout.dynamicStableScale, let stableRS, newRS != nil, rollout.replicas != 0 else { return 0 }
        let maxWeight = rollout.maxWeight
        let desired = rollout.desiredCanaryWeight(newRS: newRS, stableRS: stableRS)
        let stableCoveredWeight = maxWeight * stableRS.availableReplicas / rollout.replicas
        let expected = max(0, maxWeight - stableCoveredWeight)
        guard let current = recordedWeights?.canaryWeight else {
            return max(expected, desired)
        }
        if desired <= 0 {
            // Why: a flapping stable (pod restarts) must not push the weight back up.
            return min(expected, current)
        }
        if stableCoveredWeight < maxWeight - desired {
            // The stable is still scaling up; hold the canary weight.
            return current
        }
        return min(desired, current)
    }

    /// Whether the stable has the pods to take `maxWeight − desiredWeight`. When it does not (and
    /// the replicaProgressThreshold is not met either) the router is not touched this pass, and it is
    /// never touched without a stable RS. Argo: checkReplicasAvailable (rollout/trafficrouting.go).
    public static func stableCanTake(_ rollout: CanaryInputs, stableRS: ReplicaSetCounts?, desiredWeight: Int) -> Bool {
        guard let stableRS else { return false }
        let stableWeight = rollout.maxWeight - desiredWeight
        // (Upstream would panic on a maxTrafficWeight of 0; here the gate then needs no pods.)
        let needed = rollout.maxWeight == 0 ? 0 : stableWeight * rollout.replicas / rollout.maxWeight
        if stableRS.availableReplicas < needed
            && !CanaryReplicaCounts.replicaProgressThresholdMet(rollout.replicaProgressThreshold, stableRS, desired: needed) {
            return false
        }
        return true
    }

    /// `status.canary.weights.stable.weight`: maxWeight − canary − Σ additional (experiment)
    /// destinations. Argo: calculateWeightStatus (rollout/trafficrouting.go).
    public static func recordedStableWeight(maxWeight: Int, desiredWeight: Int, additionalWeights: [Int]) -> Int {
        additionalWeights.reduce(maxWeight - desiredWeight, -)
    }
}
