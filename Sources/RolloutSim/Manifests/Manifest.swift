/// One Kubernetes object of a scenario, decoded into its typed model.
public enum Manifest: Sendable {
    case rollout(Rollout)
    case analysisTemplate(AnalysisTemplate)
    case clusterAnalysisTemplate(AnalysisTemplate)
    case service(Service)
    case ingress(Ingress)
    case virtualService(VirtualService)
    case destinationRule(DestinationRule)
    case trafficSplit(TrafficSplit)
    case secret(Secret)
    case deployment(Deployment)
    /// A kind the simulator does not model; kept so it can be reported, never silently dropped.
    case other(OtherManifest)

    public var kind: String {
        switch self {
        case .rollout: return "Rollout"
        case .analysisTemplate: return "AnalysisTemplate"
        case .clusterAnalysisTemplate: return "ClusterAnalysisTemplate"
        case .service: return "Service"
        case .ingress: return "Ingress"
        case .virtualService: return "VirtualService"
        case .destinationRule: return "DestinationRule"
        case .trafficSplit: return "TrafficSplit"
        case .secret: return "Secret"
        case .deployment: return "Deployment"
        case .other(let other): return other.kind
        }
    }

    public var metadata: ObjectMeta {
        switch self {
        case .rollout(let value): return value.metadata
        case .analysisTemplate(let value), .clusterAnalysisTemplate(let value): return value.metadata
        case .service(let value): return value.metadata
        case .ingress(let value): return value.metadata
        case .virtualService(let value): return value.metadata
        case .destinationRule(let value): return value.metadata
        case .trafficSplit(let value): return value.metadata
        case .secret(let value): return value.metadata
        case .deployment(let value): return value.metadata
        case .other(let value): return value.metadata
        }
    }

    public var name: String { metadata.name }

    /// The namespace; cluster-scoped kinds (ClusterAnalysisTemplate) report the empty string.
    public var namespace: String {
        if case .clusterAnalysisTemplate = self { return "" }
        return metadata.namespace
    }

    /// Where the document starts.
    public var location: SourceLocation {
        switch self {
        case .rollout(let value): return value.location
        case .analysisTemplate(let value), .clusterAnalysisTemplate(let value): return value.location
        case .service(let value): return value.location
        case .ingress(let value): return value.location
        case .virtualService(let value): return value.location
        case .destinationRule(let value): return value.location
        case .trafficSplit(let value): return value.location
        case .secret(let value): return value.location
        case .deployment(let value): return value.location
        case .other(let value): return value.location
        }
    }
}

/// An object of a kind the simulator does not model (an Experiment, a ConfigMap, an Ambassador
/// Mapping…), or of a known kind under an apiVersion it does not read.
public struct OtherManifest: Sendable {
    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    public var node: YAMLNode
    public var location: SourceLocation

    public var name: String { metadata.name }
}
