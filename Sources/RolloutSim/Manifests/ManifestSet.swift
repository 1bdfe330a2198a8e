/// Every manifest of a scenario, in source order, with lookups by kind, namespace and name.
public struct ManifestSet: Sendable {
    /// All manifests in the order they were given.
    public let manifests: [Manifest]

    public init(_ manifests: [Manifest]) {
        self.manifests = manifests
    }

    public var rollouts: [Rollout] { manifests.compactMap { manifest -> Rollout? in if case .rollout(let v) = manifest { return v }; return nil } }
    public var analysisTemplates: [AnalysisTemplate] { manifests.compactMap { manifest -> AnalysisTemplate? in if case .analysisTemplate(let v) = manifest { return v }; return nil } }
    public var clusterAnalysisTemplates: [AnalysisTemplate] { manifests.compactMap { manifest -> AnalysisTemplate? in if case .clusterAnalysisTemplate(let v) = manifest { return v }; return nil } }
    public var services: [Service] { manifests.compactMap { manifest -> Service? in if case .service(let v) = manifest { return v }; return nil } }
    public var ingresses: [Ingress] { manifests.compactMap { manifest -> Ingress? in if case .ingress(let v) = manifest { return v }; return nil } }
    public var virtualServices: [VirtualService] { manifests.compactMap { manifest -> VirtualService? in if case .virtualService(let v) = manifest { return v }; return nil } }
    public var destinationRules: [DestinationRule] { manifests.compactMap { manifest -> DestinationRule? in if case .destinationRule(let v) = manifest { return v }; return nil } }
    public var trafficSplits: [TrafficSplit] { manifests.compactMap { manifest -> TrafficSplit? in if case .trafficSplit(let v) = manifest { return v }; return nil } }
    public var secrets: [Secret] { manifests.compactMap { manifest -> Secret? in if case .secret(let v) = manifest { return v }; return nil } }
    public var deployments: [Deployment] { manifests.compactMap { manifest -> Deployment? in if case .deployment(let v) = manifest { return v }; return nil } }
    public var others: [OtherManifest] { manifests.compactMap { manifest -> OtherManifest? in if case .other(let v) = manifest { return v }; return nil } }

    // The first object with the name wins; duplicates are reported by `duplicates`.
    public func rollout(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> Rollout? {
        rollouts.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func analysisTemplate(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> AnalysisTemplate? {
        analysisTemplates.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func clusterAnalysisTemplate(named name: String) -> AnalysisTemplate? {
        clusterAnalysisTemplates.first { $0.metadata.name == name }
    }
    public func service(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> Service? {
        services.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func ingress(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> Ingress? {
        ingresses.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func virtualService(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> VirtualService? {
        virtualServices.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func destinationRule(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> DestinationRule? {
        destinationRules.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func trafficSplit(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> TrafficSplit? {
        trafficSplits.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func secret(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> Secret? {
        secrets.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }
    public func deployment(named name: String, namespace: String = ObjectMeta.defaultNamespace) -> Deployment? {
        deployments.first { $0.metadata.name == name && $0.metadata.namespace == namespace }
    }

    /// The Ingress kind groups v1 and v1beta1 together, and the other kinds by kind name; two
    /// objects with the same kind, namespace and name cannot both exist in a cluster.
    public var duplicates: [(first: Manifest, duplicate: Manifest)] {
        var seen: [String: Manifest] = [:]
        var found: [(first: Manifest, duplicate: Manifest)] = []
        for manifest in manifests where !manifest.name.isEmpty {
            let apiGroup: String
            if case .other(let other) = manifest { apiGroup = other.apiVersion.split(separator: "/").dropLast().joined(separator: "/") } else { apiGroup = "" }
            let key = "\(apiGroup)|\(manifest.kind)|\(manifest.namespace)|\(manifest.name)"
            if case .other(let other) = manifest, other.metadata.generateName != nil, other.node["metadata"]?["name"] == nil {
                continue // generateName objects get a fresh name each time they are created
            }
            if let first = seen[key] {
                found.append((first, manifest))
            } else {
                seen[key] = manifest
            }
        }
        return found
    }
}
