// Blue-green rollouts in the loop: the initial deploy, what a pass observes, the Services'
// selector histories and the outcome (reference §7).

/// One entry of a blue-green Service's selector history.
public struct SelectorPoint: Sendable, Equatable {
    public var t: VirtualTime
    public var podTemplateHash: String
}

extension SimulationRun {
    /// The initial deploy: revision 1 fully available, both Services on it, fully promoted and
    /// Healthy. All requests follow the active Service; the scenario's preview load goes to the
    /// preview Service's endpoints.
    func addBlueGreenRollout(_ rollout: Rollout, template: ClusterPodTemplate) {
        let blueGreen = rollout.spec.strategy.blueGreen!
        var (runtime, hash) = createInitialRevision(rollout, template: template)

        var status = initialDeployStatus(rollout, hash: hash)
        var bg = BlueGreenStatus()
        bg.activeSelector = hash
        bg.previewSelector = blueGreen.previewService == nil ? "" : hash
        status.blueGreen = bg

        selectInitialRevision(&runtime, services: (blueGreen.activeService, blueGreen.previewService),
                              namespace: rollout.metadata.namespace, hash: hash)
        let active = blueGreen.activeService ?? ""
        world.configureTraffic(rolloutName: rollout.metadata.name, namespace: rollout.metadata.namespace, provider: .none(service: active))
        if let preview = blueGreen.previewService, scenario.traffic.previewRps > 0 {
            world.setPreviewLoad(rolloutName: rollout.metadata.name, namespace: rollout.metadata.namespace,
                                 service: preview, rps: scenario.traffic.previewRps)
        }
        runtime.status = status
        runtime.phases = [PhaseRecord(t: .zero, phase: .healthy, message: "")]
        runtime.stableHistory = [(.zero, hash)]
        runtime.activeHistory = [SelectorPoint(t: .zero, podTemplateHash: hash)]
        runtime.previewHistory = blueGreen.previewService == nil ? [] : [SelectorPoint(t: .zero, podTemplateHash: hash)]
        rollouts.append(runtime)
    }

    func observeBlueGreen(_ index: Int) -> ObservedBlueGreen {
        let canaryView = observe(index)
        return ObservedBlueGreen(rollout: canaryView.rollout, generation: canaryView.generation, templateHash: canaryView.templateHash,
                                 status: canaryView.status, replicaSets: canaryView.replicaSets,
                                 activeServiceHash: canaryView.stableServiceHash, previewServiceHash: canaryView.canaryServiceHash,
                                 analysisRuns: canaryView.analysisRuns, analysisTemplates: canaryView.analysisTemplates)
    }

    /// Appends to the active and preview selector histories when a Service's selector changed.
    func recordSelectors(_ index: Int) {
        let runtime = rollouts[index]
        func hash(_ name: String?) -> String? {
            guard let name, let id = world.service(named: name, namespace: runtime.namespace) else { return nil }
            return world.services[id.index].podTemplateHash
        }
        if let active = hash(runtime.stableServiceName), rollouts[index].activeHistory.last?.podTemplateHash != active {
            rollouts[index].activeHistory.append(SelectorPoint(t: now, podTemplateHash: active))
        }
        if let preview = hash(runtime.canaryServiceName), rollouts[index].previewHistory.last?.podTemplateHash != preview {
            rollouts[index].previewHistory.append(SelectorPoint(t: now, podTemplateHash: preview))
        }
    }

    func blueGreenOutcome(_ index: Int) -> RolloutOutcome {
        let runtime = rollouts[index]
        let status = runtime.status
        let bg = status.blueGreen ?? BlueGreenStatus()
        var replicaSets: [ReplicaSetOutcome] = []
        var stableServed = ServedTotals()
        var canaryServed = ServedTotals()
        for id in runtime.replicaSets {
            let rs = world.replicaSets[id.index]
            let role: String
            if rs.podTemplateHash == bg.activeSelector {
                role = "active"
            } else if rs.podTemplateHash == bg.previewSelector || rs.podTemplateHash == status.currentPodHash {
                role = "preview"
            } else if rs.podTemplateHash == status.stableRS {
                role = "stable"
            } else {
                role = "old"
            }
            let served = world.servedTotals(of: id)
            if id == runtime.initialStable { stableServed = stableServed + served } else { canaryServed = canaryServed + served }
            replicaSets.append(ReplicaSetOutcome(
                id: id, name: rs.name, podTemplateHash: rs.podTemplateHash, revision: rs.revision, role: role,
                specReplicas: rs.desiredReplicas, images: rs.template.containers.map(\.image), createdAt: runtime.createdAt[id] ?? world.start,
                scaleDownDeadline: runtime.scaleDownDeadlines[id], history: runtime.rsHistory[id] ?? [],
                pods: world.livePods(of: id), served: served))
        }
        let health = ArgoCDHealth.assess(ArgoCDRolloutObject(
            generation: runtime.generation, specReplicas: runtime.rollout.spec.replicas, specPaused: runtime.rollout.spec.paused,
            strategy: .blueGreen,
            status: ArgoCDRolloutObject.Status(
                phase: status.phase, message: status.message, observedGeneration: String(status.observedGeneration),
                conditions: status.phaseConditions, pauseConditions: status.pauseConditions.map(\.reason),
                currentPodHash: status.currentPodHash, replicas: status.replicas, updatedReplicas: status.updatedReplicas,
                availableReplicas: status.availableReplicas, stableRS: status.stableRS,
                blueGreenActiveSelector: .some(bg.activeSelector.isEmpty ? nil : bg.activeSelector))))
        let analysisRuns = runtime.analysisRuns.indices.map { runIndex in
            AnalysisRunOutcome(run: runtime.analysisRuns[runIndex], revision: runtime.analysisRevision[runIndex],
                               createdAt: runtime.analysisCreatedAt[runIndex],
                               summary: runtime.analysisRuns[runIndex].summary(log: runtime.analysisLogs[runIndex]))
        }
        return RolloutOutcome(
            name: runtime.name, namespace: runtime.namespace, status: status, argocdHealth: health,
            isTrafficRouted: false, stepCount: 0, setWeight: 0, actualWeight: 0,
            desiredReplicas: runtime.rollout.spec.replicasOrDefault,
            phases: runtime.phases, steps: [], weights: [], replicaSets: replicaSets,
            analysisRuns: analysisRuns, stableServed: stableServed, canaryServed: canaryServed, managedRoutes: [],
            isBlueGreen: true, activeSelectorHistory: runtime.activeHistory, previewSelectorHistory: runtime.previewHistory)
    }
}
