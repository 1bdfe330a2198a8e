/// `strategy.canary.trafficRouting`. Providers the simulator models (nginx, istio, smi, alb) are
/// typed; the others (ambassador, apisix, appMesh, traefik, plugins) are kept as `OpaqueObject`s
/// and listed by `unsupportedProviders`, so a report can say they were not simulated.
public struct TrafficRouting: Sendable {
    public var nginx: NginxTrafficRouting?
    public var istio: IstioTrafficRouting?
    public var smi: SMITrafficRouting?
    public var alb: ALBTrafficRouting?
    /// ambassador, apisix, appMesh, traefik: kept verbatim, in source order.
    public var otherProviders: [OpaqueObject]
    /// `plugins`: one entry per plugin name.
    public var plugins: [OpaqueObject]
    public var managedRoutes: [ManagedRoute]?
    public var maxTrafficWeight: Int?
    public var locations: FieldLocations

    public struct ManagedRoute: Sendable {
        public var name: String
        public var location: SourceLocation
    }

    /// The providers the simulator models that this rollout uses, in upstream's field order.
    public var simulatedProviders: [String] {
        var names: [String] = []
        if istio != nil { names.append("istio") }
        if nginx != nil { names.append("nginx") }
        if alb != nil { names.append("alb") }
        if smi != nil { names.append("smi") }
        return names
    }

    /// The providers written here that the simulator does not model (`plugins/<name>` for plugins).
    public var unsupportedProviders: [String] {
        otherProviders.map(\.name) + plugins.map { "plugins/\($0.name)" }
    }

    public func has(provider name: String) -> Bool { otherProviders.contains { $0.name == name } }

    static let otherProviderNames = ["ambassador", "apisix", "appMesh", "traefik"]
}

public struct NginxTrafficRouting: Sendable {
    public var annotationPrefix: String?
    public var stableIngress: String?
    public var stableIngresses: [String]?
    /// Where each entry of `stableIngresses` is written.
    public var stableIngressLocations: [SourceLocation]
    public var additionalIngressAnnotations: StringMap
    public var canaryIngressAnnotations: StringMap
    public var locations: FieldLocations
}

public struct IstioTrafficRouting: Sendable {
    public struct VirtualServiceRef: Sendable {
        public struct TLSRoute: Sendable {
            public var port: Int?
            public var sniHosts: [String]
        }

        public var name: String?
        public var routes: [String]?
        public var tlsRoutes: [TLSRoute]?
        public var tcpRoutePorts: [Int]?
        public var locations: FieldLocations
    }

    public struct DestinationRuleRef: Sendable {
        public var name: String?
        public var canarySubsetName: String?
        public var stableSubsetName: String?
        public var additionalSubsetNames: [String]
        public var locations: FieldLocations
    }

    public var virtualService: VirtualServiceRef?
    public var virtualServices: [VirtualServiceRef]?
    public var destinationRule: DestinationRuleRef?
    public var locations: FieldLocations

    /// Every referenced VirtualService, single or multiple form.
    public var allVirtualServices: [VirtualServiceRef] {
        if let virtualServices, !virtualServices.isEmpty { return virtualServices }
        return virtualService.map { [$0] } ?? []
    }
}

public struct SMITrafficRouting: Sendable {
    public var rootService: String?
    public var trafficSplitName: String?
    public var locations: FieldLocations
}

public struct ALBTrafficRouting: Sendable {
    public var ingress: String?
    public var ingresses: [String]?
    /// Where each entry of `ingresses` is written.
    public var ingressLocations: [SourceLocation]
    public var servicePort: Int?
    public var rootService: String?
    public var annotationPrefix: String?
    public var stickinessConfig: YAMLNode?
    public var locations: FieldLocations
}
