// The traffic side of the world: providers, shares per pod, load and version changes, totals.

/// The share of a rollout's load reaching the pods of one ReplicaSet.
public struct TrafficShare: Sendable, Hashable {
    public var podTemplateHash: String
    public var share: Double
}

/// The three weights of a rollout at one instant (STYLE: desired, router, effective): what the
/// controller asked for, what the provider holds, and where the load actually goes.
public struct WeightRecord: Sendable, Hashable {
    public var t: VirtualTime
    public var desiredWeight: Int
    public var routerWeight: Int
    public var weightTotal: Int
    /// The share of the load reaching each ReplicaSet's pods, sorted by hash.
    public var effectiveShares: [TrafficShare]
    /// The share that reaches no pod (503 at the router).
    public var unservedShare: Double
}

extension World {
    /// Declares how a rollout's traffic is routed. The router starts at canary weight 0.
    public func configureTraffic(rolloutName: String, namespace: String, provider: TrafficProvider) {
        let key = namespace + "/" + rolloutName
        let router = WeightStep.encode(desired: 0, provider: provider, step: configuration.traffic.weightStep)
        if let index = routingByRollout[key] {
            routings[index].provider = provider
            routings[index].router = router
        } else {
            routingByRollout[key] = routings.count
            routings.append(RolloutRouting(
                name: rolloutName, namespace: namespace, provider: provider, router: router,
                unservedLastAccrued: now, unservedRandom: streams.stream(named: StreamName("rollout/\(namespace)/\(rolloutName)/unserved"))))
        }
        recomputeRouting()
    }

    /// The controller's `SetWeight(w)`: each provider encodes it (integer weights, NGINX's
    /// `canary-weight-total`, the scenario's `weightStep`) and routes by what it holds.
    /// Returns desired and router weights. Without a provider the weight is only recorded.
    @discardableResult
    public func setDesiredCanaryWeight(rolloutName: String, namespace: String, weight: Int) -> RouterWeights {
        guard let index = routingByRollout[namespace + "/" + rolloutName] else {
            preconditionFailure("setDesiredCanaryWeight: no traffic configured for \(namespace)/\(rolloutName)")
        }
        let router = WeightStep.encode(desired: weight, provider: routings[index].provider, step: configuration.traffic.weightStep)
        routings[index].router = router
        recomputeRouting()
        return router
    }

    /// Blue-green smoke tests: `rps` requests per second, on top of the rollout's load, spread over
    /// the ready endpoints of the preview Service `service` (none reach a pod while it has none).
    public func setPreviewLoad(rolloutName: String, namespace: String, service: String, rps: Double) {
        guard let index = routingByRollout[namespace + "/" + rolloutName] else { return }
        routings[index].previewService = service
        routings[index].previewRps = rps
        recomputeRouting()
    }

    /// Istio subset-level routing: the DestinationRule's stable and canary subsets' hash labels
    /// (`UpdateHash`). nil leaves a subset selecting every pod of the host.
    public func setDestinationRuleSubsets(rolloutName: String, namespace: String, stableHash: String?, canaryHash: String?) {
        guard let index = routingByRollout[namespace + "/" + rolloutName] else { return }
        routings[index].stableSubsetHash = stableHash
        routings[index].canarySubsetHash = canaryHash
        recomputeRouting()
    }

    public func routerWeights(rolloutName: String, namespace: String) -> RouterWeights? {
        routingByRollout[namespace + "/" + rolloutName].map { routings[$0].router }
    }

    /// The current share of the rollout's load reaching each ReplicaSet's pods (sorted by hash),
    /// and the share that reaches no pod at all.
    public func trafficShares(rolloutName: String, namespace: String) -> (shares: [TrafficShare], unserved: Double) {
        guard let index = routingByRollout[namespace + "/" + rolloutName] else { return ([], 0) }
        let split = split(for: routings[index])
        return (sharesByHash(split.pods), split.unserved)
    }

    /// Every change of a rollout's desired, router or effective weights, in time order (a change
    /// of several at one instant is recorded once, with the final values).
    public func weightHistory(rolloutName: String, namespace: String) -> [WeightRecord] {
        routingByRollout[namespace + "/" + rolloutName].map { routings[$0].history } ?? []
    }

    /// Per-pod shares summed per ReplicaSet hash, sorted by hash; pods in order, so the sums are
    /// always formed in the same order.
    func sharesByHash(_ podShares: [(PodID, Double)]) -> [TrafficShare] {
        var result: [TrafficShare] = []
        for (podID, share) in podShares.sorted(by: { $0.0 < $1.0 }) {
            let hash = pods[podID.index].label(PodTemplateHash.labelKey) ?? ""
            if let index = result.firstIndex(where: { $0.podTemplateHash == hash }) {
                result[index].share += share
            } else {
                result.append(TrafficShare(podTemplateHash: hash, share: share))
            }
        }
        return result.sorted { $0.podTemplateHash < $1.podTemplateHash }
    }

    /// Appends a weight record when anything changed; replaces the last one when it is from `now`.
    func recordWeights(_ index: Int, shares: [TrafficShare], unserved: Double) {
        let router = routings[index].router
        let record = WeightRecord(t: now, desiredWeight: router.desiredWeight, routerWeight: router.routerWeight,
                                  weightTotal: router.weightTotal, effectiveShares: shares, unservedShare: unserved)
        if let last = routings[index].history.last {
            var unchanged = last
            unchanged.t = now
            if unchanged == record { return }
            if last.t == now { routings[index].history.removeLast() }
        }
        routings[index].history.append(record)
    }

    /// The current share of the rollout's load reaching the pods of the ReplicaSet with this hash:
    /// the "effective" weight, next to the desired and router weights.
    public func effectiveShare(rolloutName: String, namespace: String, podTemplateHash: String) -> Double {
        trafficShares(rolloutName: rolloutName, namespace: namespace).shares.first { $0.podTemplateHash == podTemplateHash }?.share ?? 0
    }

    /// `setTraffic`: a new load curve from `now` on (its times stay relative to t=0).
    public func setLoad(_ curve: LoadCurve) {
        accrueAll()
        load = curve
        scheduleLoadSteps()
    }

    /// `setVersion`: changes an image's behaviour from `now` on; nil fields keep their value.
    public func setVersion(image: String, errorRate: Double? = nil, latency: LatencyQuantiles? = nil, capacityRps: Double?? = nil) {
        accrueAll()
        if versions.update(image: image, errorRate: errorRate, latency: latency, capacityRps: capacityRps) {
            for index in pods.indices { podLives[index].versionIndex = versions.index(for: pods[index].image) }
        }
    }

    /// Requests served and errors answered by a ReplicaSet's pods up to `now`.
    public func servedTotals(of id: ReplicaSetID) -> ServedTotals {
        for podID in replicaSets[id.index].pods where !pods[podID.index].isGone { accrue(podID) }
        return replicaSets[id.index].served
    }

    /// Requests of a rollout that reached no pod (503 at the router) up to `now`.
    public func unservedRequests(rolloutName: String, namespace: String) -> Int {
        guard let index = routingByRollout[namespace + "/" + rolloutName] else { return 0 }
        accrueUnserved(index)
        return routings[index].unserved
    }

    // MARK: - shares

    /// Shares of the load per pod for one rollout's routing, in pod order, plus the unserved share.
    ///
    /// Within a backend requests spread evenly over its endpoints (kube-proxy and the meshes
    /// balance per request). A backend without endpoints: ingress-nginx skips a canary backend
    /// with no endpoints (`mergeAlternativeBackends`), so its share goes to the stable backend;
    /// Istio and SMI answer 503 ("no healthy upstream") for the share of an empty backend.
    func split(for routing: RolloutRouting) -> (pods: [(PodID, Double)], unserved: Double) {
        var result: [(PodID, Double)] = []
        var unserved = 0.0
        func spread(_ share: Double, over endpoints: [PodID]) {
            guard share > 0 else { return }
            guard !endpoints.isEmpty else { unserved += share; return }
            let each = share / Double(endpoints.count)
            for id in endpoints { result.append((id, each)) }
        }
        let namespace = routing.namespace
        func endpointsOf(_ name: String) -> [PodID] {
            service(named: name, namespace: namespace).map { endpoints(of: $0) } ?? []
        }
        let canaryShare = routing.router.intendedCanaryShare
        switch routing.provider {
        case .none(let service):
            spread(1, over: endpointsOf(service))
        case .nginx(let stable, let canary, _):
            let canaryEndpoints = endpointsOf(canary)
            if canaryEndpoints.isEmpty {
                spread(1, over: endpointsOf(stable))
            } else {
                spread(canaryShare, over: canaryEndpoints)
                spread(1 - canaryShare, over: endpointsOf(stable))
            }
        case .istio(let stable, let canary), .smi(let stable, let canary):
            spread(canaryShare, over: endpointsOf(canary))
            spread(1 - canaryShare, over: endpointsOf(stable))
        case .istioSubsets(let service):
            let all = endpointsOf(service)
            func subset(_ hash: String?) -> [PodID] {
                guard let hash else { return all }
                return all.filter { pods[$0.index].label(PodTemplateHash.labelKey) == hash }
            }
            spread(canaryShare, over: subset(routing.canarySubsetHash))
            spread(1 - canaryShare, over: subset(routing.stableSubsetHash))
        }
        return (result, unserved)
    }

    /// Recomputes every pod's share after anything that moves traffic (endpoints, selectors,
    /// weights). A pod whose share changes is accrued to `now` at its old share first, so every
    /// segment has a constant share.
    func recomputeRouting() {
        var shares = [Double](repeating: 0, count: pods.count)
        var extras = [Double](repeating: 0, count: pods.count)
        var unserved = [Double](repeating: 0, count: routings.count)
        for index in routings.indices {
            let split = split(for: routings[index])
            for (id, share) in split.pods { shares[id.index] += share }
            unserved[index] = split.unserved
            recordWeights(index, shares: sharesByHash(split.pods), unserved: split.unserved)
            if let preview = routings[index].previewService, routings[index].previewRps > 0,
               let service = service(named: preview, namespace: routings[index].namespace) {
                let endpoints = endpoints(of: service)
                for id in endpoints { extras[id.index] += routings[index].previewRps / Double(endpoints.count) }
            }
        }
        for id in livePods where podTraffic[id.index].share != shares[id.index] || podTraffic[id.index].extraRps != extras[id.index] {
            accrue(id)
            podTraffic[id.index].share = shares[id.index]
            podTraffic[id.index].extraRps = extras[id.index]
        }
        for index in routings.indices where routings[index].unservedShare != unserved[index] {
            accrueUnserved(index)
            routings[index].unservedShare = unserved[index]
        }
    }

    // MARK: - accrual

    /// Advances one pod's counters to `now` (DESIGN §5).
    func accrue(_ id: PodID) {
        let before = podTraffic[id.index].served
        podTraffic[id.index].accrue(to: now, load: load,
                                    behaviour: versions.behaviour(at: podLives[id.index].versionIndex, image: pods[id.index].image),
                                    bucketBounds: configuration.prometheus.durationBuckets)
        let after = podTraffic[id.index].served
        if after != before {
            let rs = pods[id.index].replicaSet.index
            replicaSets[rs].served.requests += after.requests - before.requests
            replicaSets[rs].served.errors += after.errors - before.errors
        }
    }

    func accrueUnserved(_ index: Int) {
        defer { routings[index].unservedLastAccrued = now }
        let share = routings[index].unservedShare
        guard share > 0, now > routings[index].unservedLastAccrued else { return }
        let mean = share * load.requests(from: routings[index].unservedLastAccrued, to: now)
        guard mean > 0 else { return }
        routings[index].unserved += PoissonDistribution(mean: mean).sample(using: &routings[index].unservedRandom)
    }

    /// Every pod and router to `now`: before a load or behaviour change, and at load steps.
    func accrueAll() {
        for id in livePods where podTraffic[id.index].share > 0 || podTraffic[id.index].extraRps > 0 { accrue(id) }
        for index in routings.indices { accrueUnserved(index) }
    }

    /// Timers at the load's step boundaries ahead, which end accrual segments (the saturation
    /// level depends on the rate, so a segment must not straddle a step).
    func scheduleLoadSteps() {
        for time in load.stepChanges(after: now, through: VirtualTime(milliseconds: Int64.max / 2)) {
            queue.schedule(.loadStep, at: time)
        }
    }
}
