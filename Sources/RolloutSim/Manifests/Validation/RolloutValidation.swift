/// Argo: ValidateRollout (pkg/apis/rollouts/validation/validation.go), then the referenced-resource
/// checks (validation_references.go and the controller's getRolloutReferencedResources).
/// Field paths are upstream's, including its quirk of naming canary and blue-green fields directly
/// under `spec.strategy` (`spec.strategy.maxSurge`), because that is what the condition shows.
struct RolloutValidation {
    let rollout: Rollout
    let set: ManifestSet
    let sink: DiagnosticSink
    let errors: FieldErrors
    /// Which rollout manages each service (`namespace/name`), when several name it.
    let serviceOwners: [String: String]

    init(rollout: Rollout, set: ManifestSet, serviceOwners: [String: String] = [:], sink: DiagnosticSink) {
        self.rollout = rollout
        self.set = set
        self.serviceOwners = serviceOwners
        self.sink = sink
        self.errors = FieldErrors(prefix: "The Rollout \"\(rollout.metadata.name)\" is invalid: ", sink: sink)
    }

    var spec: RolloutSpec { rollout.spec }

    func run() {
        validateSpec()
        validateStrategy()
        validateReferences()
    }

    // MARK: ValidateRolloutSpec

    /// The Deployment a workloadRef names, when it is one of the manifests.
    var referencedDeployment: Deployment? {
        guard let ref = spec.workloadRef, ref.kind == "Deployment", let name = ref.name else { return nil }
        return set.deployment(named: name, namespace: rollout.metadata.namespace)
    }

    /// The pod template the controller validates: the Rollout's own, or the one resolved from the
    /// workloadRef (`TemplateResolvedFromRef`).
    var effectiveTemplate: PodTemplate? { spec.workloadRef == nil ? spec.template : referencedDeployment?.template }

    func validateSpec() {
        let locations = spec.locations
        if spec.replicasOrDefault < 0 {
            errors.invalid("spec.replicas", .int(spec.replicasOrDefault), "must be greater than or equal to 0", at: locations["replicas"])
        }
        var selector = spec.selector
        if let ref = spec.workloadRef {
            validateWorkloadRef(ref)
            if let template = spec.template, !template.isEmpty {
                errors.internalError("spec.template", "template must be empty for workload reference rollout", at: template.location)
            }
            if selector == nil { selector = referencedDeployment?.selector }
        } else if let selector {
            if selector.isEmpty {
                errors.invalid("spec.selector", .raw("v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"),
                               "empty selector is invalid for deployment", at: selector.location)
            }
        } else {
            errors.required("spec.selector", "Rollout has missing field '.spec.selector'", at: locations.object,
                            expected: "spec.selector.matchLabels matching the pod template's labels")
        }
        if spec.workloadRef == nil || referencedDeployment != nil {
            validatePodTemplate(effectiveTemplate, selector: selector)
        }
        if let minReady = spec.minReadySeconds, minReady < 0 {
            errors.invalid("spec.minReadySeconds", .int(minReady), "must be greater than or equal to 0", at: locations["minReadySeconds"])
        }
        if spec.revisionHistoryLimitOrDefault < 0 {
            errors.invalid("spec.revisionHistoryLimit", .int(spec.revisionHistoryLimitOrDefault), "must be greater than or equal to 0", at: locations["revisionHistoryLimit"])
        }
        let deadline = spec.progressDeadlineSecondsOrDefault
        if deadline < 0 {
            errors.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than or equal to 0", at: locations["progressDeadlineSeconds"])
        }
        if deadline <= (spec.minReadySeconds ?? 0) {
            errors.invalid("spec.progressDeadlineSeconds", .int(deadline), "must be greater than minReadySeconds", at: locations["progressDeadlineSeconds"])
        }
    }

    /// The controller resolves the workloadRef before validating; a missing object makes the
    /// rollout InvalidSpec, retried every 20 s (`InvalidWorkloadRef`).
    func validateWorkloadRef(_ ref: WorkloadRef) {
        let path = "spec.workloadRef"
        guard let kind = ref.kind, let name = ref.name, !name.isEmpty else {
            errors.invalid(path, .raw("&v1alpha1.ObjectRef{APIVersion:\"\(ref.apiVersion ?? "")\", Kind:\"\(ref.kind ?? "")\", Name:\"\(ref.name ?? "")\"}"),
                           "workload reference needs a kind and a name", at: ref.locations.object)
            return
        }
        switch kind {
        case "Deployment":
            if referencedDeployment == nil {
                errors.invalid(path, .string(name), "deployments.apps \"\(name)\" not found", at: ref.locations["name"],
                               expected: "a Deployment manifest named \(name) in namespace \(rollout.metadata.namespace)")
            }
        default:
            sink.warning(ref.locations["kind"], "workloadRef kind \(kind) is not simulated; the rollout has no pod template", expected: "kind Deployment")
        }
    }

    /// Kubernetes' ValidatePodTemplateSpecForReplicaSet, limited to what a simulation depends on:
    /// the selector must select the template's labels, and there must be named containers.
    func validatePodTemplate(_ template: PodTemplate?, selector: LabelSelector?) {
        let base = "spec.template"
        guard let template else {
            errors.required("\(base).spec.containers", "", at: spec.locations["template"], expected: "a pod template with at least one container")
            return
        }
        if let selector, !selector.isEmpty, !selector.matches(template.labels) {
            let labels = template.labels.entries.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ", ")
            errors.invalid("\(base).metadata.labels", .raw("map[string]string{\(labels)}"), "`selector` does not match template `labels`",
                           at: template.location)
        }
        if template.containers.isEmpty {
            errors.required("\(base).spec.containers", "", at: template.containersLocation, expected: "at least one container")
        }
        var names: Set<String> = []
        for (index, container) in template.containers.enumerated() {
            if container.name.isEmpty {
                errors.required("\(base).spec.containers[\(index)].name", "", at: container.location, expected: "a container name")
            } else if !names.insert(container.name).inserted {
                errors.duplicate("\(base).spec.containers[\(index)].name", .string(container.name), at: container.location)
            }
        }
    }

    // MARK: ValidateRolloutStrategy

    func validateStrategy() {
        let strategy = spec.strategy
        switch (strategy.canary, strategy.blueGreen) {
        case (nil, nil):
            errors.required("spec.strategy.strategy", "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'",
                            at: strategy.location, expected: "strategy.canary or strategy.blueGreen")
        case (.some, .some):
            errors.invalid("spec.strategy.strategy", .string("blueGreen: true canary: true"), "Multiple Strategies can not be listed", at: strategy.location)
        case (nil, .some(let blueGreen)):
            validateBlueGreen(blueGreen)
        case (.some(let canary), nil):
            validateCanary(canary)
        }
    }

    func validateBlueGreen(_ blueGreen: BlueGreenStrategy) {
        let path = "spec.strategy"
        if (blueGreen.activeService ?? "") == (blueGreen.previewService ?? "") {
            errors.invalid("\(path).activeService", .string(blueGreen.activeService ?? ""),
                           "This rollout uses the same service for the active and preview services, but two different services are required.",
                           at: blueGreen.locations["activeService"])
        }
        if let limit = blueGreen.scaleDownDelayRevisionLimit, spec.revisionHistoryLimitOrDefault < limit {
            errors.invalid("\(path).scaleDownDelayRevisionLimit", .int(limit),
                           "This rollout's revision history limit can not be smaller than the rollout's scale down limit",
                           at: blueGreen.locations["scaleDownDelayRevisionLimit"])
        }
        validateAntiAffinity(blueGreen.antiAffinity, path: "\(path).antiAffinity")
    }

    func validateAntiAffinity(_ antiAffinity: AntiAffinity?, path: String) {
        guard let antiAffinity else { return }
        if antiAffinity.hasPreferred == antiAffinity.hasRequired {
            errors.invalid(path, .string("antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: \(antiAffinity.hasPreferred) antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: \(antiAffinity.hasRequired)"),
                           "AntiAffinity must have exactly one strategy listed", at: antiAffinity.locations.object)
        }
        if antiAffinity.hasPreferred {
            let weight = antiAffinity.preferredWeight ?? 0
            if weight < 1 || weight > 100 {
                errors.invalid("\(path).weight", .int(weight), "AntiAffinity weight must be between 1-100",
                               at: antiAffinity.locations["preferredDuringSchedulingIgnoredDuringExecution"])
            }
        }
    }
}
