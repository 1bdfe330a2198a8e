/// The replica counts a canary reconcile wants for the new (canary) and stable ReplicaSets.
///
/// The functions are pure: they read a `CanaryInputs` and the counts of each ReplicaSet, and return
/// the counts for this pass. The controller scales at most one ReplicaSet per pass (stable first), so
/// a whole step takes several passes. Reference §4.2–§4.4; upstream `utils/replicaset/canary.go`.
public struct CanaryReplicaCounts: Sendable, Equatable, CustomStringConvertible {
    /// The new (canary) ReplicaSet's count.
    public var canary: Int
    /// The stable ReplicaSet's count.
    public var stable: Int

    public init(canary: Int, stable: Int) {
        self.canary = canary
        self.stable = stable
    }

    public var description: String { "canary \(canary), stable \(stable)" }
}

// MARK: - Basic canary (no trafficRouting)

extension CanaryReplicaCounts {
    /// Counts for a canary without trafficRouting, within maxSurge and maxUnavailable.
    /// Argo: CalculateReplicaCountsForBasicCanary (utils/replicaset/canary.go), reference §4.2.
    ///
    /// The ideal split comes from `approximateWeighted`. Then the stable, then the canary, grow
    /// toward it within the surge budget; while older ReplicaSets still have pods nothing shrinks;
    /// otherwise the ReplicaSet moving away from its ideal (the stable while the canary grows, the
    /// canary while it shrinks) is scaled down within maxUnavailable and the pair is trimmed back
    /// under surge (`adjustWithinLimits`).
    ///
    /// Example: R = 8, setWeight 5, default 25%/25% → 1 canary and 8 stable once settled (the
    /// canary's share is 1/9, not 5%).
    public static func basicCanary(
        _ rollout: CanaryInputs, newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?, otherRSs: [ReplicaSetCounts]
    ) -> CanaryReplicaCounts {
        let specReplicas = rollout.replicas
        // setCanaryScale never applies without trafficRouting, so only the weight matters here.
        let desiredWeight = rollout.canaryTarget(newRS: newRS, stableRS: stableRS).weight
        let maxSurge = rollout.resolvedMaxSurge
        let ideal = approximateWeighted(
            replicas: specReplicas, weight: desiredWeight, maxWeight: rollout.maxWeight, maxSurge: maxSurge)
        var desiredNew = ideal.canary
        var desiredStable = ideal.stable

        var newCount = newRS?.specReplicas ?? 0
        var stableCount = 0
        let scaleStableRS = stableExistsApart(newRS: newRS, stableRS: stableRS)
        if scaleStableRS, let stableRS {
            stableCount = stableRS.specReplicas
        } else {
            // No stable, or the stable is the new RS: the update skips the steps and goes to 100%.
            desiredNew = specReplicas
            desiredStable = 0
        }

        let maxTotal = specReplicas + maxSurge
        var counted = otherRSs + (newRS.map { [$0] } ?? [])
        if scaleStableRS, let stableRS { counted.append(stableRS) }
        var scaleUp = maxTotal - counted.reduce(0) { $0 + $1.specReplicas }

        // The stable gets the surge first.
        if scaleStableRS, let stableRS, stableRS.specReplicas < desiredStable, scaleUp > 0 {
            if stableRS.specReplicas + scaleUp < desiredStable {
                stableCount = stableRS.specReplicas + scaleUp
                scaleUp = 0
            } else {
                stableCount = desiredStable
                scaleUp -= desiredStable - stableRS.specReplicas
            }
        }
        if let newRS, newRS.specReplicas < desiredNew, scaleUp > 0 {
            newCount = min(newRS.specReplicas + scaleUp, desiredNew)
        }

        // Older ReplicaSets are drained before the new or stable one is scaled down.
        if otherRSs.reduce(0, { $0 + $1.specReplicas }) > 0 {
            return CanaryReplicaCounts(canary: newCount, stable: stableCount)
        }

        let minAvailable = specReplicas - rollout.resolvedMaxUnavailable
        // Why: while the canary grows, the stable's unavailable pods may be removed (a crash-looping
        // stable must not block the update); while it shrinks (abort, lower weight), the canary's may.
        let isIncreasing = newRS == nil || desiredNew >= (newRS?.specReplicas ?? 0)
        let replicasToScaleDown = replicasForScaleDown(newRS, ignoreAvailability: !isIncreasing)
            + replicasForScaleDown(stableRS, ignoreAvailability: isIncreasing)
        if replicasToScaleDown <= minAvailable {
            return CanaryReplicaCounts(canary: newCount, stable: stableCount)
        }

        let scaleDown = replicasToScaleDown - minAvailable
        if !isIncreasing {
            newCount = scaleDownCount(drainRS: newRS, desired: desiredNew, scaleDown: scaleDown, current: newCount)
            let adjusted = adjustWithinLimits(
                drainRS: newRS, adjustRS: stableRS, drainCount: newCount, adjustCount: stableCount,
                maxTotal: maxTotal, minAvailable: minAvailable)
            newCount = adjusted.drain
            stableCount = adjusted.adjust
        } else if scaleStableRS {
            stableCount = scaleDownCount(drainRS: stableRS, desired: desiredStable, scaleDown: scaleDown, current: stableCount)
            let adjusted = adjustWithinLimits(
                drainRS: stableRS, adjustRS: newRS, drainCount: stableCount, adjustCount: newCount,
                maxTotal: maxTotal, minAvailable: minAvailable)
            stableCount = adjusted.drain
            newCount = adjusted.adjust
        }
        return CanaryReplicaCounts(canary: newCount, stable: stableCount)
    }

    /// The (canary, stable) split of `replicas` closest to `weight`/`maxWeight`.
    /// Argo: approximateWeightedCanaryStableReplicaCounts (utils/replicaset/canary.go), §4.2 step A.
    ///
    /// Candidates are the ceiling and floor canary counts over `replicas` pods and, when surge is
    /// allowed, over `replicas + 1`. For 1 ≤ weight < maxWeight and 2+ pods neither side gets 0.
    /// Ties round the canary up; among equally close candidates the earlier one wins.
    public static func approximateWeighted(replicas: Int, weight: Int, maxWeight: Int, maxSurge: Int) -> CanaryReplicaCounts {
        if replicas == 0 { return CanaryReplicaCounts(canary: 0, stable: 0) }
        let exact = Double(replicas * weight) / Double(maxWeight)
        let ceilCanary = goInt32(exact.rounded(.up))
        let floorCanary = goInt32(exact.rounded(.down))
        let tied = floorCeilingTied(weight: weight, maxWeight: maxWeight, total: replicas)
        // A 0 canary or 0 stable is only acceptable at 0%, at 100%, or with a single pod and no surge.
        let zeroAllowed = weight == maxWeight || weight == 0 || (replicas == 1 && maxSurge == 0)

        var options: [(canary: Int, total: Int)] = []
        if ceilCanary < replicas || zeroAllowed {
            options.append((ceilCanary, replicas))
        }
        if !tied && (floorCanary != 0 || zeroAllowed) {
            options.append((floorCanary, replicas))
        }
        if maxSurge > 0 {
            options.append((ceilCanary, replicas + 1))
            let surgeTied = floorCeilingTied(weight: weight, maxWeight: maxWeight, total: replicas + 1)
            if !surgeTied && (floorCanary != 0 || zeroAllowed) {
                options.append((floorCanary, replicas + 1))
            }
        }
        guard var best = options.first else {
            return CanaryReplicaCounts(canary: 0, stable: replicas) // unreachable upstream too
        }
        var bestDelta = weightDelta(weight: weight, maxWeight: maxWeight, canary: best.canary, total: best.total)
        for option in options.dropFirst() {
            let delta = weightDelta(weight: weight, maxWeight: maxWeight, canary: option.canary, total: option.total)
            if delta < bestDelta {
                best = option
                bestDelta = delta
            }
        }
        return CanaryReplicaCounts(canary: best.canary, stable: best.total - best.canary)
    }

    /// Go's `int32(f)` for a float64 on amd64: values that are NaN, infinite or outside int32 become
    /// math.MinInt32. Only a `maxTrafficWeight` of 0, which upstream validation lets through with
    /// NGINX, reaches that; the point is that a user's manifest can never trap the simulator.
    static func goInt32(_ value: Double) -> Int {
        guard value.isFinite, value >= Double(Int32.min), value <= Double(Int32.max) else { return Int(Int32.min) }
        return Int(value)
    }

    /// Whether total·(weight/maxWeight) has a fractional part of exactly 0.5, computed in floating
    /// point as upstream does (`floorCeilingTied`).
    static func floorCeilingTied(weight: Int, maxWeight: Int, total: Int) -> Bool {
        let product = Double(total) * (Double(weight) / Double(maxWeight))
        return product - product.rounded(.towardZero) == 0.5
    }

    /// |canary·maxWeight/total − weight| in floating point. Argo: weightDelta.
    static func weightDelta(weight: Int, maxWeight: Int, canary: Int, total: Int) -> Double {
        abs(Double(canary * maxWeight) / Double(total) - Double(weight))
    }

    /// Whether a stable ReplicaSet exists and is not the new one. Argo: CheckStableRSExists.
    public static func stableExistsApart(newRS: ReplicaSetCounts?, stableRS: ReplicaSetCounts?) -> Bool {
        guard let stableRS else { return false }
        guard let newRS else { return true }
        return newRS.name != stableRS.name
    }

    /// How many of `rs`'s pods count as removable capacity. Argo: GetReplicasForScaleDown.
    ///
    /// `spec` when it is below `available` (the surplus is already going away and must not be
    /// counted twice); otherwise `spec` when availability is ignored, `available` when not.
    public static func replicasForScaleDown(_ rs: ReplicaSetCounts?, ignoreAvailability: Bool) -> Int {
        guard let rs else { return 0 }
        if rs.specReplicas < rs.availableReplicas { return rs.specReplicas }
        return ignoreAvailability ? rs.specReplicas : rs.availableReplicas
    }

    /// The drain ReplicaSet's count after scaling down by at most `scaleDown`, never below `desired`.
    /// Argo: calculateScaleDownReplicaCount.
    static func scaleDownCount(drainRS: ReplicaSetCounts?, desired: Int, scaleDown: Int, current: Int) -> Int {
        guard let drainRS, drainRS.specReplicas > desired else { return current }
        return max(desired, drainRS.specReplicas - scaleDown)
    }

    /// Trims the adjust ReplicaSet back under `maxTotal` without breaking `minAvailable`, then the
    /// drain ReplicaSet if the pair is still over. Argo: adjustReplicaWithinLimits, §4.2 step E.7.
    static func adjustWithinLimits(
        drainRS: ReplicaSetCounts?, adjustRS: ReplicaSetCounts?, drainCount: Int, adjustCount: Int,
        maxTotal: Int, minAvailable: Int
    ) -> (drain: Int, adjust: Int) {
        var drainCount = drainCount
        var adjustCount = adjustCount
        var overLimit = max(0, adjustCount + drainCount - maxTotal)
        var totalAvailable = 0
        if let drainRS {
            totalAvailable += min(drainRS.availableReplicas, drainCount)
        }
        if let adjustRS {
            adjustCount -= overLimit
            totalAvailable += min(adjustRS.availableReplicas, adjustCount)
            let extraAvailable = max(0, adjustRS.availableReplicas - adjustCount)
            let stillNeeded = max(0, minAvailable - totalAvailable)
            adjustCount += min(extraAvailable, stillNeeded)
            overLimit = max(0, adjustCount + drainCount - maxTotal)
            drainCount -= overLimit
        }
        return (drainCount, adjustCount)
    }
}
