/// A ReplicaSet owned by the rollout, as a reconcile pass reads it.
public struct ObservedReplicaSet: Sendable, Equatable {
    public var id: ReplicaSetID
    public var name: String
    public var podTemplateHash: String
    /// The `rollout.argoproj.io/revision` annotation.
    public var revision: Int
    /// `spec.replicas`.
    public var specReplicas: Int
    public var status: ReplicaSetStatus
    /// The `scale-down-deadline` annotation; nil when absent.
    public var scaleDownDeadline: VirtualTime?

    public init(id: ReplicaSetID, name: String, podTemplateHash: String, revision: Int, specReplicas: Int,
                status: ReplicaSetStatus, scaleDownDeadline: VirtualTime? = nil) {
        self.id = id
        self.name = name
        self.podTemplateHash = podTemplateHash
        self.revision = revision
        self.specReplicas = specReplicas
        self.status = status
        self.scaleDownDeadline = scaleDownDeadline
    }

    /// The view the pure replica rules read.
    var counts: ReplicaSetCounts {
        ReplicaSetCounts(name: name, specReplicas: specReplicas, statusReplicas: status.replicas,
                         availableReplicas: status.availableReplicas, podTemplateHash: podTemplateHash)
    }
}

/// Everything one canary reconcile pass reads: the Rollout as it now stands (spec, possibly
/// changed by a user), its persisted status, its ReplicaSets, Services and AnalysisRuns.
public struct ObservedCanary: Sendable {
    public var rollout: Rollout
    /// `metadata.generation`: bumped by every spec change (setImage, pause, undo, apply).
    public var generation: Int
    /// The pod-template-hash of `rollout.spec.template`.
    public var templateHash: String
    public var status: RolloutStatus
    /// Every ReplicaSet the rollout owns, in creation order.
    public var replicaSets: [ObservedReplicaSet]
    /// The `rollouts-pod-template-hash` in the stable and canary Services' selectors.
    public var stableServiceHash: String?
    public var canaryServiceHash: String?
    /// Every AnalysisRun the rollout owns, in creation order.
    public var analysisRuns: [AnalysisRun]
    /// AnalysisTemplates and ClusterAnalysisTemplates available to the rollout.
    public var analysisTemplates: [AnalysisTemplate]

    public init(rollout: Rollout, generation: Int, templateHash: String, status: RolloutStatus, replicaSets: [ObservedReplicaSet],
                stableServiceHash: String? = nil, canaryServiceHash: String? = nil, analysisRuns: [AnalysisRun] = [],
                analysisTemplates: [AnalysisTemplate] = []) {
        self.rollout = rollout
        self.generation = generation
        self.templateHash = templateHash
        self.status = status
        self.replicaSets = replicaSets
        self.stableServiceHash = stableServiceHash
        self.canaryServiceHash = canaryServiceHash
        self.analysisRuns = analysisRuns
        self.analysisTemplates = analysisTemplates
    }

    public func analysisRun(named name: String?) -> AnalysisRun? {
        guard let name else { return nil }
        return analysisRuns.last { $0.name == name }
    }
}

/// One write a reconcile pass asks for. The simulation loop applies them in order at the pass's
/// time; each is observed at once, as upstream's informers deliver its own writes.
public enum ControllerWrite: Sendable {
    /// A ReplicaSet for the current template at 0 replicas (or the existing one, revision updated).
    case createReplicaSet(revision: Int)
    /// `rollout.argoproj.io/revision` of a reused ReplicaSet (undo).
    case setRevision(ReplicaSetID, revision: Int)
    case scaleReplicaSet(ReplicaSetID, to: Int)
    /// The `scale-down-deadline` annotation; nil removes it.
    case setScaleDownDeadline(ReplicaSetID, VirtualTime?)
    case setServiceSelector(service: String, podTemplateHash: String)
    /// `SetWeight(w)` on the rollout's traffic router.
    case setCanaryWeight(Int)
    /// A header or mirror route step, recorded on the router only (`SetHeaderRoute`/`SetMirrorRoute`).
    case setManagedRoute(name: String, kind: String)
    case removeManagedRoutes
    case createAnalysisRun(AnalysisRun)
    /// `spec.terminate: true`.
    case terminateAnalysisRun(name: String)
}

/// A Kubernetes event the controller records on the Rollout.
public struct ControllerEvent: Sendable, Equatable {
    public var reason: String
    public var message: String
    public var isWarning: Bool

    public init(_ reason: String, _ message: String, warning: Bool = false) {
        self.reason = reason
        self.message = message
        self.isWarning = warning
    }
}

/// What one reconcile pass produced.
public struct CanaryReconciliation: Sendable {
    public var status: RolloutStatus
    public var writes: [ControllerWrite]
    public var events: [ControllerEvent]
    /// When the controller asked to be woken again (a pause's end, a scale-down deadline, the
    /// progress deadline); nil when only a change can move it.
    public var requeueAt: VirtualTime?
}
