// Operator actions from the scenario's timeline, as the kubectl plugin performs them: each only
// patches the Rollout's spec or status; the controller's next pass does the rest (reference §6.5).

extension SimulationRun {
    func apply(_ action: TimelineAction) {
        let before = action.rollout.flatMap { rolloutIndex($0) }.map { ($0, rollouts[$0].status) }
        defer {
            if let (index, status) = before, rollouts[index].status != status { recordHistory(index, before: status) }
        }
        switch action.action {
        case .setImage(let reference, let container, let image):
            guard let index = rolloutIndex(reference) else { return }
            setImage(index, container: container ?? "*", image: image)
        case .promote(let reference, let full):
            guard let index = rolloutIndex(reference) else { return }
            promote(index, full: full)
        case .abort(let reference):
            guard let index = rolloutIndex(reference) else { return }
            rollouts[index].status.abort = true
            userCommand(index, "rollout '\(rollouts[index].name)' aborted")
        case .retry(let reference):
            guard let index = rolloutIndex(reference) else { return }
            rollouts[index].status.abort = false
            userCommand(index, "rollout '\(rollouts[index].name)' retried")
        case .pause(let reference):
            guard let index = rolloutIndex(reference) else { return }
            rollouts[index].rollout.spec.paused = true
            rollouts[index].generation += 1
            userCommand(index, "rollout '\(rollouts[index].name)' paused")
        case .undo(let reference, let toRevision):
            guard let index = rolloutIndex(reference) else { return }
            undo(index, toRevision: toRevision)
        case .apply(let file):
            applyManifests(file)
        case .setVersion(let change):
            world.setVersion(image: change.image, errorRate: change.errorRate, latency: change.latency,
                             capacityRps: change.capacityRps.map { Optional($0) })
            log("Scenario/" + scenario.name, "SetVersion", "Behaviour of \(change.image) changed")
        case .setTraffic(let curve):
            world.setLoad(curve)
            log("Scenario/" + scenario.name, "SetTraffic", "Load changed")
        }
    }

    func rolloutIndex(_ reference: RolloutReference) -> Int? {
        rollouts.firstIndex { $0.name == reference.name && (reference.namespace == nil || reference.namespace == $0.namespace) }
    }

    /// The plugin's output line, logged on the Rollout; then the controller wakes.
    func userCommand(_ index: Int, _ output: String) {
        log(rollouts[index].objectName, "UserCommand", output)
        requestPass(index)
    }

    func setTemplate(_ index: Int, _ template: PodTemplate) {
        rollouts[index].rollout.spec.template = template
        rollouts[index].template = template.clusterTemplate
        rollouts[index].templateHash = PodTemplateHash.compute(canonical: rollouts[index].template.canonical)
        rollouts[index].generation += 1
    }

    /// `kubectl argo rollouts set image`.
    func setImage(_ index: Int, container: String, image: String) {
        guard let template = rollouts[index].rollout.spec.template,
              let updated = template.settingImage(image, container: container) else {
            log(rollouts[index].objectName, "UserCommand", "unable to find container named \"\(container)\"")
            return
        }
        setTemplate(index, updated)
        userCommand(index, "rollout \"\(rollouts[index].name)\" image updated")
    }

    /// `kubectl argo rollouts promote [--full]`. Argo: getPatches (cmd/promote/promote.go).
    func promote(_ index: Int, full: Bool) {
        var status = rollouts[index].status
        let name = rollouts[index].name
        if rollouts[index].rollout.spec.paused {
            rollouts[index].rollout.spec.paused = false
            rollouts[index].generation += 1
        }
        let stepCount = rollouts[index].rollout.spec.strategy.canary?.steps.count ?? 0
        if full {
            if status.currentPodHash != status.stableRS { status.promoteFull = true }
            rollouts[index].status = status
            userCommand(index, "rollout '\(name)' fully promoted")
            return
        }
        let next = min((status.currentStepIndex ?? 0) + 1, stepCount)
        if status.currentStepAnalysisRun?.phase == .inconclusive && !status.pauseConditions.isEmpty && status.controllerPause {
            status.pauseConditions = []
            status.controllerPause = false
            if status.currentStepIndex != nil { status.currentStepIndex = next }
        } else if !status.pauseConditions.isEmpty {
            status.pauseConditions = []
        } else if status.currentStepIndex != nil {
            status.pauseConditions = []
            status.currentStepIndex = next
        }
        rollouts[index].status = status
        userCommand(index, "rollout '\(name)' promoted")
    }

    /// `kubectl argo rollouts undo [--to-revision N]`: the template of the ReplicaSet with the
    /// second-highest revision, or of revision N.
    func undo(_ index: Int, toRevision: Int?) {
        let owned = rollouts[index].replicaSets.map { world.replicaSets[$0.index] }.sorted { $0.revision > $1.revision }
        let target = toRevision.map { revision in owned.first { $0.revision == revision } } ?? (owned.count > 1 ? owned[1] : nil)
        guard let target else {
            let message = toRevision.map { "unable to find specified revision \($0) in history" } ?? "no rollout history found"
            log(rollouts[index].objectName, "UserCommand", message)
            return
        }
        if target.podTemplateHash == rollouts[index].templateHash {
            log(rollouts[index].objectName, "UserCommand", "skipped rollback (current template already matches revision \(target.revision))")
            return
        }
        guard var template = rollouts[index].rollout.spec.template else { return }
        // The ReplicaSet keeps the template it was created from; its containers carry the images.
        for container in target.template.containers {
            if let updated = template.settingImage(container.image, container: container.name) { template = updated }
        }
        setTemplate(index, template)
        rollouts[index].template = target.template
        rollouts[index].templateHash = target.podTemplateHash
        userCommand(index, "rollout '\(rollouts[index].name)' undo")
    }

    /// A changed manifest file, as GitOps would apply it: Rollouts replace their spec (a new
    /// template or new steps start a new update); AnalysisTemplates are replaced or added.
    func applyManifests(_ file: PathReference) {
        guard let entry = loaded.appliedManifests.first(where: { $0.path == file.path }) else { return }
        for manifest in entry.manifests {
            switch manifest {
            case .rollout(let rollout):
                guard let index = rollouts.firstIndex(where: { $0.name == rollout.metadata.name && $0.namespace == rollout.metadata.namespace }),
                      let template = rollout.spec.template else { continue }
                let blueGreen = rollout.spec.strategy.canary == nil && rollout.spec.strategy.blueGreen != nil
                guard rollout.spec.strategy.canary != nil || blueGreen, blueGreen == rollouts[index].isBlueGreen else {
                    log("Rollout/" + rollout.metadata.name, "NotSimulated", "The applied Rollout changes its strategy; the change is not simulated")
                    continue
                }
                rollouts[index].rollout = rollout
                setTemplate(index, template)
                userCommand(index, "rollout.argoproj.io/\(rollout.metadata.name) configured")
            case .analysisTemplate(let template), .clusterAnalysisTemplate(let template):
                templates.removeAll { $0.metadata.name == template.metadata.name && $0.metadata.namespace == template.metadata.namespace
                    && $0.isClusterScoped == template.isClusterScoped }
                templates.append(template)
            default:
                continue
            }
        }
    }
}
