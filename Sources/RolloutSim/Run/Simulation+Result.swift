// Turning the loop's state into a `RunResult` at the end of the run.

extension SimulationRun {
    func makeResult(end: VirtualTime) -> RunResult {
        let outcomes = rollouts.indices.map { outcome($0) }
        let digest = "sha256:" + Self.digest(events: events, rollouts: outcomes)
        let runId = String(digest.dropFirst("sha256:".count).prefix(12))
        var sources = SHA256()
        // Texts only: the same files read from another folder give the same digest.
        for source in loaded.sources { sources.update(source.text + "\n") }
        return RunResult(scenarioName: scenario.name, seed: seed, start: world.start, end: end, rollouts: outcomes, events: events,
                         digest: digest, scenarioDigest: "sha256:" + sources.hexDigest(), runId: runId, reconcilePasses: reconcilePasses, analysisPasses: analysisPasses,
                         series: sampleSeries ? ChartSeriesSampler.sample(storage: world.storage, settings: scenario.prometheus, rollouts: outcomes, end: end) : [])
    }

    /// sha256 over the event log, then every measurement of every AnalysisRun, one line each.
    static func digest(events: [RunEvent], rollouts: [RolloutOutcome]) -> String {
        var hash = SHA256()
        for event in events {
            hash.update("\(event.t.milliseconds)\t\(event.object)\t\(event.reason)\t\(event.message)\n")
        }
        for rollout in rollouts {
            for run in rollout.analysisRuns {
                for metric in run.summary.metrics {
                    for m in metric.measurements {
                        hash.update("\(run.summary.name)\t\(metric.name)\t\(m.startedAt.map(String.init) ?? "")\t\(m.finishedAt.map(String.init) ?? "")\t\(m.phase)\t\(m.value)\t\(m.message)\n")
                    }
                }
            }
        }
        return hash.hexDigest()
    }

    func outcome(_ index: Int) -> RolloutOutcome {
        if rollouts[index].isBlueGreen { return blueGreenOutcome(index) }
        let runtime = rollouts[index]
        let status = runtime.status
        let canary = runtime.rollout.spec.strategy.canary!
        var inputs = CanaryInputs(spec: runtime.rollout.spec)!
        inputs.currentStepIndex = status.currentStepIndex
        inputs.abort = status.abort
        inputs.promoteFull = status.promoteFull
        inputs.stableRS = status.stableRS
        inputs.currentPodHash = status.currentPodHash

        var replicaSets: [ReplicaSetOutcome] = []
        var stableServed = ServedTotals()
        var canaryServed = ServedTotals()
        for id in runtime.replicaSets {
            let rs = world.replicaSets[id.index]
            let role: String
            if rs.podTemplateHash == status.stableRS { role = "stable" } else if rs.podTemplateHash == status.currentPodHash { role = "canary" } else { role = "old" }
            let served = world.servedTotals(of: id)
            if id == runtime.initialStable { stableServed = stableServed + served } else { canaryServed = canaryServed + served }
            replicaSets.append(ReplicaSetOutcome(
                id: id, name: rs.name, podTemplateHash: rs.podTemplateHash, revision: rs.revision, role: role,
                specReplicas: rs.desiredReplicas, images: rs.template.containers.map(\.image), createdAt: runtime.createdAt[id] ?? world.start,
                scaleDownDeadline: runtime.scaleDownDeadlines[id], history: runtime.rsHistory[id] ?? [],
                pods: world.livePods(of: id), served: served))
        }

        let newRS = replicaSets.first { $0.podTemplateHash == status.currentPodHash }
        let stepCount = canary.steps.count
        var actualWeight = 0
        if let index = status.currentStepIndex, index >= stepCount, stepCount > 0 {
            actualWeight = inputs.maxWeight
        } else if status.availableReplicas > 0 {
            if canary.trafficRouting == nil {
                let canaryAvailable = newRS.flatMap { rs in rs.podTemplateHash == status.stableRS ? nil : world.status(of: rs.id).availableReplicas } ?? 0
                actualWeight = canaryAvailable * inputs.maxWeight / status.availableReplicas
            } else {
                actualWeight = status.weights?.canaryWeight ?? inputs.currentSetWeight
            }
        }

        let health = ArgoCDHealth.assess(ArgoCDRolloutObject(
            generation: runtime.generation, specReplicas: runtime.rollout.spec.replicas, specPaused: runtime.rollout.spec.paused,
            strategy: .canary,
            status: ArgoCDRolloutObject.Status(
                phase: status.phase, message: status.message, observedGeneration: String(status.observedGeneration),
                conditions: status.phaseConditions, pauseConditions: status.pauseConditions.map(\.reason),
                currentPodHash: status.currentPodHash, replicas: status.replicas, updatedReplicas: status.updatedReplicas,
                availableReplicas: status.availableReplicas, stableRS: status.stableRS)))

        let analysisRuns = runtime.analysisRuns.indices.map { runIndex in
            AnalysisRunOutcome(run: runtime.analysisRuns[runIndex], revision: runtime.analysisRevision[runIndex],
                               createdAt: runtime.analysisCreatedAt[runIndex],
                               summary: runtime.analysisRuns[runIndex].summary(log: runtime.analysisLogs[runIndex]))
        }

        return RolloutOutcome(
            name: runtime.name, namespace: runtime.namespace, status: status, argocdHealth: health,
            isTrafficRouted: canary.trafficRouting != nil, stepCount: stepCount, setWeight: inputs.currentSetWeight,
            actualWeight: actualWeight, desiredReplicas: runtime.rollout.spec.replicasOrDefault,
            phases: runtime.phases, steps: runtime.steps, weights: weightPoints(index), replicaSets: replicaSets,
            analysisRuns: analysisRuns, stableServed: stableServed, canaryServed: canaryServed, managedRoutes: runtime.managedRoutes)
    }

    /// The world's weight history with the effective share of whatever is not the stable revision.
    func weightPoints(_ index: Int) -> [WeightPoint] {
        let runtime = rollouts[index]
        let history = world.weightHistory(rolloutName: runtime.name, namespace: runtime.namespace)
        var points: [WeightPoint] = []
        // The weights in force at t=0 (set up during the history) open the list.
        var records = history.filter { $0.t >= .zero }
        if let initial = history.last(where: { $0.t < .zero }), records.first?.t != .zero {
            var opening = initial
            opening.t = .zero
            records.insert(opening, at: 0)
        }
        for record in records {
            let stableHash = runtime.stableHistory.last { $0.t <= record.t }?.hash ?? ""
            var effective = 0.0
            for share in record.effectiveShares where share.podTemplateHash != stableHash { effective += share.share }
            let point = WeightPoint(t: record.t, desiredWeight: record.desiredWeight, routerWeight: record.routerWeight,
                                    effectiveShare: effective)
            if let last = points.last, last.desiredWeight == point.desiredWeight, last.routerWeight == point.routerWeight,
               abs(last.effectiveShare - point.effectiveShare) < 1e-12 { continue }
            points.append(point)
        }
        return points
    }
}
