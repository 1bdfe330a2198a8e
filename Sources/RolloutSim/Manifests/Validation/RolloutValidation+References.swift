/// Referenced resources: what the controller fetches before reconciling (getRolloutReferencedResources
/// in rollout/controller.go; a missing object is an InvalidSpec field error carrying the API's
/// NotFound text) and what ValidateRolloutReferencedResources then checks (validation_references.go).
extension RolloutValidation {
    var namespace: String { rollout.metadata.namespace }

    func validateReferences() {
        validateServices()
        validateAnalysisReferences()
        guard let canary = spec.strategy.canary, spec.strategy.blueGreen == nil, let routing = canary.trafficRouting else { return }
        if let nginx = routing.nginx { validateNginx(nginx, canary: canary) }
        if let alb = routing.alb { validateALB(alb, canary: canary) }
        if let istio = routing.istio { validateIstio(istio, canary: canary) }
        if let ambassador = routing.otherProviders.first(where: { $0.name == "ambassador" }),
           (ambassador.node["mappings"]?.sequenceItems ?? []).isEmpty {
            errors.invalid("spec.strategy.canary.trafficRouting.ambassador.mappings", .null, "must provide at least one mapping", at: ambassador.location)
        }
        for provider in routing.unsupportedProviders {
            let location = (routing.otherProviders + routing.plugins).first { provider == $0.name || provider == "plugins/\($0.name)" }?.location ?? routing.locations.object
            sink.warning(location, "traffic router \(provider) is not simulated; traffic is split by replica count",
                         expected: "one of the simulated routers: nginx, istio, alb, smi")
        }
    }

    // MARK: Services

    func validateServices() {
        var references: [(path: String, name: String?, location: SourceLocation)] = []
        if let blueGreen = spec.strategy.blueGreen {
            references.append(("spec.strategy.blueGreen.activeService", blueGreen.activeService, blueGreen.locations["activeService"]))
            references.append(("spec.strategy.blueGreen.previewService", blueGreen.previewService, blueGreen.locations["previewService"]))
        } else if let canary = spec.strategy.canary {
            references.append(("spec.strategy.canary.stableService", canary.stableService, canary.locations["stableService"]))
            references.append(("spec.strategy.canary.canaryService", canary.canaryService, canary.locations["canaryService"]))
            if let pingPong = canary.pingPong {
                references.append(("spec.strategy.canary.pingPong.pingService", pingPong.pingService, pingPong.locations["pingService"]))
                references.append(("spec.strategy.canary.pingPong.pongService", pingPong.pongService, pingPong.locations["pongService"]))
            }
        }
        let templateLabels = effectiveTemplate?.labels ?? StringMap()
        for reference in references {
            guard let name = reference.name, !name.isEmpty else { continue }
            guard let service = set.service(named: name, namespace: namespace) else {
                errors.invalid(reference.path, .string(name), "service \"\(name)\" not found", at: reference.location,
                               expected: "a Service manifest named \(name) in namespace \(namespace)")
                continue
            }
            // Argo: ValidateService. Every selector label except the pod-template-hash must be on the pods.
            for entry in service.selector.entries where entry.key != "rollouts-pod-template-hash" {
                if templateLabels[entry.key] != entry.value {
                    errors.invalid(reference.path, .string(name), "Service \"\(name)\" has unmatch label \"\(entry.key)\" in rollout",
                                   at: reference.location, expected: "the pod template to carry \(entry.key): \(entry.value) (selector at \(service.location))")
                }
            }
            let owner = service.metadata.annotations[Service.managedByAnnotation] ?? serviceOwners["\(namespace)/\(name)"]
            if let owner, owner != rollout.metadata.name {
                errors.invalid(reference.path, .string(name), "Service \"\(name)\" is managed by another Rollout", at: reference.location)
            }
        }
    }

    // MARK: Ingresses

    func validateNginx(_ nginx: NginxTrafficRouting, canary: CanaryStrategy) {
        let base = "spec.strategy.canary.trafficRouting.nginx"
        let single = !(nginx.stableIngress ?? "").isEmpty, multiple = !(nginx.stableIngresses ?? []).isEmpty
        if single && multiple {
            errors.internalError(base, "Either StableIngress or StableIngresses must be configured. Both are configured.", at: nginx.locations.object)
        } else if !single && !multiple {
            errors.internalError(base, "Either StableIngress or StableIngresses must be configured. Neither are configured.", at: nginx.locations.object)
        }
        var names: [(name: String, location: SourceLocation, path: String)] = []
        if single { names.append((nginx.stableIngress ?? "", nginx.locations["stableIngress"], "\(base).stableIngress")) }
        for (index, name) in (nginx.stableIngresses ?? []).enumerated() {
            let location = nginx.stableIngressLocations.indices.contains(index) ? nginx.stableIngressLocations[index] : nginx.locations["stableIngresses"]
            names.append((name, location, "\(base).stableIngresses"))
        }
        for (name, location, path) in names {
            validateIngress(named: name, service: canary.stableService ?? "", path: path, at: location)
        }
    }

    func validateALB(_ alb: ALBTrafficRouting, canary: CanaryStrategy) {
        let base = "spec.strategy.canary.trafficRouting.alb"
        let single = !(alb.ingress ?? "").isEmpty, multiple = !(alb.ingresses ?? []).isEmpty
        if single && multiple {
            errors.internalError(base, "Either Ingress or Ingresses must be configured. Both are configured.", at: alb.locations.object)
        } else if !single && !multiple {
            errors.internalError(base, "Either Ingress or Ingresses must be configured. Neither are configured.", at: alb.locations.object)
        }
        let service = (alb.rootService ?? "").isEmpty ? (canary.stableService ?? "") : (alb.rootService ?? "")
        var names: [(name: String, location: SourceLocation, path: String)] = []
        if single { names.append((alb.ingress ?? "", alb.locations["ingress"], "\(base).ingress")) }
        for (index, name) in (alb.ingresses ?? []).enumerated() {
            let location = alb.ingressLocations.indices.contains(index) ? alb.ingressLocations[index] : alb.locations["ingresses"]
            names.append((name, location, "\(base).ingresses"))
        }
        for (name, location, path) in names {
            validateIngress(named: name, service: service, path: path, at: location)
        }
    }

    private func validateIngress(named name: String, service: String, path: String, at location: SourceLocation) {
        guard let ingress = set.ingress(named: name, namespace: namespace) else {
            errors.invalid(path, .string(name), "ingress.networking.k8s.io \"\(name)\" not found", at: location,
                           expected: "an Ingress manifest named \(name) in namespace \(namespace)")
            return
        }
        // Argo: reportErrors / ingressutil.HasRuleWithService.
        if !ingress.hasRule(withService: service) {
            errors.invalid(path, .string(name), "ingress `\(name)` has no rules using service \(service) backend", at: location,
                           expected: "a rule of the Ingress at \(ingress.location) with backend service \(service)")
        }
    }

    // MARK: Istio

    func validateIstio(_ istio: IstioTrafficRouting, canary: CanaryStrategy) {
        let base = "spec.strategy.canary.trafficRouting.istio"
        let multiple = !(istio.virtualServices ?? []).isEmpty
        if multiple ? istio.virtualService != nil : istio.virtualService == nil {
            errors.internalError(base, "either VirtualService or VirtualServices must be configured", at: istio.locations.object)
        }
        let vsPath = multiple ? "\(base).virtualServices.name" : "\(base).virtualService.name"
        for reference in istio.allVirtualServices {
            let fullName = reference.name ?? ""
            // A reference may be `name.namespace` (istioutil.GetVirtualServiceNamespaceName).
            let parts = fullName.split(separator: ".", maxSplits: 1).map(String.init)
            let name = parts.first ?? "", vsNamespace = parts.count > 1 ? parts[1] : namespace
            guard let virtualService = set.virtualService(named: name, namespace: vsNamespace) else {
                errors.invalid(vsPath, .string(fullName), "virtualservices.networking.istio.io \"\(name)\" not found", at: reference.locations["name"],
                               expected: "a VirtualService manifest named \(name) in namespace \(vsNamespace)")
                continue
            }
            if !virtualService.http.isEmpty, let problem = httpRouteProblem(virtualService, reference: reference, istio: istio, canary: canary) {
                errors.invalid(vsPath, .string(name), "Istio VirtualService has invalid HTTP routes. Error: \(problem)", at: reference.locations["name"],
                               expected: "routes of the VirtualService at \(virtualService.location) with the canary and stable destinations")
            }
            for (kind, routes, problem) in [("TLS", virtualService.tls, tlsRouteProblem(virtualService, reference: reference, istio: istio, canary: canary)),
                                            ("TCP", virtualService.tcp, tcpRouteProblem(virtualService, reference: reference, istio: istio, canary: canary))] {
                guard !routes.isEmpty, let problem else { continue }
                errors.invalid(vsPath, .string(name), "Istio VirtualService has invalid \(kind) routes. Error: \(problem)", at: reference.locations["name"],
                               expected: "\(kind.lowercased()) routes of the VirtualService at \(virtualService.location) with the canary and stable destinations")
            }
            if virtualService.http.isEmpty && virtualService.tls.isEmpty && virtualService.tcp.isEmpty {
                errors.invalid(vsPath, .string(name), "Unable to get any of the HTTP, TCP or TLS routes for the Istio VirtualService", at: reference.locations["name"])
            }
        }
        if let rule = istio.destinationRule, let name = rule.name {
            // Not InvalidSpec upstream: the reconcile fails and is retried, so the rollout never progresses.
            if let destinationRule = set.destinationRule(named: name, namespace: namespace) {
                for (subset, key) in [(rule.canarySubsetName, "canarySubsetName"), (rule.stableSubsetName, "stableSubsetName")] {
                    if let subset, !destinationRule.subsets.contains(where: { $0.name == subset }) {
                        sink.error(rule.locations[key], "DestinationRule \(name) has no subset '\(subset)'; the traffic router cannot update it",
                                   expected: "one of the subsets: \(destinationRule.subsets.map(\.name).joined(separator: ", "))")
                    }
                }
            } else {
                sink.error(rule.locations["name"], "destinationrules.networking.istio.io \"\(name)\" not found; the traffic router cannot update it",
                           expected: "a DestinationRule manifest named \(name) in namespace \(namespace)")
            }
        }
    }

    /// Argo: istio.ValidateTlsRoutes. Without `tlsRoutes` the first tls route is managed (and there
    /// must be only one); otherwise each entry must match a route by its single port and SNI hosts.
    private func tlsRouteProblem(_ virtualService: VirtualService, reference: IstioTrafficRouting.VirtualServiceRef,
                                 istio: IstioTrafficRouting, canary: CanaryStrategy) -> String? {
        guard !virtualService.tls.isEmpty else { return nil }
        var managed: [VirtualService.Route] = []
        if let wanted = reference.tlsRoutes, !wanted.isEmpty {
            for tlsRoute in wanted {
                // Argo: searchTlsRoute. The route's match ports and SNI hosts are collected as sets
                // (a match without a port counts as port 0); more than one port never matches, and
                // the hosts compare as evaluate.Equal does: the same count, each route host listed.
                let matches = virtualService.tls.filter { route in
                    let ports = Set(route.matchPorts), hosts = Set(route.sniHosts)
                    return ports.count <= 1 && (ports.first ?? 0) == (tlsRoute.port ?? 0)
                        && tlsRoute.sniHosts.count == hosts.count && hosts.isSubset(of: tlsRoute.sniHosts)
                }
                if matches.isEmpty { return "No matching TLS routes found in the defined Virtual Service." }
                managed += matches
            }
        } else {
            managed = [virtualService.tls[0]]
        }
        if let problem = managed.lazy.compactMap({ destinationProblem($0.destinations, istio: istio, canary: canary) }).first { return problem }
        if (reference.tlsRoutes ?? []).isEmpty && virtualService.tls.count > 1 {
            return "spec.tls[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes"
        }
        return nil
    }

    /// Argo: istio.ValidateTcpRoutes, the same with the port alone.
    private func tcpRouteProblem(_ virtualService: VirtualService, reference: IstioTrafficRouting.VirtualServiceRef,
                                 istio: IstioTrafficRouting, canary: CanaryStrategy) -> String? {
        guard !virtualService.tcp.isEmpty else { return nil }
        var managed: [VirtualService.Route] = []
        if let ports = reference.tcpRoutePorts, !ports.isEmpty {
            for port in ports {
                let matches = virtualService.tcp.filter { route in
                    let ports = Set(route.matchPorts)
                    return ports.count <= 1 && (ports.first ?? 0) == port
                }
                if matches.isEmpty { return "No matching TCP routes found in the defined Virtual Service." }
                managed += matches
            }
        } else {
            managed = [virtualService.tcp[0]]
        }
        if let problem = managed.lazy.compactMap({ destinationProblem($0.destinations, istio: istio, canary: canary) }).first { return problem }
        if (reference.tcpRoutePorts ?? []).isEmpty && virtualService.tcp.count > 1 {
            return "spec.tcp[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes"
        }
        return nil
    }

    /// Argo: validateVirtualServiceRouteDestinations. Subsets with a DestinationRule, otherwise the
    /// services, compared with the host's first label (`getHost`).
    private func destinationProblem(_ destinations: [VirtualService.Destination], istio: IstioTrafficRouting, canary: CanaryStrategy) -> String? {
        if let rule = istio.destinationRule {
            let subsets = destinations.compactMap(\.subset)
            let canarySubset = rule.canarySubsetName ?? "", stableSubset = rule.stableSubsetName ?? ""
            if canarySubset.isEmpty || !subsets.contains(canarySubset) { return "Canary DestinationRule subset '\(canarySubset)' not found in route" }
            if stableSubset.isEmpty || !subsets.contains(stableSubset) { return "Stable DestinationRule subset '\(stableSubset)' not found in route" }
            return nil
        }
        let hosts = destinations.map { String($0.host.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
        let (stableService, canaryService) = Self.stableAndCanaryServices(canary)
        if canaryService.isEmpty || !hosts.contains(canaryService) { return "Canary Service '\(canaryService)' not found in route" }
        if stableService.isEmpty || !hosts.contains(stableService) { return "Stable Service '\(stableService)' not found in route" }
        return nil
    }

    /// Argo: istio.ValidateHTTPRoutes. The managed routes must exist, and each must route to both the
    /// canary and stable destinations (subsets with a DestinationRule, service hosts otherwise).
    private func httpRouteProblem(_ virtualService: VirtualService, reference: IstioTrafficRouting.VirtualServiceRef,
                                  istio: IstioTrafficRouting, canary: CanaryStrategy) -> String? {
        var managed: [VirtualService.Route] = []
        if let names = reference.routes, !names.isEmpty {
            for name in names {
                guard let route = virtualService.http.first(where: { $0.name == name }) else {
                    return "HTTP Route '\(name)' is not found in the defined Virtual Service."
                }
                managed.append(route)
            }
        } else if let route = Self.defaultHTTPRoute(virtualService.http) {
            managed = [route]
        }
        for route in managed {
            if let problem = destinationProblem(route.destinations, istio: istio, canary: canary) { return problem }
        }
        // Routes the rollout adds itself (managedRoutes: header and mirror routes) do not count.
        let managedNames = Set((canary.trafficRouting?.managedRoutes ?? []).map(\.name))
        let unmanaged = virtualService.http.filter { !managedNames.contains($0.name ?? "") }
        if (reference.routes ?? []).isEmpty && unmanaged.count > 1 {
            return "spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes"
        }
        return nil
    }

    /// Argo: trafficrouting.GetStableAndCanaryServices as validation calls it (ping-pong not
    /// preferred). The ping and pong services stand in only when neither stableService nor
    /// canaryService is set. A rollout being validated has no `status.canary.stablePingPong`, and
    /// only the value "ping" makes ping the stable, so stable is pong and canary is ping.
    static func stableAndCanaryServices(_ canary: CanaryStrategy) -> (stable: String, canary: String) {
        let stable = canary.stableService ?? "", canaryService = canary.canaryService ?? ""
        if let pingPong = canary.pingPong, stable.isEmpty, canaryService.isEmpty {
            return (pingPong.pongService ?? "", pingPong.pingService ?? "")
        }
        return (stable, canaryService)
    }

    /// Argo: getHttpRouteIndexesToPatch without `routes`. The only route when there is exactly one,
    /// otherwise the first route without a name (named routes, such as managed header or mirror
    /// routes, are left alone), or none at all; then only the route-count rule applies.
    static func defaultHTTPRoute(_ routes: [VirtualService.Route]) -> VirtualService.Route? {
        if routes.count == 1 { return routes[0] }
        return routes.first { ($0.name ?? "").isEmpty }
    }
}
