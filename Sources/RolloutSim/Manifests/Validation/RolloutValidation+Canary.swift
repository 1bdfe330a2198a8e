/// Argo: ValidateRolloutStrategyCanary (validation.go).
extension RolloutValidation {
    /// Argo: requireCanaryStableServices. Which routers need both canaryService and stableService.
    static func requiresCanaryStableServices(_ canary: CanaryStrategy) -> Bool {
        guard let routing = canary.trafficRouting else { return false }
        if routing.alb != nil && canary.pingPong == nil { return true }
        if let istio = routing.istio, istio.destinationRule == nil, canary.pingPong == nil { return true }
        if routing.smi != nil || routing.nginx != nil { return true }
        return ["apisix", "ambassador", "appMesh", "traefik"].contains { routing.has(provider: $0) }
    }

    func validateCanary(_ canary: CanaryStrategy) {
        let path = "spec.strategy"
        let locations = canary.locations
        if canary.maxSurgeOrDefault.validationValue == 0 && canary.maxUnavailableOrDefault.validationValue == 0 {
            errors.invalid("\(path).maxSurge", .raw(canary.maxSurgeOrDefault.description), "MaxSurge and MaxUnavailable both can not be zero",
                           at: locations["maxSurge"], expected: "maxSurge or maxUnavailable above zero")
        }
        let canaryService = canary.canaryService ?? "", stableService = canary.stableService ?? ""
        if !canaryService.isEmpty && canaryService == stableService {
            errors.invalid("\(path).stableService", .string(stableService),
                           "This rollout uses the same service for the stable and canary services, but two different services are required.",
                           at: locations["stableService"])
        }
        let routing = canary.trafficRouting
        if let pingPong = canary.pingPong {
            validatePingPong(pingPong, canary: canary, path: path)
        }
        if Self.requiresCanaryStableServices(canary) {
            let message = "Canary service and Stable service must to be set to use Traffic Routing"
            if stableService.isEmpty { errors.invalid("\(path).stableService", .string(""), message, at: locations["stableService"], expected: "stableService") }
            if canaryService.isEmpty { errors.invalid("\(path).canaryService", .string(""), message, at: locations["canaryService"], expected: "canaryService") }
        }
        if let routing {
            if canary.scaleDownDelaySeconds != nil && canary.dynamicStableScale {
                errors.invalid("\(path).dynamicStableScale", .bool(true), "Canary dynamicStableScale cannot be used with scaleDownDelaySeconds",
                               at: locations["dynamicStableScale"])
            }
            if let maxWeight = routing.maxTrafficWeight, routing.nginx == nil, routing.plugins.isEmpty {
                errors.invalid("\(path).trafficRouting.maxTrafficWeight", .int(maxWeight),
                               "Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins",
                               at: routing.locations["maxTrafficWeight"])
            } else if let maxWeight = routing.maxTrafficWeight, maxWeight <= 0 {
                // Not an upstream rule: validation accepts 0 (and, without steps, a negative value),
                // but the controller then divides weights by it and misbehaves. Refused here.
                sink.error(routing.locations["maxTrafficWeight"],
                           "Rollout \(rollout.metadata.name): spec.strategy.canary.trafficRouting.maxTrafficWeight: maxTrafficWeight must be greater than 0 (found \(maxWeight))",
                           expected: "a positive integer")
            }
        } else {
            if let delay = canary.scaleDownDelaySeconds {
                errors.invalid("\(path).scaleDownDelaySeconds", .int(delay), "Canary scaleDownDelaySeconds can only be used with traffic routing",
                               at: locations["scaleDownDelaySeconds"])
            }
            if canary.dynamicStableScale {
                errors.invalid("\(path).dynamicStableScale", .bool(true), "Canary dynamicStableScale can only be used with traffic routing",
                               at: locations["dynamicStableScale"])
            }
        }
        for step in canary.steps {
            validateStep(step, canary: canary, path: "\(path).steps[\(step.index)]")
        }
        validateAntiAffinity(canary.antiAffinity, path: "\(path).antiAffinity")
    }

    func validatePingPong(_ pingPong: PingPong, canary: CanaryStrategy, path: String) {
        if let routing = canary.trafficRouting, routing.alb == nil, routing.istio == nil, routing.plugins.isEmpty {
            errors.invalid("\(path).trafficRouting.alb", .null, "Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only",
                           at: routing.locations.object)
        }
        let ping = pingPong.pingService ?? "", pong = pingPong.pongService ?? ""
        let message = "Ping service and Pong service must to be set to use Ping-Pong feature"
        if ping.isEmpty { errors.invalid("\(path).pingPong.pingService", .string(ping), message, at: pingPong.locations["pingService"]) }
        if pong.isEmpty { errors.invalid("\(path).pingPong.pongService", .string(pong), message, at: pingPong.locations["pongService"]) }
        if ping == pong {
            errors.invalid("\(path).pingPong.pingService", .string(ping),
                           "This rollout uses the same service for the ping and pong services, but two different services are required.",
                           at: pingPong.locations["pingService"])
        }
        if let alb = canary.trafficRouting?.alb, (alb.rootService ?? "").isEmpty {
            errors.invalid("\(path).trafficRouting.alb.rootService", .string(""),
                           "Root service field is required for the configuration with ALB and ping-pong feature enabled", at: alb.locations.object)
        }
    }

    func validateStep(_ step: CanaryStep, canary: CanaryStrategy, path: String) {
        let stepMessage = "Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause"
        // Argo: hasMultipleStepsType only counts these four.
        let exclusive = [step.setWeight != nil, step.pause != nil, step.experiment != nil, step.analysis != nil]
        if exclusive.filter({ $0 }).count > 1 {
            errors.invalid(path, .string("step.Experiment: \(step.experiment != nil) step.Pause: \(step.pause != nil) step.SetWeight: \(step.setWeight != nil) step.Analysis: \(step.analysis != nil)"),
                           stepMessage, at: step.locations.object, expected: "one step type per list item; fields set: \(step.setFields.joined(separator: ", "))")
        }
        if step.setFields.isEmpty {
            errors.invalid(path, .string("step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoute: true step.Plugin: true"),
                           stepMessage, at: step.locations.object)
        }
        let maxWeight = canary.maxTrafficWeight
        if let weight = step.setWeight, weight < 0 || weight > maxWeight {
            errors.invalid("\(path).setWeight", .int(weight), "SetWeight needs to be between 0 and \(maxWeight)", at: step.locations["setWeight"])
        }
        if let pause = step.pause, let seconds = pause.durationSeconds, seconds < 0 {
            errors.invalid("\(path).pause.duration", .int(seconds), "Duration needs to be greater than 0", at: pause.locations["duration"],
                           expected: "seconds, or a Go duration such as 30s, 5m or 1h (no d unit)")
        }
        if let scale = step.setCanaryScale {
            if canary.trafficRouting == nil {
                errors.required("spec.strategy.trafficRouting", "SetCanaryScale requires TrafficRouting to be set", at: scale.locations.object)
            }
            // Not an upstream rule: upstream silently uses replicas over weight (GetCanaryReplicasOrWeight),
            // and matchTrafficWeight over both (UseSetCanaryScale). Worth a warning, not a refusal.
            let written = [scale.replicas != nil ? "replicas" : nil, scale.weight != nil ? "weight" : nil, scale.matchTrafficWeight ? "matchTrafficWeight" : nil].compactMap { $0 }
            if written.count > 1 {
                sink.warning(scale.locations.object, "\(path).setCanaryScale sets \(written.joined(separator: " and ")); only \(scale.matchTrafficWeight ? "matchTrafficWeight" : "replicas") takes effect",
                             expected: "one of weight, replicas or matchTrafficWeight")
            }
        }
        let routing = canary.trafficRouting
        if let header = step.setHeaderRoute {
            if let routing, routing.istio != nil || routing.alb != nil || routing.has(provider: "apisix") || !routing.plugins.isEmpty {
                for (index, match) in header.match.enumerated() {
                    let matchPath = "\(path).setHeaderRoute.match[\(index)]"
                    if routing.alb != nil {
                        validateALBMatch(match.headerValue, path: matchPath, at: match.location)
                    } else {
                        validateStringMatch(match.headerValue, path: matchPath, at: match.location)
                    }
                }
            } else {
                errors.invalid("\(path).setHeaderRoute", .raw("SetHeaderRoute{Name:\"\(header.name ?? "")\"}"),
                               "SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix", at: header.locations.object)
            }
        }
        if let mirror = step.setMirrorRoute {
            if routing == nil || (routing?.istio == nil && (routing?.plugins.isEmpty ?? true)) {
                errors.invalid("\(path).setMirrorRoute", .raw("SetMirrorRoute{Name:\"\(mirror.name ?? "")\"}"),
                               "SetMirrorRoute requires TrafficRouting, supports Istio and Plugins", at: mirror.locations.object)
            }
            for (index, match) in mirror.match.enumerated() {
                let matchPath = "\(path).setMirrorRoute.match[\(index)]"
                if let method = match.method { validateStringMatch(method, path: matchPath, at: match.location) }
                if let pathMatch = match.path { validateStringMatch(pathMatch, path: matchPath, at: match.location) }
            }
        }
        if let routing, step.setHeaderRoute != nil || step.setMirrorRoute != nil {
            if let managed = routing.managedRoutes {
                for (kind, name, location) in [("setHeaderRoute", step.setHeaderRoute?.name, step.setHeaderRoute?.locations["name"]),
                                               ("setMirrorRoute", step.setMirrorRoute?.name, step.setMirrorRoute?.locations["name"])] {
                    guard let location else { continue }
                    if !managed.contains(where: { $0.name == (name ?? "") }) {
                        errors.invalid("\(path).\(kind)", .string(name ?? ""),
                                       "Steps define a route that does not exist in spec.strategy.canary.trafficRouting.managedRoutes", at: location,
                                       expected: "one of: \(managed.map(\.name).joined(separator: ", "))")
                    }
                }
            } else {
                errors.required("spec.strategy.trafficRouting.managedRoutes", "Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'",
                                at: routing.locations.object)
            }
        }
        var fieldRefArgs: [RolloutAnalysisArgument] = []
        if let experiment = step.experiment {
            for (index, template) in experiment.templates.enumerated() {
                guard let weight = template.weight else { continue }
                let weightPath = "\(path).experiment.templates[\(index)].weight"
                if let routing {
                    if routing.alb == nil && routing.smi == nil && routing.istio == nil && routing.plugins.isEmpty {
                        errors.invalid(weightPath, .int(weight), "Experiment template weight is only available for TrafficRouting with SMI, ALB, Istio and Plugins at this time",
                                       at: template.locations["weight"])
                    }
                } else {
                    errors.invalid(weightPath, .int(weight), "Experiment template weight cannot be set unless TrafficRouting is enabled", at: template.locations["weight"])
                }
            }
            fieldRefArgs += experiment.analyses.flatMap(\.args)
        }
        if let analysis = step.analysis { fieldRefArgs += analysis.args }
        for arg in fieldRefArgs {
            if case .fieldRef(let fieldPath) = arg.source, fieldPath.hasPrefix("metadata"), !Self.isSupportedMetadataPath(fieldPath) {
                errors.invalid("\(path).analyses", .raw("[\(arg.name)]"), "Analyses arguments must refer to valid object metadata supported by downwardAPI",
                               at: arg.locations["valueFrom"], expected: "metadata.name, metadata.namespace, metadata.uid, metadata.labels['key'] or metadata.annotations['key']")
            }
        }
    }

    /// Kubernetes' fieldpath.ExtractFieldPathAsString on object metadata. A subscript is only
    /// `['key']` (SplitMaybeSubscriptedPath: the path ends in `']` and has a non-empty part before
    /// the first `['`), only on labels and annotations, and the key must be a qualified name
    /// (annotation keys are checked lowercased).
    static func isSupportedMetadataPath(_ path: String) -> Bool {
        if path.hasSuffix("']"), let open = path.range(of: "['"), open.lowerBound > path.startIndex,
           open.upperBound <= path.index(path.endIndex, offsetBy: -2) {
            let base = path[..<open.lowerBound]
            let key = String(path[open.upperBound..<path.index(path.endIndex, offsetBy: -2)])
            switch base {
            case "metadata.labels": return isQualifiedName(key)
            case "metadata.annotations": return isQualifiedName(key.lowercased())
            default: return false
            }
        }
        return ["metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels", "metadata.annotations"].contains(path)
    }

    /// Kubernetes' validation.IsQualifiedName: a name of at most 63 characters (alphanumerics,
    /// with `-`, `_` and `.` inside), optionally after a DNS-1123 subdomain prefix and a `/`.
    static func isQualifiedName(_ value: String) -> Bool {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.count <= 253 else { return false }
            for label in prefix.split(separator: ".", omittingEmptySubsequences: false) {
                guard let first = label.first, let last = label.last,
                      first.isLowercaseAlphanumeric, last.isLowercaseAlphanumeric,
                      label.allSatisfy({ $0.isLowercaseAlphanumeric || $0 == "-" }) else { return false }
            }
            name = parts[1]
        default:
            return false
        }
        guard let first = name.first, let last = name.last, name.count <= 63,
              first.isASCIIAlphanumeric, last.isASCIIAlphanumeric else { return false }
        return name.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }

    /// Argo: hasALBInvalidValues. ALB matches only on an exact header value.
    func validateALBMatch(_ match: StringMatch?, path: String, at location: SourceLocation) {
        guard let match else {
            errors.invalid(path, .null, "StringMatch value missed, match value must have one of the following: exact, regex, prefix", at: location)
            return
        }
        if (match.exact ?? "").isEmpty || !(match.regex ?? "").isEmpty || !(match.prefix ?? "").isEmpty {
            errors.invalid(path, .raw(describe(match)), "SetHeaderRoute match value invalid. ALB supports 'exact' value only", at: match.location)
        }
    }

    /// Argo: hasMultipleMatchValues. Exactly one of exact, regex, prefix.
    func validateStringMatch(_ match: StringMatch?, path: String, at location: SourceLocation) {
        guard let match else {
            errors.invalid(path, .null, "StringMatch value missed, match value must have one of the following: exact, regex, prefix", at: location)
            return
        }
        let count = [match.exact, match.regex, match.prefix].filter { !($0 ?? "").isEmpty }.count
        if count > 1 {
            errors.invalid(path, .raw(describe(match)), "StringMatch match value must have exactly one of the following: exact, regex, prefix", at: match.location)
        } else if count == 0 {
            errors.invalid(path, .raw(describe(match)), "StringMatch value missed, match value must have one of the following: exact, regex, prefix", at: match.location)
        }
    }

    private func describe(_ match: StringMatch) -> String {
        "StringMatch{Exact:\"\(match.exact ?? "")\", Prefix:\"\(match.prefix ?? "")\", Regex:\"\(match.regex ?? "")\"}"
    }
}

private extension Character {
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
    var isLowercaseAlphanumeric: Bool { isASCII && (isLowercase || isNumber) }
}
