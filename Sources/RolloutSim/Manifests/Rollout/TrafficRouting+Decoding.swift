extension TrafficRouting {
    static func decode(_ reader: FieldReader) -> TrafficRouting {
        let nginx = reader.decodeObject("nginx") { nginx -> NginxTrafficRouting in
            let value = NginxTrafficRouting(annotationPrefix: nginx.text("annotationPrefix"), stableIngress: nginx.text("stableIngress"),
                                            stableIngresses: nginx.stringList("stableIngresses"),
                                            stableIngressLocations: nginx.itemLocations("stableIngresses"),
                                            additionalIngressAnnotations: nginx.labels("additionalIngressAnnotations") ?? StringMap(),
                                            canaryIngressAnnotations: nginx.labels("canaryIngressAnnotations") ?? StringMap(),
                                            locations: nginx.locations)
            nginx.finish(unknownFields: .warning)
            return value
        }
        let istio = reader.decodeObject("istio") { IstioTrafficRouting.decode($0) }
        let smi = reader.decodeObject("smi") { smi -> SMITrafficRouting in
            let value = SMITrafficRouting(rootService: smi.text("rootService"), trafficSplitName: smi.text("trafficSplitName"), locations: smi.locations)
            smi.finish(unknownFields: .warning)
            return value
        }
        let alb = reader.decodeObject("alb") { alb -> ALBTrafficRouting in
            let value = ALBTrafficRouting(ingress: alb.text("ingress"), ingresses: alb.stringList("ingresses"),
                                          ingressLocations: alb.itemLocations("ingresses"), servicePort: alb.int32("servicePort"),
                                          rootService: alb.text("rootService"), annotationPrefix: alb.text("annotationPrefix"),
                                          stickinessConfig: alb.node("stickinessConfig"), locations: alb.locations)
            alb.finish(unknownFields: .warning)
            return value
        }
        var others: [OpaqueObject] = []
        for name in otherProviderNames {
            if let node = reader.node(name) {
                others.append(OpaqueObject(name: name, node: node, location: reader.locations[name]))
            }
        }
        let plugins = reader.opaqueEntries("plugins") ?? []
        let managedRoutes = reader.objects("managedRoutes") { route, _ -> ManagedRoute? in
            let name = route.text("name")
            route.finish(unknownFields: .warning)
            guard let name else { _ = route.required("name", expected: "a route name"); return nil }
            return ManagedRoute(name: name, location: route.node.location)
        }
        let value = TrafficRouting(nginx: nginx, istio: istio, smi: smi, alb: alb, otherProviders: others, plugins: plugins,
                                   managedRoutes: managedRoutes, maxTrafficWeight: reader.int32("maxTrafficWeight"),
                                   locations: reader.locations)
        reader.finish(unknownFields: .warning)
        return value
    }
}

extension IstioTrafficRouting {
    static func decode(_ reader: FieldReader) -> IstioTrafficRouting {
        let value = IstioTrafficRouting(
            virtualService: reader.decodeObject("virtualService") { decodeVirtualService($0) },
            virtualServices: reader.objects("virtualServices") { reader, _ in decodeVirtualService(reader) },
            destinationRule: reader.decodeObject("destinationRule") { rule -> DestinationRuleRef in
                let value = DestinationRuleRef(name: rule.text("name"), canarySubsetName: rule.text("canarySubsetName"),
                                               stableSubsetName: rule.text("stableSubsetName"),
                                               additionalSubsetNames: rule.stringList("additionalSubsetNames") ?? [], locations: rule.locations)
                rule.finish(unknownFields: .warning)
                return value
            },
            locations: reader.locations)
        reader.finish(unknownFields: .warning)
        return value
    }

    private static func decodeVirtualService(_ reader: FieldReader) -> VirtualServiceRef {
        let tlsRoutes = reader.objects("tlsRoutes") { route, _ -> VirtualServiceRef.TLSRoute in
            let value = VirtualServiceRef.TLSRoute(port: route.int64Field("port"), sniHosts: route.stringList("sniHosts") ?? [])
            route.finish(unknownFields: .warning)
            return value
        }
        // An entry without a port is port 0 upstream (Go's zero value), not a missing entry.
        let tcpRoutes = reader.objects("tcpRoutes") { route, _ -> Int? in
            let port = route.int64Field("port")
            route.finish(unknownFields: .warning)
            return port ?? 0
        }
        let value = VirtualServiceRef(name: reader.text("name"), routes: reader.stringList("routes"), tlsRoutes: tlsRoutes,
                                      tcpRoutePorts: tcpRoutes, locations: reader.locations)
        reader.finish(unknownFields: .warning)
        return value
    }
}
