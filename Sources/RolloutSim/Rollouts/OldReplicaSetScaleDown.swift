/// Scaling down the canary rollout's older ReplicaSets: neither new nor stable (reference §4.5).
///
/// Argo: scaleDownOldReplicaSetsForCanary (rollout/canary.go) with cleanupUnhealthyReplicas and
/// scaleDownDelayHelper (rollout/replicaset.go). Unlike the new/stable scaling, this pass may write
/// several ReplicaSets, as upstream's loop does.
public enum OldReplicaSetScaleDown {
    /// An older ReplicaSet as the scale-down reads it.
    public struct Candidate: Sendable, Equatable {
        public var counts: ReplicaSetCounts
        /// The `rollout.argoproj.io/revision` annotation.
        public var revision: Int
        /// Still referenced by the status hashes, recorded weights, Services or an Istio
        /// DestinationRule (`isReplicaSetReferenced`); such a ReplicaSet is skipped with trafficRouting.
        public var isReferenced: Bool
        /// The `scale-down-deadline` annotation, nil when absent. Upstream writes it in RFC 3339,
        /// so it is a whole second.
        public var scaleDownDeadline: VirtualTime?

        public init(counts: ReplicaSetCounts, revision: Int, isReferenced: Bool = false, scaleDownDeadline: VirtualTime? = nil) {
            self.counts = counts
            self.revision = revision
            self.isReferenced = isReferenced
            self.scaleDownDeadline = scaleDownDeadline
        }
    }

    /// One write of the plan, in the order upstream makes them.
    public enum Action: Sendable, Equatable {
        /// Scale the ReplicaSet named `name` to `replicas`.
        case scale(name: String, replicas: Int)
        /// Annotate `name` with a scale-down deadline and keep its size.
        case setScaleDownDeadline(name: String, deadline: VirtualTime)
    }

    public struct Plan: Sendable, Equatable {
        public var actions: [Action]
        /// The earliest time the rollout asked to be requeued at, if any.
        public var requeueAt: VirtualTime?
        /// Pods removed by the plan.
        public var totalScaledDown: Int
    }

    /// Plans the scale-down of `otherRSs`.
    ///
    /// - Parameters:
    ///   - otherRSs: the older ReplicaSets in creation order.
    ///   - availableAcrossAllRSs: available pods summed over every ReplicaSet of the rollout.
    ///   - isFullyPromoted: `status.stableRS == status.currentPodHash`.
    ///   - scaleDownDelay: `scaleDownDelaySeconds` with its default (30 s with trafficRouting).
    ///   - revisionLimit: `scaleDownDelayRevisionLimit`, nil for unlimited.
    ///   - resyncPeriod: the controller's resync period; a deadline nearer than it is requeued for.
    public static func planForCanary(
        _ rollout: CanaryInputs, otherRSs: [Candidate], availableAcrossAllRSs: Int, isFullyPromoted: Bool,
        scaleDownDelay: SimDuration, revisionLimit: Int?, now: VirtualTime, resyncPeriod: SimDuration = .minutes(15)
    ) -> Plan {
        var plan = Plan(actions: [], requeueAt: nil, totalScaledDown: 0)
        func requeue(at time: VirtualTime) {
            plan.requeueAt = plan.requeueAt.map { min($0, time) } ?? time
        }

        // Unhealthy pods go first and cost nothing from the budget.
        var candidates = otherRSs
        for index in candidates.indices {
            let counts = candidates[index].counts
            if counts.specReplicas == 0 || counts.specReplicas == counts.availableReplicas { continue }
            // Why: upstream refuses to "scale down" to a larger count and abandons the whole pass.
            if counts.availableReplicas > counts.specReplicas { return plan }
            plan.actions.append(.scale(name: counts.name, replicas: counts.availableReplicas))
            plan.totalScaledDown += counts.specReplicas - counts.availableReplicas
            candidates[index].counts.specReplicas = counts.availableReplicas
        }

        var maxScaleDown = availableAcrossAllRSs - (rollout.replicas - rollout.resolvedMaxUnavailable)
        if maxScaleDown <= 0 { return plan }

        // Newest revision first; a stable sort keeps creation order among equal revisions.
        let ordered = candidates.enumerated().sorted {
            $0.element.revision != $1.element.revision ? $0.element.revision > $1.element.revision : $0.offset < $1.offset
        }.map(\.element)
        var annotatedRSs = 0
        let limit = revisionLimit ?? Int(Int32.max)
        for candidate in ordered {
            let rs = candidate.counts
            if rollout.isTrafficRouted && candidate.isReferenced { continue }
            if maxScaleDown <= 0 { break }
            if rs.specReplicas == 0 { continue }
            var desired = 0
            if !rollout.isTrafficRouted {
                // Basic canary: every older pod takes traffic, so all of them go, within budget.
                if rs.specReplicas > maxScaleDown { desired = rs.specReplicas - maxScaleDown }
            } else if isFullyPromoted || candidate.scaleDownDeadline != nil {
                if !rollout.dynamicStableScale {
                    // Argo: scaleDownDelayHelper — the previous stable waits out its delay.
                    if let deadline = candidate.scaleDownDeadline {
                        annotatedRSs += 1
                        if annotatedRSs <= limit && now < deadline {
                            desired = rs.specReplicas
                            if deadline - now < resyncPeriod { requeue(at: deadline) }
                        }
                    } else if annotatedRSs < limit {
                        annotatedRSs += 1
                        desired = rs.specReplicas
                        // Why: a zero delay writes no annotation upstream (addScaleDownDelay returns early).
                        if scaleDownDelay.milliseconds > 0 {
                            let deadline = (now + scaleDownDelay).truncatedToSecond
                            plan.actions.append(.setScaleDownDeadline(name: rs.name, deadline: deadline))
                        }
                        requeue(at: now + scaleDownDelay)
                    }
                }
            }
            // Otherwise an intermediate ReplicaSet mid-update (V1 → V2, then V3): no traffic, so 0 now.
            if rs.specReplicas == desired { continue }
            plan.actions.append(.scale(name: rs.name, replicas: desired))
            maxScaleDown -= rs.specReplicas - desired
            plan.totalScaledDown += rs.specReplicas - desired
        }
        return plan
    }
}
