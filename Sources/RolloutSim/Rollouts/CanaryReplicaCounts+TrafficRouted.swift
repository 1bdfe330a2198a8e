// MARK: - Traffic-routed canary

extension CanaryReplicaCounts {
    /// Counts for a canary with trafficRouting. Argo: CalculateReplicaCountsForTrafficRoutedCanary
    /// (utils/replicaset/canary.go), reference §4.3.
    ///
    /// maxSurge and maxUnavailable do not apply: the canary goes to its full count in one pass.
    /// The canary is `setCanaryScale.replicas` (even above R, and without minPods) or
    /// ceil(W·R/M) raised to minPods. Without dynamicStableScale the stable stays at R. With it,
    /// the stable is ceil((M−W)·R/M) but never below what the recorded stable weight still needs,
    /// and while aborted the canary never drops below what the recorded canary weight still needs;
    /// both are then raised to minPods.
    ///
    /// - Parameter weights: the recorded `status.canary.weights`, or nil. The controller passes
    ///   the previously persisted weights when sizing the stable, so the stable lags the router by
    ///   one reconcile (pitfall §15.5).
    public static func trafficRoutedCanary(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, weights: RecordedTrafficWeights?
    ) -> CanaryReplicaCounts {
        let specReplicas = rollout.replicas
        let maxWeight = rollout.maxWeight
        let target = rollout.canaryTarget(newRS: newRS, stableRS: stableRS)
        var canaryCount: Int
        switch target {
        case .replicas(let count):
            canaryCount = count
        case .weight(let weight):
            canaryCount = minPodsPerReplicaSet(
                rollout, trafficWeightToReplicas(replicas: specReplicas, weight: weight, maxWeight: maxWeight))
        }
        guard rollout.dynamicStableScale else {
            return CanaryReplicaCounts(canary: canaryCount, stable: specReplicas)
        }

        let desiredWeight = target.weight
        var stableCount = trafficWeightToReplicas(replicas: specReplicas, weight: maxWeight - desiredWeight, maxWeight: maxWeight)
        if let weights {
            // The stable only shrinks once traffic has actually left it.
            stableCount = max(stableCount, trafficWeightToReplicas(replicas: specReplicas, weight: weights.stableWeight, maxWeight: maxWeight))
            if rollout.abort {
                // The canary only shrinks once traffic has actually left it.
                canaryCount = max(trafficWeightToReplicas(replicas: specReplicas, weight: weights.canaryWeight, maxWeight: maxWeight), canaryCount)
            }
        }
        return CanaryReplicaCounts(
            canary: minPodsPerReplicaSet(rollout, canaryCount), stable: minPodsPerReplicaSet(rollout, stableCount))
    }

    /// ceil(weight·replicas/maxWeight), in floating point as upstream. Argo: trafficWeightToReplicas.
    public static func trafficWeightToReplicas(replicas: Int, weight: Int, maxWeight: Int) -> Int {
        goInt32((Double(weight) * Double(replicas) / Double(maxWeight)).rounded(.up))
    }

    /// A non-zero count raised to `minPodsPerReplicaSet`, which is capped at R (so a small rollout
    /// cannot loop trying to reach it). Only with trafficRouting. Argo: CheckMinPodsPerReplicaSet.
    public static func minPodsPerReplicaSet(_ rollout: CanaryInputs, _ count: Int) -> Int {
        guard count != 0, rollout.isTrafficRouted, let minPods = rollout.minPodsPerReplicaSet else { return count }
        return max(count, min(minPods, rollout.replicas))
    }

    /// The new ReplicaSet's count for a canary rollout, whichever kind. Argo: NewRSNewReplicas's
    /// canary branch (utils/replicaset/replicaset.go).
    public static func newRSReplicas(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, otherRSs: [ReplicaSetCounts],
        weights: RecordedTrafficWeights?
    ) -> Int {
        desired(rollout, newRS: newRS, stableRS: stableRS, otherRSs: otherRSs, weights: weights).canary
    }

    /// Basic or traffic-routed counts, as the rollout is configured.
    public static func desired(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, otherRSs: [ReplicaSetCounts],
        weights: RecordedTrafficWeights?
    ) -> CanaryReplicaCounts {
        rollout.isTrafficRouted
            ? trafficRoutedCanary(rollout, newRS: newRS, stableRS: stableRS, weights: weights)
            : basicCanary(rollout, newRS: newRS, stableRS: stableRS, otherRSs: otherRSs)
    }
}
