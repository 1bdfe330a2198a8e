/// The part of a canary step that the weight and replica rules read.
///
/// Upstream's `CanaryStep` is a struct of optional fields, and its own tests build steps that set
/// both `setWeight` and `setCanaryScale` (validation would refuse such a step). `GetCurrentSetWeight`
/// and `UseSetCanaryScale` each look at their own field, so both are kept here.
public struct CanaryStepRule: Sendable, Equatable {
    public var setWeight: Int?
    public var setCanaryScale: CanaryScaleRule?

    public init(setWeight: Int? = nil, setCanaryScale: CanaryScaleRule? = nil) {
        self.setWeight = setWeight
        self.setCanaryScale = setCanaryScale
    }

    /// A `setWeight: N` step.
    public static func setWeight(_ weight: Int) -> CanaryStepRule { CanaryStepRule(setWeight: weight) }
    /// A `setCanaryScale` step.
    public static func setCanaryScale(_ scale: CanaryScaleRule) -> CanaryStepRule { CanaryStepRule(setCanaryScale: scale) }
    /// Any other step (pause, analysis, experiment, header or mirror route, plugin).
    public static let other = CanaryStepRule()

    /// The rule view of a step read from a manifest.
    public init(_ step: CanaryStep) {
        self.setWeight = step.setWeight
        self.setCanaryScale = step.setCanaryScale.map {
            CanaryScaleRule(replicas: $0.replicas, weight: $0.weight, matchTrafficWeight: $0.matchTrafficWeight)
        }
    }
}

/// `setCanaryScale: {replicas: N} | {weight: W} | {matchTrafficWeight: true}`.
public struct CanaryScaleRule: Sendable, Equatable {
    public var replicas: Int?
    public var weight: Int?
    public var matchTrafficWeight: Bool

    public init(replicas: Int? = nil, weight: Int? = nil, matchTrafficWeight: Bool = false) {
        self.replicas = replicas
        self.weight = weight
        self.matchTrafficWeight = matchTrafficWeight
    }
}

/// `replicaProgressThreshold: {type: Percent|Pods, value}`.
public struct ReplicaProgressRule: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case percent = "Percent"
        case pods = "Pods"
    }

    public var kind: Kind
    public var value: Int

    public init(_ kind: Kind, _ value: Int) {
        self.kind = kind
        self.value = value
    }
}

/// The counts of one ReplicaSet that the replica rules read. `name` identifies it the way upstream
/// compares ReplicaSets (`newRS.Name == stableRS.Name`).
public struct ReplicaSetCounts: Sendable, Equatable {
    public var name: String
    /// `spec.replicas`.
    public var specReplicas: Int
    /// `status.replicas`: pods that exist, ready or not.
    public var statusReplicas: Int
    /// `status.availableReplicas`.
    public var availableReplicas: Int
    /// The `rollouts-pod-template-hash` label; defaults to `name`.
    public var podTemplateHash: String

    /// `statusReplicas` defaults to `specReplicas` (the pods exist), `podTemplateHash` to `name`.
    public init(name: String, specReplicas: Int, statusReplicas: Int? = nil, availableReplicas: Int, podTemplateHash: String? = nil) {
        self.name = name
        self.specReplicas = specReplicas
        self.statusReplicas = statusReplicas ?? specReplicas
        self.availableReplicas = availableReplicas
        self.podTemplateHash = podTemplateHash ?? name
    }
}

/// The weights recorded in `status.canary.weights` that the replica rules read.
public struct RecordedTrafficWeights: Sendable, Equatable {
    /// `weights.canary.weight`.
    public var canaryWeight: Int
    /// `weights.stable.weight`.
    public var stableWeight: Int
    /// `weights.canary.podTemplateHash`: the ReplicaSet the canary weight was sent to.
    public var canaryPodTemplateHash: String

    public init(canaryWeight: Int, stableWeight: Int, canaryPodTemplateHash: String = "") {
        self.canaryWeight = canaryWeight
        self.stableWeight = stableWeight
        self.canaryPodTemplateHash = canaryPodTemplateHash
    }
}

/// The spec and status facts of a canary Rollout that the pure rules in this folder read.
///
/// Field names follow upstream (`spec.strategy.canary.*`, `status.*`). Unset optional spec fields
/// stay nil; the defaults are applied where upstream applies them (`utils/defaults/defaults.go`).
public struct CanaryInputs: Sendable, Equatable {
    // spec
    /// `spec.replicas` with `GetReplicasOrDefault` applied (unset means 1).
    public var replicas: Int
    public var steps: [CanaryStepRule]
    /// Nil means the default "25" (25%).
    public var maxSurge: IntOrString?
    /// Nil means the default "25" (25%).
    public var maxUnavailable: IntOrString?
    /// Whether `trafficRouting` is set (any provider).
    public var isTrafficRouted: Bool
    /// `trafficRouting.maxTrafficWeight`; read only when `isTrafficRouted`.
    public var maxTrafficWeight: Int?
    public var dynamicStableScale: Bool
    public var minPodsPerReplicaSet: Int?
    public var abortScaleDownDelaySeconds: Int?
    public var replicaProgressThreshold: ReplicaProgressRule?

    // status
    public var currentStepIndex: Int?
    public var abort: Bool
    public var promoteFull: Bool
    /// `status.stableRS`: the stable pod-template hash, "" when none.
    public var stableRS: String
    /// `status.currentPodHash`: the desired pod-template hash.
    public var currentPodHash: String

    public init(
        replicas: Int, steps: [CanaryStepRule] = [], maxSurge: IntOrString? = nil, maxUnavailable: IntOrString? = nil,
        isTrafficRouted: Bool = false, maxTrafficWeight: Int? = nil, dynamicStableScale: Bool = false,
        minPodsPerReplicaSet: Int? = nil, abortScaleDownDelaySeconds: Int? = nil,
        replicaProgressThreshold: ReplicaProgressRule? = nil,
        currentStepIndex: Int? = nil, abort: Bool = false, promoteFull: Bool = false,
        stableRS: String = "", currentPodHash: String = ""
    ) {
        self.replicas = replicas
        self.steps = steps
        self.maxSurge = maxSurge
        self.maxUnavailable = maxUnavailable
        self.isTrafficRouted = isTrafficRouted
        self.maxTrafficWeight = maxTrafficWeight
        self.dynamicStableScale = dynamicStableScale
        self.minPodsPerReplicaSet = minPodsPerReplicaSet
        self.abortScaleDownDelaySeconds = abortScaleDownDelaySeconds
        self.replicaProgressThreshold = replicaProgressThreshold
        self.currentStepIndex = currentStepIndex
        self.abort = abort
        self.promoteFull = promoteFull
        self.stableRS = stableRS
        self.currentPodHash = currentPodHash
    }

    /// The spec facts of `spec`'s canary strategy; status facts start at their zero values.
    /// Nil when the strategy is not canary. A `replicaProgressThreshold` whose type is neither
    /// `Percent` nor `Pods` counts as `Pods`, as upstream's non-Percent branch does.
    public init?(spec: RolloutSpec) {
        guard let canary = spec.strategy.canary else { return nil }
        self.init(
            replicas: spec.replicasOrDefault, steps: canary.steps.map(CanaryStepRule.init),
            maxSurge: canary.maxSurge, maxUnavailable: canary.maxUnavailable,
            isTrafficRouted: canary.trafficRouting != nil, maxTrafficWeight: canary.trafficRouting?.maxTrafficWeight,
            dynamicStableScale: canary.dynamicStableScale, minPodsPerReplicaSet: canary.minPodsPerReplicaSet,
            abortScaleDownDelaySeconds: canary.abortScaleDownDelaySeconds,
            replicaProgressThreshold: canary.replicaProgressThreshold.flatMap { threshold in
                threshold.value.map { ReplicaProgressRule(threshold.type == "Percent" ? .percent : .pods, $0) }
            })
    }

    /// The total weights are out of. Argo: weightutil.MaxTrafficWeight; 100 unless trafficRouting
    /// sets `maxTrafficWeight`.
    public var maxWeight: Int {
        isTrafficRouted ? (maxTrafficWeight ?? 100) : 100
    }

    /// Resolved `maxSurge` (rounded up). Argo: MaxSurge (utils/replicaset/replicaset.go); a
    /// malformed percentage is an error upstream ignores, which leaves 0.
    public var resolvedMaxSurge: Int {
        IntOrString.canaryMaxSurge(maxSurge: maxSurge, maxUnavailable: maxUnavailable, replicas: replicas) ?? 0
    }

    /// Resolved `maxUnavailable` (rounded down, 0 when R = 0, capped at R). Argo: MaxUnavailable.
    public var resolvedMaxUnavailable: Int {
        IntOrString.canaryMaxUnavailable(maxSurge: maxSurge, maxUnavailable: maxUnavailable, replicas: replicas) ?? 0
    }

    /// Whether `abortScaleDownDelaySeconds` was written with a non-zero value. It only counts with
    /// trafficRouting. Argo: HasExplicitAbortScaleDownDelay (utils/defaults/defaults.go).
    public var hasExplicitAbortScaleDownDelay: Bool {
        guard isTrafficRouted, let delay = abortScaleDownDelaySeconds else { return false }
        return delay != 0
    }

    /// Whether an abort scales the canary down at all. Only an explicit 0 with trafficRouting
    /// keeps it up. Argo: GetAbortScaleDownDelaySecondsOrDefault returning nil.
    public var abortScalesCanaryDown: Bool {
        !(isTrafficRouted && abortScaleDownDelaySeconds == 0)
    }

    /// `stableRS == currentPodHash`. Argo: IsFullyPromoted (utils/rollout/rolloututil.go).
    public var isFullyPromoted: Bool { stableRS == currentPodHash }
}
