/// One change the world logged, Kubernetes-style (`kubectl get events`).
public struct WorldEvent: Sendable, Hashable {
    public var t: VirtualTime
    /// `"Pod/checkout-6bd9f5c8d7-x2x9z"`, `"ReplicaSet/checkout-6bd9f5c8d7"`.
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
