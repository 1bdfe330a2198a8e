/// A ReplicaSet's handle: its index in the world's table.
public struct ReplicaSetID: Hashable, Comparable, Sendable {
    public let index: Int
    public static func < (lhs: ReplicaSetID, rhs: ReplicaSetID) -> Bool { lhs.index < rhs.index }
}

/// A ReplicaSet owned by a Rollout, named `<rollout>-<podTemplateHash>`.
public struct ReplicaSet: Sendable {
    public let id: ReplicaSetID
    public let name: String
    public let namespace: String
    public let rolloutName: String
    public let podTemplateHash: String
    public let template: ClusterPodTemplate
    public internal(set) var revision: Int
    public internal(set) var minReadySeconds: SimDuration
    /// `spec.replicas`.
    public internal(set) var desiredReplicas = 0
    /// Every pod ever created for it, in creation order.
    public internal(set) var pods: [PodID] = []
    /// Requests and errors its pods served (accrued up to the world's last accrual of each pod).
    public internal(set) var served = ServedTotals()

    public var objectName: String { "ReplicaSet/" + name }
}

/// `status.replicas / readyReplicas / availableReplicas` of a ReplicaSet.
public struct ReplicaSetStatus: Sendable, Hashable {
    /// Pods not being deleted.
    public var replicas: Int
    public var readyReplicas: Int
    /// Ready for at least `minReadySeconds`.
    public var availableReplicas: Int
    /// Pods in Terminating, for the tree view.
    public var terminating: Int

    public init(replicas: Int, readyReplicas: Int, availableReplicas: Int, terminating: Int = 0) {
        self.replicas = replicas
        self.readyReplicas = readyReplicas
        self.availableReplicas = availableReplicas
        self.terminating = terminating
    }
}

/// Requests served and answered with an error, for the run summary.
public struct ServedTotals: Sendable, Hashable {
    public var requests = 0
    public var errors = 0

    public init(requests: Int = 0, errors: Int = 0) {
        self.requests = requests
        self.errors = errors
    }

    public static func + (lhs: ServedTotals, rhs: ServedTotals) -> ServedTotals {
        ServedTotals(requests: lhs.requests + rhs.requests, errors: lhs.errors + rhs.errors)
    }
}
