// ReplicaSet scaling of a canary pass: one size change per pass, stable first (reference §4).

extension CanaryReconciler {
    /// Default `scaleDownDelaySeconds` and `abortScaleDownDelaySeconds` for a traffic-routed canary.
    /// Argo: DefaultScaleDownDelaySeconds, DefaultAbortScaleDownDelaySeconds (utils/defaults).
    static let defaultScaleDownDelaySeconds = 30

    /// Returns whether a ReplicaSet was scaled, which ends the pass.
    /// Argo: reconcileCanaryReplicaSets (rollout/canary.go).
    mutating func reconcileCanaryReplicaSets() -> Bool {
        // Argo: haltProgress (rollout/context.go).
        if spec.paused || observed.status.pauseCondition(.inconclusiveAnalysisRun) != nil { return false }
        // Argo: removeScaleDownDeadlines — going back to a ReplicaSet cancels its scale-down.
        for rs in [newRS, stableRS].compactMap({ $0 }) where rs.scaleDownDeadline != nil && !(shouldDelayScaleDownOnAbort && rs.id == newRS?.id) {
            writes.append(.setScaleDownDeadline(rs.id, nil))
        }
        if reconcileCanaryStableReplicaSet() { return true }
        if reconcileNewReplicaSet() { return true }
        return reconcileOtherReplicaSets()
    }

    /// Argo: reconcileCanaryStableReplicaSet. With traffic routing the stable is sized from the
    /// weights persisted before this pass, so it lags the router by one reconcile.
    mutating func reconcileCanaryStableReplicaSet() -> Bool {
        guard CanaryReplicaCounts.stableExistsApart(newRS: newRS?.counts, stableRS: stableRS?.counts), let stableRS else { return false }
        let desired: Int
        if isTrafficRouted {
            desired = CanaryReplicaCounts.trafficRoutedCanary(inputs, newRS: newRS?.counts, stableRS: stableRS.counts,
                                                              weights: observed.status.weights?.recorded).stable
        } else {
            desired = CanaryReplicaCounts.basicCanary(inputs, newRS: newRS?.counts, stableRS: stableRS.counts,
                                                      otherRSs: otherRSs.map(\.counts)).stable
        }
        return scale(stableRS, to: desired)
    }

    /// Argo: reconcileNewReplicaSet and shouldDelayScaleDownOnAbort (rollout/replicaset.go).
    mutating func reconcileNewReplicaSet() -> Bool {
        guard let newRS else { return false }
        var desired = CanaryReplicaCounts.newRSReplicas(inputs, newRS: newRS.counts, stableRS: stableRS?.counts,
                                                        otherRSs: otherRSs.map(\.counts), weights: newStatus.weights?.recorded)
        if shouldDelayScaleDownOnAbort, let stableRS {
            if let deadline = newRS.scaleDownDeadline {
                // Equality counts as elapsed (`scaleDownAt.After(now)` is false).
                if deadline > now {
                    requeue(at: deadline)
                    return false
                }
                desired = 0
            } else if let delay = abortScaleDownDelaySeconds {
                // The deadline is set only once the stable can serve everything.
                if stableRS.status.availableReplicas >= replicas {
                    let deadline = now.truncatedToSecond + .seconds(Int64(delay))
                    writes.append(.setScaleDownDeadline(newRS.id, deadline))
                    requeue(at: deadline)
                }
                return false
            }
        }
        return scale(newRS, to: desired)
    }

    /// nil when `abortScaleDownDelaySeconds: 0` keeps the canary up. Argo: GetAbortScaleDownDelaySecondsOrDefault.
    var abortScaleDownDelaySeconds: Int? {
        let delay = canary.abortScaleDownDelaySeconds ?? Self.defaultScaleDownDelaySeconds
        return delay == 0 ? nil : delay
    }

    var shouldDelayScaleDownOnAbort: Bool {
        guard isAborted, stableRS != nil, isTrafficRouted, abortScaleDownDelaySeconds != nil else { return false }
        if canary.dynamicStableScale && !inputs.hasExplicitAbortScaleDownDelay { return false }
        return true
    }

    /// Old ReplicaSets: unhealthy pods first, then within the availability budget, newest first;
    /// with traffic routing the previous stable waits `scaleDownDelaySeconds` after promotion.
    /// Argo: reconcileOtherReplicaSets (rollout/replicaset.go); the plan is `OldReplicaSetScaleDown`.
    mutating func reconcileOtherReplicaSets() -> Bool {
        let active = otherRSs.filter { $0.specReplicas > 0 }
        guard !active.isEmpty else { return false }
        let candidates = active.map {
            OldReplicaSetScaleDown.Candidate(counts: $0.counts, revision: $0.revision, isReferenced: isReferenced($0),
                                             scaleDownDeadline: $0.scaleDownDeadline)
        }
        let plan = OldReplicaSetScaleDown.planForCanary(
            inputs, otherRSs: candidates, availableAcrossAllRSs: observed.replicaSets.reduce(0) { $0 + $1.status.availableReplicas },
            isFullyPromoted: observed.status.isFullyPromoted,
            scaleDownDelay: .seconds(Int64(canary.scaleDownDelaySeconds ?? Self.defaultScaleDownDelaySeconds)),
            revisionLimit: canary.scaleDownDelayRevisionLimit, now: now)
        var current = active
        for action in plan.actions {
            switch action {
            case .scale(let name, let count):
                guard let index = current.firstIndex(where: { $0.name == name }) else { continue }
                _ = scale(current[index], to: count)
                current[index].specReplicas = count
            case .setScaleDownDeadline(let name, let deadline):
                guard let rs = current.first(where: { $0.name == name }) else { continue }
                writes.append(.setScaleDownDeadline(rs.id, deadline))
            }
        }
        if let at = plan.requeueAt { requeue(at: at) }
        return plan.totalScaledDown > 0
    }

    /// Whether a Service selector or the recorded weights still point at the ReplicaSet.
    /// Argo: isReplicaSetReferenced (rollout/canary.go).
    func isReferenced(_ rs: ObservedReplicaSet) -> Bool {
        let hash = rs.podTemplateHash
        if observed.stableServiceHash == hash || observed.canaryServiceHash == hash { return true }
        if let weights = observed.status.weights, weights.canaryPodTemplateHash == hash || weights.stablePodTemplateHash == hash {
            return true
        }
        return false
    }
}
