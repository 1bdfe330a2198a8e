// Running the controllers' passes and applying their writes to the world.

extension SimulationRun {
    func observe(_ index: Int) -> ObservedCanary {
        let runtime = rollouts[index]
        let replicaSets = runtime.replicaSets.map { id -> ObservedReplicaSet in
            let rs = world.replicaSets[id.index]
            return ObservedReplicaSet(id: id, name: rs.name, podTemplateHash: rs.podTemplateHash, revision: rs.revision,
                                      specReplicas: rs.desiredReplicas, status: world.status(of: id),
                                      scaleDownDeadline: runtime.scaleDownDeadlines[id])
        }
        func selectorHash(_ name: String?) -> String? {
            guard let name, let id = world.service(named: name, namespace: runtime.namespace) else { return nil }
            return world.services[id.index].podTemplateHash
        }
        return ObservedCanary(rollout: runtime.rollout, generation: runtime.generation, templateHash: runtime.templateHash,
                              status: runtime.status, replicaSets: replicaSets,
                              stableServiceHash: selectorHash(runtime.stableServiceName),
                              canaryServiceHash: selectorHash(runtime.canaryServiceName),
                              analysisRuns: runtime.analysisRuns, analysisTemplates: templates)
    }

    /// One Rollout pass at `now`: reconcile, apply the writes, record what changed, and ask for the
    /// next pass when anything was written (upstream's informer delivers its own writes).
    func reconcile(_ index: Int) {
        if rollouts[index].lastPassInstant == now {
            rollouts[index].passesAtInstant += 1
            guard rollouts[index].passesAtInstant <= Simulation.maximumPassesPerInstant else {
                if rollouts[index].passesAtInstant == Simulation.maximumPassesPerInstant + 1 {
                    log(rollouts[index].objectName, "SimulatorReconcileLimit",
                        "More than \(Simulation.maximumPassesPerInstant) passes at one instant; further passes at this time are skipped")
                }
                return
            }
        } else {
            rollouts[index].lastPassInstant = now
            rollouts[index].passesAtInstant = 1
        }
        reconcilePasses += 1
        let before = rollouts[index].status
        let result = rollouts[index].isBlueGreen
            ? BlueGreenReconciler.reconcile(observeBlueGreen(index), now: now)
            : CanaryReconciler.reconcile(observe(index), now: now)
        let object = rollouts[index].objectName
        for event in result.events { log(object, event.reason, event.message) }
        var wrote = false
        for write in result.writes where apply(write, rollout: index, status: result.status) { wrote = true }
        flushWorldEvents()
        rollouts[index].status = result.status
        if rollouts[index].isBlueGreen { recordSelectors(index) }
        recordBasicCanaryWeight(index)
        recordHistory(index, before: before, stepCompleted: result.events.contains { $0.reason == "RolloutStepCompleted" })
        if wrote || result.status != before {
            sampleReplicaSets()
            requestPass(index)
        }
        if let at = result.requeueAt, at > now, !rollouts[index].timerTimes.contains(at) {
            rollouts[index].timerTimes.append(at)
            queue.schedule(.rolloutTimer(rollout: index), at: at)
        }
    }

    /// Applies one write; returns whether it changed anything.
    func apply(_ write: ControllerWrite, rollout index: Int, status: RolloutStatus) -> Bool {
        let runtime = rollouts[index]
        switch write {
        case .createReplicaSet(let revision):
            let minReady = SimDuration.seconds(Int64(runtime.rollout.spec.minReadySeconds ?? 0))
            let id = world.createReplicaSet(rolloutName: runtime.name, namespace: runtime.namespace, podTemplate: runtime.template,
                                            revision: revision, minReadySeconds: minReady)
            if !rollouts[index].replicaSets.contains(id) {
                rollouts[index].replicaSets.append(id)
                rollouts[index].createdAt[id] = now
            }
            return true
        case .setRevision(let id, let revision):
            let rs = world.replicaSets[id.index]
            world.createReplicaSet(rolloutName: runtime.name, namespace: runtime.namespace, podTemplate: rs.template,
                                   revision: revision, minReadySeconds: rs.minReadySeconds)
            return true
        case .scaleReplicaSet(let id, let count):
            guard world.replicaSets[id.index].desiredReplicas != count else { return false }
            world.scaleReplicaSet(id, to: count)
            return true
        case .setScaleDownDeadline(let id, let deadline):
            guard rollouts[index].scaleDownDeadlines[id] != deadline else { return false }
            rollouts[index].scaleDownDeadlines[id] = deadline
            return true
        case .setServiceSelector(let name, let hash):
            guard let id = world.service(named: name, namespace: runtime.namespace),
                  world.services[id.index].podTemplateHash != hash else { return false }
            let previous = world.services[id.index].podTemplateHash ?? ""
            world.setServiceSelector(id, podTemplateHash: hash)
            // Argo: ensureSVCTargets (rollout/service.go) records this on the Rollout.
            log(runtime.objectName, "SwitchService", "Switched selector for service '\(name)' from '\(previous)' to '\(hash)'")
            return true
        case .setCanaryWeight(let weight):
            guard runtime.hasRouter else { return false }
            if case .istioSubsets = currentProvider(index), let weights = status.weights {
                world.setDestinationRuleSubsets(rolloutName: runtime.name, namespace: runtime.namespace,
                                                stableHash: weights.stablePodTemplateHash, canaryHash: weights.canaryPodTemplateHash)
            }
            guard world.routerWeights(rolloutName: runtime.name, namespace: runtime.namespace)?.desiredWeight != weight else { return false }
            world.setDesiredCanaryWeight(rolloutName: runtime.name, namespace: runtime.namespace, weight: weight)
            rollouts[index].desiredHistory.append((now, weight))
            return true
        case .setManagedRoute(let name, let kind):
            guard !rollouts[index].managedRoutes.contains(name) else { return false }
            rollouts[index].managedRoutes.append(name)
            log(runtime.objectName, "ManagedRouteSet", "Set \(kind) route '\(name)' on the router (recorded, not routed by the simulator)")
            return true
        case .removeManagedRoutes:
            guard !rollouts[index].managedRoutes.isEmpty else { return false }
            rollouts[index].managedRoutes = []
            return true
        case .createAnalysisRun(var run):
            run.status.phase = .unset
            rollouts[index].analysisRuns.append(run)
            rollouts[index].analysisLogs.append(MeasurementLog())
            rollouts[index].analysisCreatedAt.append(now)
            rollouts[index].analysisRevision.append(world.replicaSets.first { $0.podTemplateHash == run.label(AnalysisRun.podTemplateHashLabel) }?.revision ?? 0)
            rollouts[index].analysisTimerAt.append(nil)
            rollouts[index].analysisPassPending.append(false)
            requestAnalysisPass(index, run: rollouts[index].analysisRuns.count - 1, at: now)
            return true
        case .terminateAnalysisRun(let name):
            guard let run = rollouts[index].analysisRuns.lastIndex(where: { $0.name == name }),
                  !rollouts[index].analysisRuns[run].spec.terminate else { return false }
            rollouts[index].analysisRuns[run].spec.terminate = true
            requestAnalysisPass(index, run: run, at: now)
            return true
        }
    }

    /// Without a router the desired weight is only recorded, for the run summary: the setWeight
    /// in force (`GetCurrentSetWeight`).
    func recordBasicCanaryWeight(_ index: Int) {
        let runtime = rollouts[index]
        guard !runtime.hasRouter, var inputs = CanaryInputs(spec: runtime.rollout.spec) else { return }
        inputs.currentStepIndex = runtime.status.currentStepIndex
        inputs.abort = runtime.status.abort
        let weight = runtime.status.isFullyPromoted ? 0 : inputs.currentSetWeight
        guard world.routerWeights(rolloutName: runtime.name, namespace: runtime.namespace)?.desiredWeight != weight else { return }
        world.setDesiredCanaryWeight(rolloutName: runtime.name, namespace: runtime.namespace, weight: weight)
    }

    func currentProvider(_ index: Int) -> TrafficProvider? {
        let runtime = rollouts[index]
        guard let canary = runtime.rollout.spec.strategy.canary else { return nil }
        return trafficProvider(for: runtime.rollout, canary: canary, template: runtime.template)
    }

    /// One AnalysisRun pass; a phase change wakes the rollout, a status change the run itself.
    func reconcileAnalysis(_ index: Int, run runIndex: Int) {
        let run = rollouts[index].analysisRuns[runIndex]
        guard !run.status.phase.isCompleted else { return }
        analysisPasses += 1
        let outcome = AnalysisController.reconcilePass(run, now: now, context: context)
        rollouts[index].analysisLogs[runIndex].record(outcome)
        for event in outcome.events { log("AnalysisRun/" + run.name, event.reason, event.message) }
        rollouts[index].analysisRuns[runIndex] = outcome.run
        if outcome.run.status.phase != run.status.phase { requestPass(index) }
        if outcome.run.status != run.status { requestAnalysisPass(index, run: runIndex, at: now) }
        if let at = outcome.requeueAt, at > now { requestAnalysisPass(index, run: runIndex, at: at) }
    }

    /// Phases, steps and the stable's history for the summary, after a pass.
    func recordHistory(_ index: Int, before: RolloutStatus, stepCompleted: Bool = false) {
        let status = rollouts[index].status
        if status.phase != before.phase || rollouts[index].phases.last?.phase != status.phase {
            rollouts[index].phases.append(PhaseRecord(t: now, phase: status.phase, message: status.message))
        }
        if status.stableRS != before.stableRS { rollouts[index].stableHistory.append((now, status.stableRS)) }
        let steps = rollouts[index].rollout.spec.strategy.canary?.steps ?? []
        let update = status.currentPodHash != before.currentPodHash
        let retried = before.abort && !status.abort
        if update || retried || status.currentStepIndex != before.currentStepIndex {
            if var open = rollouts[index].steps.last, open.completedAt == nil {
                let advanced = stepCompleted && !update && (before.currentStepIndex.map { $0 + 1 } == status.currentStepIndex)
                    && open.index == before.currentStepIndex
                if advanced {
                    open.completedAt = now
                    rollouts[index].steps[rollouts[index].steps.count - 1] = open
                } else {
                    // Left without completing (abort, promote, a new update): the record stays open.
                    rollouts[index].steps[rollouts[index].steps.count - 1].completedAt = nil
                }
            }
            let isNewUpdate = status.currentPodHash != status.stableRS
            if let stepIndex = status.currentStepIndex, stepIndex < steps.count, isNewUpdate, !status.abort {
                rollouts[index].steps.append(StepRecord(index: stepIndex, step: CanaryReconciler.stepString(steps[stepIndex]),
                                                        startedAt: now, completedAt: nil))
            }
        }
    }
}
