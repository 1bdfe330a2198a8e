/// What the canary replica math aims for: an explicit replica count or a weight (reference §4.1).
public enum CanaryTarget: Sendable, Equatable {
    /// `setCanaryScale.replicas`: the canary gets exactly this many pods (traffic routing only).
    case replicas(Int)
    /// A weight out of `maxWeight`.
    case weight(Int)

    /// The weight, or 0 for an explicit replica count (upstream returns weight 0 beside replicas).
    public var weight: Int {
        switch self {
        case .replicas: return 0
        case .weight(let weight): return weight
        }
    }
}

extension CanaryInputs {
    /// The index of the current step, or nil when there are no steps or every step is done.
    /// Argo: GetCurrentCanaryStep (utils/replicaset/canary.go); a nil status index means 0.
    public var currentStepIndexIfInRange: Int? {
        guard !steps.isEmpty else { return nil }
        let index = currentStepIndex ?? 0
        return index < steps.count ? index : nil
    }

    /// The setWeight in force: 0 when aborted, `maxWeight` past the last step or with no steps,
    /// otherwise the nearest setWeight at or before the current step (0 if none).
    /// Argo: GetCurrentSetWeight (utils/replicaset/canary.go).
    public var currentSetWeight: Int {
        if abort { return 0 }
        guard let index = currentStepIndexIfInRange else { return maxWeight }
        for step in steps[...index].reversed() {
            if let weight = step.setWeight { return weight }
        }
        return 0
    }

    /// The setCanaryScale in force, if any. Argo: UseSetCanaryScale (utils/replicaset/canary.go).
    ///
    /// Only with trafficRouting; not while aborted unless `abortScaleDownDelaySeconds` is an explicit
    /// 0; not past the last step. The nearest setCanaryScale at or before the current step wins,
    /// and a `matchTrafficWeight: true` one cancels it. A later setWeight does not.
    public var setCanaryScaleInForce: CanaryScaleRule? {
        guard isTrafficRouted else { return nil }
        if abort && abortScalesCanaryDown { return nil }
        guard let index = currentStepIndexIfInRange else { return nil }
        for step in steps[...index].reversed() {
            guard let scale = step.setCanaryScale else { continue }
            return scale.matchTrafficWeight ? nil : scale
        }
        return nil
    }

    /// The canary weight the replica math targets. Argo: GetDesiredCanaryWeight.
    ///
    /// It is `currentSetWeight`, except when aborted with dynamicStableScale and both ReplicaSets
    /// present: then it is the "reverse ladder" weight — the last setWeight (scanning from the end)
    /// whose pod count is below the canary pods still needed, so the canary shrinks one step at a
    /// time as stable pods become available.
    public func desiredCanaryWeight(newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?) -> Int {
        guard abort, dynamicStableScale, let newRS, let stableRS else { return currentSetWeight }
        let expectedCanaryReplicas = replicas - stableRS.availableReplicas
        // Why: with an explicit abort delay the canary stays at full size until its deadline, and
        // the deadline is only set once the stable is full; letting the canary's size hold the
        // weight up would deadlock the abort (upstream issue #4898).
        let canaryReplicas = hasExplicitAbortScaleDownDelay
            ? expectedCanaryReplicas
            : max(expectedCanaryReplicas, newRS.availableReplicas)
        for step in steps.reversed() {
            guard let weight = step.setWeight else { continue }
            if CanaryReplicaCounts.trafficWeightToReplicas(replicas: replicas, weight: weight, maxWeight: maxWeight) < canaryReplicas {
                return weight
            }
        }
        return 0
    }

    /// Replicas or weight for the canary. Argo: GetCanaryReplicasOrWeight (utils/replicaset/canary.go).
    ///
    /// `maxWeight` when a full promotion was requested, on the initial deploy (no stable) or when
    /// fully promoted; otherwise a setCanaryScale in force; otherwise `desiredCanaryWeight`.
    public func canaryTarget(newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?) -> CanaryTarget {
        if promoteFull || self.stableRS.isEmpty || isFullyPromoted {
            return .weight(maxWeight)
        }
        if let scale = setCanaryScaleInForce {
            if let count = scale.replicas { return .replicas(count) }
            if let weight = scale.weight { return .weight(weight) }
        }
        return .weight(desiredCanaryWeight(newRS: newRS, stableRS: stableRS))
    }
}
