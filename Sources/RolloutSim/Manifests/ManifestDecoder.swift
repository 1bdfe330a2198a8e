/// Turns one YAML document into a typed `Manifest`, dispatching on apiVersion and kind.
public enum ManifestDecoder {
    /// Decodes a document. Problems go to `sink` with their position: a document without
    /// apiVersion or kind, or without metadata.name, is an error and gives nil; unknown fields are
    /// warnings; a kind the simulator does not model gives `.other` and a warning.
    /// An empty document (`---` followed by nothing) gives nil without a diagnostic.
    public static func decode(_ document: YAMLDocument, sink: DiagnosticSink) -> Manifest? {
        let root = document.root
        if root.isNull { return nil }
        let fields = FieldReader(root, path: "", sink: sink)
        guard fields.isMapping else { return nil }
        let apiVersionNode = fields.required("apiVersion", expected: "an apiVersion such as argoproj.io/v1alpha1")
        let kindNode = fields.required("kind", expected: "a kind such as Rollout")
        guard let apiVersionNode, let kindNode,
              let apiVersion = ScalarDecoder.string(apiVersionNode, path: "apiVersion", sink: sink),
              let kind = ScalarDecoder.string(kindNode, path: "kind", sink: sink)
        else { return nil }

        let group = apiVersion.split(separator: "/").dropLast().joined(separator: "/")
        let known = knownKind(apiVersion: apiVersion, group: group, kind: kind)
        guard let metadata = ObjectMeta.decode(fields, allowGenerateName: known == nil) else {
            if known != nil { fields.ignore("spec", "status", "data", "stringData", "type", "immutable") }
            return nil
        }

        let manifest: Manifest?
        switch known {
        case .rollout?:
            manifest = Rollout.decode(fields, metadata: metadata).map(Manifest.rollout)
        case .analysisTemplate?:
            manifest = AnalysisTemplate.decode(fields, metadata: metadata, clusterScoped: false).map(Manifest.analysisTemplate)
        case .clusterAnalysisTemplate?:
            manifest = AnalysisTemplate.decode(fields, metadata: metadata, clusterScoped: true).map(Manifest.clusterAnalysisTemplate)
        case .service?:
            manifest = .service(Service.decode(fields, metadata: metadata))
        case .ingress?:
            manifest = .ingress(Ingress.decode(fields, metadata: metadata, apiVersion: apiVersion))
        case .virtualService?:
            manifest = .virtualService(VirtualService.decode(fields, metadata: metadata))
        case .destinationRule?:
            manifest = .destinationRule(DestinationRule.decode(fields, metadata: metadata))
        case .trafficSplit?:
            manifest = .trafficSplit(TrafficSplit.decode(fields, metadata: metadata, apiVersion: apiVersion))
        case .secret?:
            manifest = .secret(Secret.decode(fields, metadata: metadata))
        case .deployment?:
            manifest = .deployment(Deployment.decode(fields, metadata: metadata))
        case nil:
            if let expected = expectedAPIVersion(forKind: kind) {
                sink.warning(apiVersionNode.location, "\(kind) with apiVersion \(apiVersion) is not simulated", expected: expected)
            } else {
                var expected = "Rollout, AnalysisTemplate, ClusterAnalysisTemplate, Service, Ingress, VirtualService, DestinationRule, TrafficSplit, Secret or Deployment"
                if let suggestion = closestMatch(to: kind, among: simulatedKinds) { expected += "; did you mean '\(suggestion)'?" }
                sink.warning(kindNode.location, "kind \(kind) is not simulated; the object is kept but has no effect", expected: expected)
            }
            return .other(OtherManifest(apiVersion: apiVersion, kind: kind, metadata: metadata, node: root, location: root.location))
        }
        // Kubernetes objects may carry a status when copied from a cluster; it is not read.
        fields.ignore("status")
        fields.finish(unknownFields: .warning)
        return manifest
    }

    static let simulatedKinds = ["Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate", "Service", "Ingress", "VirtualService",
                                 "DestinationRule", "TrafficSplit", "Secret", "Deployment"]

    enum KnownKind {
        case rollout, analysisTemplate, clusterAnalysisTemplate, service, ingress, virtualService, destinationRule, trafficSplit, secret, deployment
    }

    static func knownKind(apiVersion: String, group: String, kind: String) -> KnownKind? {
        switch (group, kind) {
        case ("argoproj.io", "Rollout") where apiVersion == "argoproj.io/v1alpha1": return .rollout
        case ("argoproj.io", "AnalysisTemplate") where apiVersion == "argoproj.io/v1alpha1": return .analysisTemplate
        case ("argoproj.io", "ClusterAnalysisTemplate") where apiVersion == "argoproj.io/v1alpha1": return .clusterAnalysisTemplate
        case ("", "Service") where apiVersion == "v1": return .service
        case ("", "Secret") where apiVersion == "v1": return .secret
        case ("apps", "Deployment") where apiVersion == "apps/v1": return .deployment
        case ("networking.k8s.io", "Ingress"), ("extensions", "Ingress"): return .ingress
        case ("networking.istio.io", "VirtualService"): return .virtualService
        case ("networking.istio.io", "DestinationRule"): return .destinationRule
        case ("split.smi-spec.io", "TrafficSplit"): return .trafficSplit
        default: return nil
        }
    }

    /// For a simulated kind written under another apiVersion: the versions that are read.
    static func expectedAPIVersion(forKind kind: String) -> String? {
        switch kind {
        case "Rollout", "AnalysisTemplate", "ClusterAnalysisTemplate": return "apiVersion argoproj.io/v1alpha1"
        case "Service", "Secret": return "apiVersion v1"
        case "Deployment": return "apiVersion apps/v1"
        case "Ingress": return "apiVersion networking.k8s.io/v1"
        case "VirtualService", "DestinationRule": return "apiVersion networking.istio.io/v1beta1"
        case "TrafficSplit": return "apiVersion split.smi-spec.io/v1alpha1"
        default: return nil
        }
    }

    /// Reads every document of a YAML text: syntax problems and decoding problems go to `sink`.
    public static func decodeAll(_ text: String, file: String, sink: DiagnosticSink) -> [Manifest] {
        let (documents, diagnostics) = YAMLLoader.documents(in: text, file: file)
        sink.append(contentsOf: diagnostics)
        return documents.compactMap { decode($0, sink: sink) }
    }
}
