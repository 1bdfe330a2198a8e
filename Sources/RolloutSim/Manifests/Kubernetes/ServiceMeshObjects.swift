/// An Istio `VirtualService`: its http, tls and tcp routes with their weighted destinations.
/// Route fields the simulator does not use (retries, rewrites, faults…) are kept in `node`.
public struct VirtualService: Sendable {
    public struct Destination: Sendable {
        public var host: String
        public var subset: String?
        public var port: Int?
        public var weight: Int?
        public var location: SourceLocation
    }

    public struct Route: Sendable {
        /// Only http routes have names; tls and tcp routes are found by their match.
        public var name: String?
        public var destinations: [Destination]
        /// `match[].port` of tls/tcp routes, one per match (0 when a match has no port);
        /// `sniHosts` of tls routes, from all matches.
        public var matchPorts: [Int]
        public var sniHosts: [String]
        public var node: YAMLNode
        public var location: SourceLocation
    }

    public var metadata: ObjectMeta
    public var hosts: [String]
    public var gateways: [String]
    public var http: [Route]
    public var tls: [Route]
    public var tcp: [Route]
    public var location: SourceLocation

    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> VirtualService {
        var hosts: [String] = [], gateways: [String] = [], http: [Route] = [], tls: [Route] = [], tcp: [Route] = []
        if let spec = fields.object("spec"), spec.isMapping {
            hosts = spec.stringList("hosts") ?? []
            gateways = spec.stringList("gateways") ?? []
            http = spec.objects("http") { reader, _ in decodeRoute(reader, named: true) } ?? []
            tls = spec.objects("tls") { reader, _ in decodeRoute(reader, named: false) } ?? []
            tcp = spec.objects("tcp") { reader, _ in decodeRoute(reader, named: false) } ?? []
            spec.ignore("exportTo")
            spec.finish(unknownFields: .warning)
        }
        return VirtualService(metadata: metadata, hosts: hosts, gateways: gateways, http: http, tls: tls, tcp: tcp,
                              location: fields.node.location)
    }

    private static func decodeRoute(_ route: FieldReader, named: Bool) -> Route {
        let name = named ? route.text("name") : nil
        let destinations = route.objects("route") { item, _ -> Destination? in
            let weight = item.int32("weight")
            guard let destination = item.object("destination"), destination.isMapping else {
                _ = item.required("destination", expected: "a destination with a host")
                return nil
            }
            let host = destination.text("host")
            let subset = destination.text("subset")
            var port: Int?
            if let portReader = destination.object("port"), portReader.isMapping {
                port = portReader.int32("number")
            }
            guard let host else {
                _ = destination.required("host", expected: "a service host")
                return nil
            }
            return Destination(host: host, subset: subset, port: port, weight: weight, location: item.node.location)
        } ?? []
        var ports: [Int] = [], sniHosts: [String] = []
        if !named, let matches = route.node("match")?.sequenceItems {
            for match in matches {
                // A match without a port is port 0, as upstream's Go structs read it.
                ports.append(match["port"]?.scalar.flatMap { Int($0) } ?? 0)
                for host in match["sniHosts"]?.sequenceItems ?? [] { if let text = host.scalar { sniHosts.append(text) } }
            }
        }
        // Istio route fields beyond destinations are not simulated; they are kept in `node`.
        return Route(name: name, destinations: destinations, matchPorts: ports, sniHosts: sniHosts, node: route.node, location: route.node.location)
    }
}

/// An Istio `DestinationRule`: the subsets a subset-level split moves between.
public struct DestinationRule: Sendable {
    public struct Subset: Sendable {
        public var name: String
        public var labels: StringMap
        public var location: SourceLocation
    }

    public var metadata: ObjectMeta
    public var host: String?
    public var subsets: [Subset]
    public var location: SourceLocation

    static func decode(_ fields: FieldReader, metadata: ObjectMeta) -> DestinationRule {
        var host: String?, subsets: [Subset] = []
        if let spec = fields.object("spec"), spec.isMapping {
            host = spec.text("host")
            subsets = spec.objects("subsets") { item, _ -> Subset? in
                let name = item.text("name")
                let labels = item.labels("labels") ?? StringMap()
                item.ignore("trafficPolicy")
                item.finish(unknownFields: .warning)
                guard let name else { _ = item.required("name", expected: "a subset name"); return nil }
                return Subset(name: name, labels: labels, location: item.node.location)
            } ?? []
            spec.ignore("trafficPolicy", "exportTo", "workloadSelector")
            spec.finish(unknownFields: .warning)
        }
        return DestinationRule(metadata: metadata, host: host, subsets: subsets, location: fields.node.location)
    }
}

/// An SMI `TrafficSplit`: the root service and its weighted backends.
public struct TrafficSplit: Sendable {
    public struct Backend: Sendable {
        public var service: String
        public var weight: IntOrString?
        public var location: SourceLocation
    }

    public var metadata: ObjectMeta
    public var apiVersion: String
    public var service: String?
    public var backends: [Backend]
    public var location: SourceLocation

    static func decode(_ fields: FieldReader, metadata: ObjectMeta, apiVersion: String) -> TrafficSplit {
        var service: String?, backends: [Backend] = []
        if let spec = fields.object("spec"), spec.isMapping {
            service = spec.text("service")
            backends = spec.objects("backends") { item, _ -> Backend? in
                let name = item.text("service")
                let weight = item.intOrString("weight")
                item.finish(unknownFields: .warning)
                guard let name else { _ = item.required("service", expected: "a service name"); return nil }
                return Backend(service: name, weight: weight, location: item.node.location)
            } ?? []
            spec.ignore("matches")
            spec.finish(unknownFields: .warning)
        }
        return TrafficSplit(metadata: metadata, apiVersion: apiVersion, service: service, backends: backends, location: fields.node.location)
    }
}
