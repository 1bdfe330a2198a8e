// The cluster side of the world: ReplicaSets, their pods' life cycle, Services and endpoints.

extension World {
    // MARK: - ReplicaSets

    /// Creates the ReplicaSet `<rollout>-<podTemplateHash>` for a template, with no pods; when it
    /// already exists (the same template again) returns it with its revision updated.
    @discardableResult
    public func createReplicaSet(rolloutName: String, namespace: String, podTemplate: ClusterPodTemplate, revision: Int,
                                 minReadySeconds: SimDuration = .zero) -> ReplicaSetID {
        let hash = PodTemplateHash.compute(canonical: podTemplate.canonical)
        let name = rolloutName + "-" + hash
        if let existing = replicaSetByName[namespace + "/" + name] {
            replicaSets[existing.index].revision = revision
            replicaSets[existing.index].minReadySeconds = minReadySeconds
            return existing
        }
        let id = ReplicaSetID(index: replicaSets.count)
        replicaSets.append(ReplicaSet(id: id, name: name, namespace: namespace, rolloutName: rolloutName, podTemplateHash: hash,
                                      template: podTemplate, revision: revision, minReadySeconds: minReadySeconds))
        replicaSetNameRandom.append(streams.stream(named: StreamName("replicaset/\(namespace)/\(name)/pod-names")))
        replicaSetByName[namespace + "/" + name] = id
        replicaSetChanged.append(false)
        return id
    }

    public func replicaSet(named name: String, namespace: String) -> ReplicaSetID? {
        replicaSetByName[namespace + "/" + name]
    }

    /// Sets `spec.replicas` and does what the ReplicaSet controller does at once: creates the
    /// missing pods, or deletes the surplus in `PodDeletionOrder` (not ready first, then newest).
    public func scaleReplicaSet(_ id: ReplicaSetID, to replicas: Int) {
        precondition(replicas >= 0, "scaleReplicaSet: replicas must be >= 0")
        replicaSets[id.index].desiredReplicas = replicas
        let active = replicaSets[id.index].pods.filter { pods[$0.index].isActive }
        if active.count < replicas {
            for _ in active.count..<replicas { createPod(in: id) }
        } else if active.count > replicas {
            let now = self.now
            let victims = active.map { pods[$0.index] }
                .sorted { PodDeletionOrder.deletedBefore($0, $1, now: now) }
                .prefix(active.count - replicas)
            for victim in victims { deletePod(victim.id) }
        }
    }

    /// Creates `count` pods that are already Running, Ready and available at `now`, with no
    /// events: the stable revision as it stood before the scenario began.
    public func createAvailablePods(in id: ReplicaSetID, count: Int) {
        replicaSets[id.index].desiredReplicas += count
        let minReady = replicaSets[id.index].minReadySeconds
        for _ in 0..<count {
            let pod = createPod(in: id, silently: true)
            pods[pod.index].phase = .running
            pods[pod.index].container = .running(since: now)
            pods[pod.index].readySince = now - minReady
            becomeTarget(pod)
            if case .crashAfter(let lifetime) = versions.behaviour(at: podLives[pod.index].versionIndex, image: pods[pod.index].image).readiness {
                queue.schedule(.podCrashed(pod, startedAt: now), at: now + lifetime)
            }
        }
        replicaSetChanged[id.index] = true
        recomputeRouting()
    }

    /// `status.replicas / readyReplicas / availableReplicas` at `now`.
    public func status(of id: ReplicaSetID) -> ReplicaSetStatus {
        let rs = replicaSets[id.index]
        var status = ReplicaSetStatus(replicas: 0, readyReplicas: 0, availableReplicas: 0)
        for podID in rs.pods {
            let pod = pods[podID.index]
            if pod.isTerminating { status.terminating += 1 }
            guard pod.isActive else { continue }
            status.replicas += 1
            if pod.isReady { status.readyReplicas += 1 }
            if pod.isAvailable(minReadySeconds: rs.minReadySeconds, at: now) { status.availableReplicas += 1 }
        }
        return status
    }

    /// The pods of a ReplicaSet that are not gone, in creation order.
    public func livePods(of id: ReplicaSetID) -> [Pod] {
        replicaSets[id.index].pods.map { pods[$0.index] }.filter { !$0.isGone }
    }

    // MARK: - pod life cycle

    @discardableResult
    func createPod(in rsID: ReplicaSetID, silently: Bool = false) -> PodID {
        let rs = replicaSets[rsID.index]
        var name: String
        repeat {
            name = rs.name + "-" + PodTemplateHash.randomSuffix(using: &replicaSetNameRandom[rsID.index])
        } while podNames.contains(rs.namespace + "/" + name)
        podNames.insert(rs.namespace + "/" + name)

        let id = PodID(index: pods.count)
        var labels = rs.template.labels.filter { $0.key != PodTemplateHash.labelKey }
        labels.append(LabelPair(PodTemplateHash.labelKey, rs.podTemplateHash))
        labels.sort()
        let container = rs.template.containers[0]
        let pod = Pod(id: id, name: name, namespace: rs.namespace, replicaSet: rsID, rolloutName: rs.rolloutName,
                      labels: labels, annotations: rs.template.annotations, containerName: container.name,
                      image: container.image, createdAt: now,
                      ip: "10.244.\(id.index / 250).\(id.index % 250 + 2)",
                      uid: Self.makeUID(streams.stream(named: StreamName("pod/\(rs.namespace)/\(name)/uid"))))
        pods.append(pod)
        podLives.append(PodLife(versionIndex: versions.index(for: container.image)))
        podTraffic.append(PodTraffic(start: now, random: streams.stream(named: StreamName("pod/\(rs.namespace)/\(name)/traffic")),
                                     bucketCount: configuration.prometheus.durationBuckets.count))
        targets.append(makeTarget(for: pod))
        livePods.append(id)
        replicaSets[rsID.index].pods.append(id)
        replicaSetChanged[rsID.index] = true
        guard !silently else { return id }

        log(rs.objectName, "SuccessfulCreate", "Created pod: \(name)")
        log(pod.objectName, "Scheduled", "Successfully assigned \(rs.namespace)/\(name) to sim-node")
        var random = streams.stream(named: StreamName("pod/\(rs.namespace)/\(name)/startup"))
        let startup: SimDuration
        switch configuration.cluster.podStartup {
        case .fixed(let duration):
            startup = duration
        case .uniform(let low, let high):
            startup = SimDuration(milliseconds: Int64(random.nextInt(in: Int(low.milliseconds)...Int(max(low, high).milliseconds))))
        }
        queue.schedule(.podStarted(id), at: now + startup)
        return id
    }

    /// A UUID-shaped `metadata.uid` from the pod's own stream.
    static func makeUID(_ stream: SimRandom) -> String {
        var random = stream
        let hex = Array("0123456789abcdef")
        var text = ""
        for index in 0..<32 {
            if [8, 12, 16, 20].contains(index) { text.append("-") }
            text.append(hex[Int(random.nextInt(below: 16))])
        }
        return text
    }

    func podStarted(_ id: PodID) {
        guard pods[id.index].isActive else { return }
        pods[id.index].phase = .running
        pods[id.index].container = .running(since: now)
        log(pods[id.index].objectName, "Started", "Started container \(pods[id.index].containerName)")
        applyReadiness(id)
    }

    /// After a (re)start: ready or not, and when the container will crash, per the version.
    func applyReadiness(_ id: PodID) {
        let pod = pods[id.index]
        switch versions.behaviour(at: podLives[id.index].versionIndex, image: pod.image).readiness {
        case .ok:
            markReady(id)
        case .never:
            if !podLives[id.index].reportedUnhealthy {
                podLives[id.index].reportedUnhealthy = true
                log(pod.objectName, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503")
            }
        case .crashAfter(let lifetime):
            markReady(id)
            queue.schedule(.podCrashed(id, startedAt: now), at: now + lifetime)
        }
    }

    func markReady(_ id: PodID) {
        pods[id.index].readySince = now
        let rs = pods[id.index].replicaSet
        replicaSetChanged[rs.index] = true
        let minReady = replicaSets[rs.index].minReadySeconds
        if minReady.milliseconds > 0 { queue.schedule(.podAvailable(id, readySince: now), at: now + minReady) }
        becomeTarget(id)
        recomputeRouting()
    }

    /// The container exits. kubelet's back-off (`kuberuntime doBackOff`, `flowcontrol.Backoff`):
    /// with no back-off entry, or one not updated for 10 minutes, it restarts at once and the entry
    /// starts at 10s; otherwise it waits the entry's back-off (CrashLoopBackOff) and doubles it, up
    /// to 5m. Starting the container again takes `CrashLoopBackOff.restartTime`.
    func podCrashed(_ id: PodID, startedAt: VirtualTime) {
        guard pods[id.index].isActive, pods[id.index].container == .running(since: startedAt) else { return }
        accrue(id)
        podTraffic[id.index].restartProcess()
        pods[id.index].readySince = nil
        pods[id.index].restartCount += 1
        replicaSetChanged[pods[id.index].replicaSet.index] = true

        var wait = SimDuration.zero
        if let backOff = podLives[id.index].backOff, now - podLives[id.index].backOffUpdatedAt <= CrashLoopBackOff.resetAfter {
            wait = backOff
            podLives[id.index].backOff = min(backOff * 2, CrashLoopBackOff.maximum)
            let pod = pods[id.index]
            log(pod.objectName, "BackOff", "Back-off restarting failed container \(pod.containerName) in pod \(pod.name)_\(pod.namespace)")
        } else {
            podLives[id.index].backOff = CrashLoopBackOff.initial
        }
        let restartAt = now + wait + CrashLoopBackOff.restartTime
        podLives[id.index].backOffUpdatedAt = now + wait
        pods[id.index].container = .crashLoopBackOff(restartAt: restartAt)
        queue.schedule(.podRestarted(id), at: restartAt)
        recomputeRouting()
    }

    func podRestarted(_ id: PodID) {
        guard pods[id.index].isActive, case .crashLoopBackOff = pods[id.index].container else { return }
        pods[id.index].container = .running(since: now)
        log(pods[id.index].objectName, "Pulled", "Container image \"\(pods[id.index].image)\" already present on machine")
        log(pods[id.index].objectName, "Started", "Started container \(pods[id.index].containerName)")
        applyReadiness(id)
    }

    /// Deletion: the pod is Terminating and leaves every endpoint list at once; it is gone after
    /// `podShutdown`.
    func deletePod(_ id: PodID) {
        guard pods[id.index].isActive else { return }
        pods[id.index].deletedAt = now
        let rs = replicaSets[pods[id.index].replicaSet.index]
        replicaSetChanged[rs.id.index] = true
        log(rs.objectName, "SuccessfulDelete", "Deleted pod: \(pods[id.index].name)")
        log(pods[id.index].objectName, "Killing", "Stopping container \(pods[id.index].containerName)")
        queue.schedule(.podGone(id), at: now + configuration.cluster.podShutdown)
        recomputeRouting()
    }

    func podGone(_ id: PodID) {
        pods[id.index].isGone = true
        if let position = livePods.firstIndex(of: id) { livePods.remove(at: position) }
    }

    // MARK: - Services

    /// Adds a Service with its manifest selector.
    @discardableResult
    public func addService(name: String, namespace: String, selector: [LabelPair]) -> ServiceID {
        if let existing = serviceByName[namespace + "/" + name] { return existing }
        let id = ServiceID(index: services.count)
        services.append(ClusterService(id: id, name: name, namespace: namespace, selector: selector.sorted()))
        serviceByName[namespace + "/" + name] = id
        recomputeRouting()
        return id
    }

    public func service(named name: String, namespace: String) -> ServiceID? {
        serviceByName[namespace + "/" + name]
    }

    /// Sets (or with nil removes) the selector's `rollouts-pod-template-hash`, as the Rollout
    /// controller does (`ensureSVCTargets`).
    public func setServiceSelector(_ id: ServiceID, podTemplateHash: String?) {
        var selector = services[id.index].selector.filter { $0.key != PodTemplateHash.labelKey }
        if let podTemplateHash { selector.append(LabelPair(PodTemplateHash.labelKey, podTemplateHash)) }
        services[id.index].selector = selector.sorted()
        recomputeRouting()
    }

    /// The ready pods a Service selects, not Terminating, ascending by id.
    public func endpoints(of id: ServiceID) -> [PodID] {
        let service = services[id.index]
        return livePods.filter { podID in
            let pod = pods[podID.index]
            return pod.isReady && pod.isActive && service.selects(pod)
        }
    }
}

extension CrashLoopBackOff {
    /// How long the runtime takes to start the container again after the back-off.
    static let restartTime = SimDuration.seconds(1)
}
