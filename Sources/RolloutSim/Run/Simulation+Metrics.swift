import PromQL

// The controller's own metrics, scraped into the world's Prometheus at the scrape interval
// (reference §13.1): `rollout_info` and the replica gauges.

extension SimulationRun {
    /// `rollout_info`'s `phase` label: from the Progressing condition's reason, not `status.phase`.
    /// Argo: calculatePhase (controller/metrics/rollouts.go).
    static func rolloutInfoPhase(_ status: RolloutStatus) -> String {
        if status.condition(.invalidSpec) != nil { return "InvalidSpec" }
        switch status.condition(.progressing)?.reason {
        case "NewReplicaSetAvailable": return "Completed"
        case "RolloutPaused": return "Paused"
        case "ReplicaSetCreateError": return "Error"
        case "ProgressDeadlineExceeded": return "Timeout"
        case "RolloutAborted": return "Abort"
        default: return "Progressing"
        }
    }

    /// Series ids are looked up once per label set: building `Labels` costs more than appending.
    func scrapeControllerMetrics() {
        let t = now.milliseconds
        for index in rollouts.indices {
            let status = rollouts[index].status
            let phase = Self.rolloutInfoPhase(status)
            if let previous = rollouts[index].rolloutInfoPhase, previous != phase {
                world.storage.append(infoSeries(index, phase: previous), timestampMs: t, value: PromQLConstants.staleNaN)
            }
            rollouts[index].rolloutInfoPhase = phase
            world.storage.append(infoSeries(index, phase: phase), timestampMs: t, value: 1)
            if rollouts[index].replicaGaugeSeries.isEmpty {
                rollouts[index].replicaGaugeSeries = ["available", "unavailable", "desired", "updated"].map {
                    world.storage.seriesID(for: rolloutLabels(index, "rollout_info_replicas_" + $0))
                }
            }
            let values = [status.availableReplicas, max(0, status.replicas - status.availableReplicas),
                          rollouts[index].rollout.spec.replicasOrDefault, status.updatedReplicas]
            for (series, value) in zip(rollouts[index].replicaGaugeSeries, values) {
                world.storage.append(series, timestampMs: t, value: Double(value))
            }
        }
        if tracksCanaryErrors { sampleCanaryTotals() }
        queue.schedule(.controllerScrape, at: now + scenario.prometheus.scrapeInterval)
    }

    /// The rollout a `web` metric's live data describes: the first one mid-update, else the first.
    var canaryRolloutIndex: Int? {
        rollouts.firstIndex { $0.status.currentPodHash != $0.status.stableRS } ?? (rollouts.isEmpty ? nil : 0)
    }

    func canaryReplicaSet(_ index: Int) -> ReplicaSetID? {
        let hash = rollouts[index].status.currentPodHash
        return rollouts[index].replicaSets.first { world.replicaSets[$0.index].podTemplateHash == hash }
    }

    func sampleCanaryTotals() {
        for index in rollouts.indices where rollouts[index].status.currentPodHash != rollouts[index].status.stableRS {
            guard let id = canaryReplicaSet(index) else { continue }
            rollouts[index].canaryTotals.append((now, world.replicaSets[id.index].podTemplateHash, world.servedTotals(of: id)))
        }
    }

    /// The share of the canary's requests answered 5xx over `window` up to `time` (the scenario's
    /// `web` live data); nil when the canary served nothing then. The window's start is read from
    /// the samples taken at each controller scrape, so it is resolved to the scrape interval.
    func canaryErrorRate(window: SimDuration, at time: VirtualTime) -> Double? {
        guard time == world.now, let index = canaryRolloutIndex, let id = canaryReplicaSet(index) else { return nil }
        let hash = world.replicaSets[id.index].podTemplateHash
        let current = world.servedTotals(of: id)
        let base = rollouts[index].canaryTotals.last { $0.hash == hash && $0.t <= time - window }?.totals ?? ServedTotals()
        let requests = current.requests - base.requests
        guard requests > 0 else { return nil }
        return Double(current.errors - base.errors) / Double(requests)
    }

    func rolloutLabels(_ index: Int, _ name: String, _ extra: [Label] = []) -> Labels {
        Labels([Label(name: Labels.metricName, value: name), Label(name: "namespace", value: rollouts[index].namespace),
                Label(name: "name", value: rollouts[index].name)] + extra)
    }

    func infoSeries(_ index: Int, phase: String) -> SeriesID {
        if let id = rollouts[index].infoSeries[phase] { return id }
        let router = currentProvider(index)?.routerName ?? ""
        let id = world.storage.seriesID(for: rolloutLabels(index, "rollout_info", [
            Label(name: "strategy", value: "canary"), Label(name: "traffic_router", value: router), Label(name: "phase", value: phase)]))
        rollouts[index].infoSeries[phase] = id
        return id
    }
}
