/// One event of the log, Kubernetes-style (`kubectl get events`): what the world, the
/// controllers and the user commands did, in order. Also known as `RunEvent` and `StoredEvent`.
public struct WorldEvent: Sendable, Hashable {
    public var t: VirtualTime
    /// `"Rollout/checkout"`, `"ReplicaSet/checkout-6bd9f5c8d7"`, `"Pod/checkout-6bd9f5c8d7-x2x9z"`.
    public var object: String
    public var reason: String
    public var message: String

    public init(t: VirtualTime, object: String, reason: String, message: String) {
        self.t = t
        self.object = object
        self.reason = reason
        self.message = message
    }
}
