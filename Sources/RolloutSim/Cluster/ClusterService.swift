/// A Service's handle: its index in the world's table.
public struct ServiceID: Hashable, Comparable, Sendable {
    public let index: Int
    public static func < (lhs: ServiceID, rhs: ServiceID) -> Bool { lhs.index < rhs.index }
}

/// A Service: a selector over pod labels. The Rollout controller adds or rewrites the
/// `rollouts-pod-template-hash` key (`rollout/service.go ensureSVCTargets`).
public struct ClusterService: Sendable {
    public let id: ServiceID
    public let name: String
    public let namespace: String
    /// Sorted by key.
    public internal(set) var selector: [LabelPair]

    public var objectName: String { "Service/" + name }

    /// The selector's `rollouts-pod-template-hash`, when the controller has set one.
    public var podTemplateHash: String? {
        selector.first { $0.key == PodTemplateHash.labelKey }?.value
    }

    /// Whether the selector selects a pod with these (sorted) labels. An empty selector selects
    /// nothing, as for a Service without a selector (endpoints would be managed by hand).
    public func selects(_ pod: Pod) -> Bool {
        guard pod.namespace == namespace, !selector.isEmpty else { return false }
        return selector.allSatisfy { pod.label($0.key) == $0.value }
    }
}
