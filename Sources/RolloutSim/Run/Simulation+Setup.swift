// The world as it stands before t=0: every Rollout's manifest template is the stable revision,
// fully available (CONTRACT §1: an initial deploy skips steps, as upstream).

extension SimulationRun {
    func setUp() {
        for service in loaded.manifests.services {
            world.addService(name: service.metadata.name, namespace: service.metadata.namespace,
                             selector: service.selector.entries.map { LabelPair($0.key, $0.value) })
        }
        for rollout in loaded.manifests.rollouts {
            let object = "Rollout/" + rollout.metadata.name
            guard rollout.spec.strategy.canary != nil || rollout.spec.strategy.blueGreen != nil else {
                log(object, "NotSimulated", "Only canary and blue-green rollouts are simulated; this rollout is left out")
                continue
            }
            guard let podTemplate = rollout.spec.template else {
                log(object, "NotSimulated", "A rollout without its own pod template (workloadRef) is not simulated; it is left out")
                continue
            }
            if rollout.spec.strategy.canary == nil {
                addBlueGreenRollout(rollout, template: podTemplate.clusterTemplate)
            } else {
                addRollout(rollout, template: podTemplate.clusterTemplate)
            }
        }
    }

    /// The initial deploy's ReplicaSet: revision 1 with every replica available, the runtime that
    /// tracks it, and the template's hash.
    func createInitialRevision(_ rollout: Rollout, template: ClusterPodTemplate) -> (runtime: RolloutRuntime, hash: String) {
        let hash = PodTemplateHash.compute(canonical: template.canonical)
        var runtime = RolloutRuntime(rollout: rollout, template: template, templateHash: hash)
        let minReady = SimDuration.seconds(Int64(rollout.spec.minReadySeconds ?? 0))
        let id = world.createReplicaSet(rolloutName: rollout.metadata.name, namespace: rollout.metadata.namespace,
                                        podTemplate: template, revision: 1, minReadySeconds: minReady)
        world.createAvailablePods(in: id, count: rollout.spec.replicasOrDefault)
        runtime.replicaSets = [id]
        runtime.createdAt[id] = world.now
        runtime.initialStable = id
        return (runtime, hash)
    }

    /// The status an initial deploy leaves behind, whatever the strategy: fully promoted, Healthy.
    func initialDeployStatus(_ rollout: Rollout, hash: String) -> RolloutStatus {
        let replicas = rollout.spec.replicasOrDefault
        var status = RolloutStatus()
        status.observedGeneration = 1
        status.currentPodHash = hash
        status.stableRS = hash
        status.replicas = replicas
        status.updatedReplicas = replicas
        status.readyReplicas = replicas
        status.availableReplicas = replicas
        let rsName = "\(rollout.metadata.name)-\(hash)"
        let start = world.now.truncatedToSecond
        status.setCondition(.progressing, .true, reason: "NewReplicaSetAvailable", message: "ReplicaSet \"\(rsName)\" has successfully progressed.", now: start)
        status.setCondition(.available, .true, reason: "AvailableReason", message: "Rollout has minimum availability", now: start)
        status.setCondition(.completed, .true, reason: "RolloutCompleted", message: "RolloutCompleted", now: start)
        status.setCondition(.healthy, .true, reason: "RolloutHealthy", message: "Rollout is healthy", now: start)
        status.phase = .healthy
        status.message = ""
        return status
    }

    /// Points the rollout's two Services (stable and canary, or active and preview) at `hash`.
    func selectInitialRevision(_ runtime: inout RolloutRuntime, services: (String?, String?), namespace: String, hash: String) {
        runtime.stableServiceName = services.0
        runtime.canaryServiceName = services.1
        for name in [services.0, services.1].compactMap({ $0 }) {
            if let service = world.service(named: name, namespace: namespace) {
                world.setServiceSelector(service, podTemplateHash: hash)
            }
        }
    }

    func addRollout(_ rollout: Rollout, template: ClusterPodTemplate) {
        let canary = rollout.spec.strategy.canary!
        var (runtime, hash) = createInitialRevision(rollout, template: template)

        // Every step skipped.
        var status = initialDeployStatus(rollout, hash: hash)
        status.currentStepIndex = canary.steps.isEmpty ? nil : canary.steps.count
        status.currentStepHash = CanaryReconciler.stepHash(canary.steps)

        selectInitialRevision(&runtime, services: (canary.stableService, canary.canaryService),
                              namespace: rollout.metadata.namespace, hash: hash)
        let provider = trafficProvider(for: rollout, canary: canary, template: template)
        world.configureTraffic(rolloutName: rollout.metadata.name, namespace: rollout.metadata.namespace, provider: provider)
        runtime.hasRouter = canary.trafficRouting != nil
        if canary.trafficRouting != nil {
            status.weights = CanaryWeightsStatus(canaryWeight: 0, canaryPodTemplateHash: hash,
                                                 stableWeight: canary.maxTrafficWeight, stablePodTemplateHash: hash)
        }
        runtime.status = status
        runtime.phases = [PhaseRecord(t: .zero, phase: .healthy, message: "")]
        runtime.stableHistory = [(.zero, hash)]
        rollouts.append(runtime)
    }

    /// The world's model of the rollout's traffic routing. ALB splits like SMI (a weighted
    /// forward action between two target groups). Without routing, requests spread over the
    /// endpoints of the Service that selects every pod of the rollout.
    func trafficProvider(for rollout: Rollout, canary: CanaryStrategy, template: ClusterPodTemplate) -> TrafficProvider {
        let stable = canary.stableService ?? ""
        let canaryService = canary.canaryService ?? ""
        if let routing = canary.trafficRouting {
            if routing.nginx != nil {
                return .nginx(stableService: stable, canaryService: canaryService, weightTotal: canary.maxTrafficWeight)
            }
            if let istio = routing.istio {
                // Subset-level routing: one host, DestinationRule subsets selected by hash.
                if istio.destinationRule != nil && (stable.isEmpty || canaryService.isEmpty) {
                    return .istioSubsets(service: servingService(for: rollout, template: template))
                }
                return .istio(stableService: stable, canaryService: canaryService)
            }
            return .smi(stableService: stable, canaryService: canaryService)
        }
        return .none(service: servingService(for: rollout, template: template))
    }

    /// A Service that selects every pod of the rollout and is neither its stable nor its canary
    /// Service; one named after the rollout is added when the manifests have none.
    func servingService(for rollout: Rollout, template: ClusterPodTemplate) -> String {
        let canary = rollout.spec.strategy.canary
        let excluded = [canary?.stableService, canary?.canaryService].compactMap { $0 }
        for service in loaded.manifests.services where service.metadata.namespace == rollout.metadata.namespace
            && !excluded.contains(service.metadata.name) && !service.selector.entries.isEmpty {
            if service.selector.entries.allSatisfy({ template.label($0.key) == $0.value }) { return service.metadata.name }
        }
        let selector = rollout.spec.selector?.matchLabels.entries.map { LabelPair($0.key, $0.value) } ?? template.labels
        let name = rollout.metadata.name + "-all-pods"
        world.addService(name: name, namespace: rollout.metadata.namespace, selector: selector)
        return name
    }
}
