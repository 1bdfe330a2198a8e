import Foundation

/// A `v1/Service`: the selector the controller rewrites and the ports.
public struct Service: Sendable {
    public struct Port: Sendable {
        public var name: String?
        public var port: Int?
        public var targetPort: IntOrString?
        public var `protocol`: String?
    }

    public var metadata: ObjectMeta
    public var selector: StringMap
    public var ports: [Port]
    public var type: String?
    public var location: SourceLocation

    /// The annotation naming the Rollout that manages this service's selector.
    public static let managedByAnnotation = "argo-rollouts.argoproj.io/managed-by-rollouts"

    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> Service {
        var selector = StringMap(), ports: [Port] = [], type: String?
        if let spec = fields.object("spec"), spec.isMapping {
            selector = spec.labels("selector") ?? StringMap()
            type = spec.text("type")
            ports = spec.objects("ports") { item, _ in
                let port = Port(name: item.text("name"), port: item.int32("port"),
                                targetPort: item.intOrString("targetPort"), protocol: item.text("protocol"))
                item.ignore("nodePort", "appProtocol")
                item.finish(unknownFields: .warning)
                return port
            } ?? []
            // The rest of a ServiceSpec does not change routing in the simulation.
            spec.ignore("clusterIP", "clusterIPs", "externalIPs", "externalName", "externalTrafficPolicy",
                        "internalTrafficPolicy", "ipFamilies", "ipFamilyPolicy", "loadBalancerIP",
                        "loadBalancerSourceRanges", "loadBalancerClass", "sessionAffinity", "sessionAffinityConfig",
                        "publishNotReadyAddresses", "healthCheckNodePort", "allocateLoadBalancerNodePorts", "trafficDistribution")
            spec.finish(unknownFields: .warning)
        }
        return Service(metadata: metadata, selector: selector, ports: ports, type: type, location: fields.node.location)
    }
}

/// A `v1/Secret`, for `valueFrom.secretKeyRef` of analysis arguments. `data` is base64-decoded;
/// `stringData` wins over `data` for the same key, as the API server merges them.
public struct Secret: Sendable {
    public var metadata: ObjectMeta
    public var data: StringMap
    public var type: String?
    public var location: SourceLocation

    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> Secret {
        var values: [(key: String, value: String)] = []
        if let dataNode = fields.node("data") {
            if let pairs = dataNode.mappingPairs {
                for pair in pairs {
                    guard let encoded = ScalarDecoder.string(pair.value, path: "data.\(pair.key)", sink: fields.sink) else { continue }
                    let compact = encoded.filter { !$0.isWhitespace }
                    guard let decoded = Data(base64Encoded: compact), let text = String(data: decoded, encoding: .utf8) else {
                        fields.sink.error(pair.value.location, "data.\(pair.key) is not valid base64", expected: "base64-encoded text, or the plain value under stringData")
                        continue
                    }
                    values.append((pair.key, text))
                }
            } else {
                fields.sink.error(dataNode.location, "data must be a mapping, got \(dataNode.kindDescription)", expected: "key: value pairs")
            }
        }
        values.append(contentsOf: fields.stringMap("stringData") ?? [])
        let type = fields.text("type")
        fields.ignore("immutable")
        return Secret(metadata: metadata, data: StringMap(values), type: type, location: fields.node.location)
    }
}

/// An `apps/v1/Deployment`, read for a Rollout's `workloadRef`: its selector and pod template.
public struct Deployment: Sendable {
    public var metadata: ObjectMeta
    public var replicas: Int?
    public var selector: LabelSelector?
    public var template: PodTemplate?
    public var location: SourceLocation

    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> Deployment {
        var replicas: Int?, selector: LabelSelector?, template: PodTemplate?
        if let spec = fields.object("spec"), spec.isMapping {
            replicas = spec.int32("replicas")
            selector = spec.decodeObject("selector") { LabelSelector.decode($0) }
            if let node = spec.node("template") {
                template = PodTemplate.decode(node, path: spec.childPath("template"), sink: fields.sink)
            }
            spec.ignore("strategy", "minReadySeconds", "revisionHistoryLimit", "progressDeadlineSeconds", "paused")
            spec.finish(unknownFields: .warning)
        }
        return Deployment(metadata: metadata, replicas: replicas, selector: selector, template: template, location: fields.node.location)
    }
}

/// An Ingress (`networking.k8s.io/v1`, or the older `v1beta1` forms): which services its rules
/// route to, for nginx and ALB traffic routing.
public struct Ingress: Sendable {
    public struct Path: Sendable {
        public var path: String?
        public var serviceName: String?
        public var servicePort: IntOrString?
        public var location: SourceLocation
    }

    public struct Rule: Sendable {
        public var host: String?
        public var paths: [Path]
    }

    public var metadata: ObjectMeta
    public var apiVersion: String
    public var ingressClassName: String?
    public var defaultBackendService: String?
    public var rules: [Rule]
    public var location: SourceLocation

    /// Every service a rule routes to, in source order (`ingressutil.HasRuleWithService` looks here).
    public var ruleServiceNames: [String] { rules.flatMap { $0.paths.compactMap(\.serviceName) } }

    public func hasRule(withService name: String) -> Bool { ruleServiceNames.contains(name) }

    static func decode(_ fields: FieldReader, metadata: ObjectMeta, apiVersion: String) -> Ingress {
        var rules: [Rule] = [], className: String?, defaultBackend: String?
        if let spec = fields.object("spec"), spec.isMapping {
            className = spec.text("ingressClassName")
            defaultBackend = spec.decodeObject("defaultBackend") { backendService($0).name }
                ?? spec.decodeObject("backend") { backendService($0).name }
            rules = spec.objects("rules") { rule, _ in
                let host = rule.text("host")
                var paths: [Path] = []
                if let http = rule.object("http"), http.isMapping {
                    paths = http.objects("paths") { path, _ in
                        let text = path.text("path")
                        _ = path.text("pathType")
                        let backend = path.decodeObject("backend") { backendService($0) }
                        path.finish(unknownFields: .warning)
                        return Path(path: text, serviceName: backend?.name, servicePort: backend?.port, location: path.node.location)
                    } ?? []
                    http.finish(unknownFields: .warning)
                }
                rule.finish(unknownFields: .warning)
                return Rule(host: host, paths: paths)
            } ?? []
            spec.ignore("tls")
            spec.finish(unknownFields: .warning)
        }
        return Ingress(metadata: metadata, apiVersion: apiVersion, ingressClassName: className,
                       defaultBackendService: defaultBackend, rules: rules, location: fields.node.location)
    }

    /// A backend in either form: v1 `service: {name, port: {number|name}}` or v1beta1 `serviceName`/`servicePort`.
    private static func backendService(_ backend: FieldReader) -> (name: String?, port: IntOrString?) {
        var name = backend.text("serviceName")
        var port = backend.intOrString("servicePort")
        if let service = backend.object("service"), service.isMapping {
            name = service.text("name")
            if let portReader = service.object("port"), portReader.isMapping {
                if let number = portReader.int32("number") { port = .int(number) }
                if let portName = portReader.text("name") { port = .string(portName) }
                portReader.finish(unknownFields: .warning)
            }
            service.finish(unknownFields: .warning)
        }
        backend.ignore("resource")
        backend.finish(unknownFields: .warning)
        return (name, port)
    }
}
