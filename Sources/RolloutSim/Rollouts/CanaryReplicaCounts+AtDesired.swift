// MARK: - At desired replica counts (§4.4)

extension CanaryReplicaCounts {
    /// Whether a setWeight or setCanaryScale step has its pods. Argo: AtDesiredReplicaCountsForCanary
    /// (utils/replicaset/canary.go), reference §4.4.
    ///
    /// Recomputes the desired counts with the same function used for scaling, then requires the
    /// canary to be available (or its replicaProgressThreshold met), the stable to have exactly its
    /// count of pods in spec and status (unless traffic-routed with dynamicStableScale; only pod
    /// existence is checked, not availability), and, for basic canary only, no available pods left
    /// in older ReplicaSets (they would still take traffic).
    public static func atDesiredReplicaCounts(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, otherRSs: [ReplicaSetCounts],
        weights: RecordedTrafficWeights?
    ) -> Bool {
        let desired = desired(rollout, newRS: newRS, stableRS: stableRS, otherRSs: otherRSs, weights: weights)
        guard replicaProgressThresholdMet(rollout.replicaProgressThreshold, newRS, desired: desired.canary) else {
            return false
        }
        if !rollout.isTrafficRouted || !rollout.dynamicStableScale {
            guard let stableRS, stableRS.specReplicas == desired.stable, stableRS.statusReplicas == desired.stable else {
                return false
            }
        }
        if !rollout.isTrafficRouted && otherRSs.reduce(0, { $0 + $1.availableReplicas }) != 0 {
            return false
        }
        return true
    }

    /// Whether `rs` has enough available pods toward `desired`. Argo: ReplicaProgressThresholdMet.
    ///
    /// With no threshold (or a negative one) every desired pod must exist and be available. A
    /// `Percent` threshold passes at desired 0, else when available/desired·100 ≥ value (with a
    /// 1e-10 tolerance); a `Pods` threshold when available ≥ value. A missing ReplicaSet fails.
    public static func replicaProgressThresholdMet(_ threshold: ReplicaProgressRule?, _ rs: ReplicaSetCounts?, desired: Int) -> Bool {
        guard let threshold, let rs, threshold.value >= 0 else {
            return allDesiredAreAvailable(rs, desired: desired)
        }
        switch threshold.kind {
        case .percent:
            if desired == 0 { return true }
            let currentPercentage = Double(rs.availableReplicas) / Double(desired) * 100
            let epsilon = 1e-10 // Argo: tolerance for floating-point error in the percentage.
            return currentPercentage >= Double(threshold.value) || abs(currentPercentage - Double(threshold.value)) <= epsilon
        case .pods:
            return rs.availableReplicas >= threshold.value
        }
    }

    /// spec == desired and available == desired. Argo: allDesiredAreAvailable.
    public static func allDesiredAreAvailable(_ rs: ReplicaSetCounts?, desired: Int) -> Bool {
        guard let rs else { return false }
        return rs.specReplicas == desired && rs.availableReplicas == desired
    }
}
