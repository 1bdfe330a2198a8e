/// Decodes the `kind: Scenario` document. Unknown fields are errors here (our own format: a typo
/// must not silently change a rehearsal), and every problem is reported, not just the first.
struct ScenarioDecoder {
    let sink: DiagnosticSink
    let file: String

    static let apiVersion = "rollout-sim/v1alpha1"

    func decode(_ root: YAMLNode) -> Scenario? {
        let top = FieldReader(root, path: "", sink: sink)
        if let version = top.string("apiVersion"), version != Self.apiVersion {
            sink.error(top.node("apiVersion")!.location, "unsupported apiVersion '\(version)' for kind Scenario", expected: Self.apiVersion)
        }
        top.ignore("kind")
        let metadata = top.object("metadata")
        let name = metadata?.string("name")
        if metadata == nil || name == nil {
            sink.error(root.location, "a Scenario needs metadata.name", expected: "metadata: {name: …}")
        }
        let description = metadata?.string("description")
        metadata?.ignore("labels", "annotations")
        metadata?.finish(unknownFields: .error, known: ["name", "description", "labels", "annotations"])

        let spec = top.object("spec") ?? FieldReader(YAMLNode(.mapping([]), at: root.location), path: "spec", sink: sink)
        top.finish(unknownFields: .error, known: ["apiVersion", "kind", "metadata", "spec"])

        var scenario = Scenario(
            name: name ?? "unnamed", description: description, file: file, location: root.location,
            seed: Scenario.defaultSeed, duration: nil, history: Scenario.defaultHistory, manifestPaths: [],
            cluster: .default, traffic: .default, versions: [], prometheus: .default, secrets: [],
            providers: .empty, timeline: [], expectations: [])

        if let seedNode = spec.node("seed") {
            if let text = seedNode.scalar, !seedNode.isQuoted, let seed = UInt64(text) {
                scenario.seed = seed
            } else {
                sink.error(seedNode.location, "spec.seed must be a non-negative integer, got \(seedNode.kindDescription)", expected: "an integer such as 42")
            }
        }
        if let durationNode = spec.node("duration"), let duration = positiveDuration(durationNode, path: "spec.duration") {
            if duration > Scenario.maximumDuration {
                sink.error(durationNode.location, "spec.duration \(duration) is longer than the 24h limit", expected: "at most 24h")
            } else {
                scenario.duration = duration
            }
        }
        if let historyNode = spec.node("history"), let history = ScalarDecoder.duration(historyNode, path: "spec.history", sink: sink) {
            if history > Scenario.maximumDuration {
                sink.error(historyNode.location, "spec.history \(history) is longer than the 24h limit", expected: "at most 24h")
            } else {
                scenario.history = history
            }
        }
        scenario.manifestPaths = pathList(spec, "manifests")
        if let cluster = spec.object("cluster") { scenario.cluster = decodeCluster(cluster) }
        if let traffic = spec.object("traffic") { scenario.traffic = decodeTraffic(traffic) }
        if let versions = spec.sequence("versions") {
            scenario.versions = versions.enumerated().compactMap { decodeVersion($1, path: "spec.versions[\($0)]") }
        }
        if let prometheus = spec.object("prometheus") { scenario.prometheus = decodePrometheus(prometheus) }
        if let secrets = spec.node("secrets") { scenario.secrets = decodeSecrets(secrets) }
        if let providers = spec.object("providers") { scenario.providers = decodeProviders(providers) }
        if let timeline = spec.sequence("timeline") {
            let decoder = TimelineDecoder(sink: sink, values: self)
            scenario.timeline = timeline.enumerated().compactMap { decoder.decode($1, path: "spec.timeline[\($0)]") }
        }
        if let expect = spec.sequence("expect") {
            let decoder = ExpectationDecoder(sink: sink, values: self)
            scenario.expectations = expect.enumerated().compactMap { decoder.decode($1, path: "spec.expect[\($0)]") }
        }
        spec.finish(unknownFields: .error, known: ["seed", "duration", "history", "manifests", "cluster", "traffic", "versions",
                                                   "prometheus", "secrets", "providers", "timeline", "expect"])
        return name == nil ? nil : scenario
    }

    // MARK: sections

    private func decodeCluster(_ fields: FieldReader) -> ClusterSettings {
        var cluster = ClusterSettings.default
        if let startup = fields.node("podStartup") {
            if startup.mappingPairs != nil {
                let range = FieldReader(startup, path: fields.childPath("podStartup"), sink: sink)
                let low = range.required("min", expected: "a duration").flatMap { positiveDuration($0, path: range.childPath("min"), allowZero: true) }
                let high = range.required("max", expected: "a duration").flatMap { positiveDuration($0, path: range.childPath("max"), allowZero: true) }
                range.finish(unknownFields: .error, known: ["min", "max"])
                if let low, let high {
                    if low > high {
                        sink.error(startup.location, "podStartup min \(low) is greater than max \(high)", expected: "min ≤ max")
                    } else {
                        cluster.podStartup = .uniform(min: low, max: high)
                    }
                }
            } else if let fixed = positiveDuration(startup, path: fields.childPath("podStartup"), allowZero: true) {
                cluster.podStartup = .fixed(fixed)
            }
        }
        if let shutdown = fields.node("podShutdown"), let value = positiveDuration(shutdown, path: fields.childPath("podShutdown"), allowZero: true) {
            cluster.podShutdown = value
        }
        fields.finish(unknownFields: .error, known: ["podStartup", "podShutdown"])
        return cluster
    }

    private func decodeTraffic(_ fields: FieldReader) -> TrafficSettings {
        var traffic = TrafficSettings.default
        if let rps = fields.node("rps"), let load = decodeLoad(rps, path: fields.childPath("rps")) {
            traffic.load = load
        }
        if let stepNode = fields.node("weightStep"), let step = ScalarDecoder.int(stepNode, path: fields.childPath("weightStep"), sink: sink) {
            if step < 1 || step > 100 {
                sink.error(stepNode.location, "traffic.weightStep \(step) is out of range", expected: "an integer from 1 to 100")
            } else {
                traffic.weightStep = step
            }
        }
        if let previewNode = fields.node("previewRps"), let rps = requestRate(previewNode, path: fields.childPath("previewRps")) {
            traffic.previewRps = rps
        }
        fields.finish(unknownFields: .error, known: ["rps", "weightStep", "previewRps"])
        return traffic
    }

    /// `rps: 200`, `rps: [{at: 0s, rps: 200}, …]` or `rps: {diurnal: {min, max, period, peakAt}}`.
    func decodeLoad(_ node: YAMLNode, path: String) -> LoadCurve? {
        switch node.content {
        case .scalar:
            return requestRate(node, path: path).map { .constant(rps: $0) }
        case .sequence(let items):
            var steps: [LoadStep] = []
            for (index, item) in items.enumerated() {
                let step = FieldReader(item, path: "\(path)[\(index)]", sink: sink)
                let at = step.required("at", expected: "a duration").flatMap { positiveDuration($0, path: step.childPath("at"), allowZero: true) }
                let rps = step.required("rps", expected: "requests per second").flatMap { requestRate($0, path: step.childPath("rps")) }
                step.finish(unknownFields: .error, known: ["at", "rps"])
                if let at, let rps {
                    if let last = steps.last, at <= last.at {
                        sink.error(item.location, "\(path) steps must be in increasing time order", expected: "'at' later than \(last.at)")
                    }
                    steps.append(LoadStep(at: at, rps: rps))
                }
            }
            if steps.isEmpty {
                sink.error(node.location, "\(path) is an empty list", expected: "at least one {at, rps} step")
                return nil
            }
            return .steps(steps)
        case .mapping:
            let outer = FieldReader(node, path: path, sink: sink)
            guard let diurnal = outer.object("diurnal") else {
                outer.finish(unknownFields: .error, known: ["diurnal"])
                if outer.keys.isEmpty {
                    sink.error(node.location, "\(path) is an empty mapping", expected: "a number, a list of steps or {diurnal: …}")
                }
                return nil
            }
            outer.finish(unknownFields: .error, known: ["diurnal"])
            let low = diurnal.required("min", expected: "requests per second").flatMap { requestRate($0, path: diurnal.childPath("min")) }
            let high = diurnal.required("max", expected: "requests per second").flatMap { requestRate($0, path: diurnal.childPath("max")) }
            let period = diurnal.node("period").flatMap { positiveDuration($0, path: diurnal.childPath("period")) } ?? .minutes(24 * 60)
            let peakAt = diurnal.node("peakAt").flatMap { positiveDuration($0, path: diurnal.childPath("peakAt"), allowZero: true) } ?? .minutes(14 * 60)
            diurnal.finish(unknownFields: .error, known: ["min", "max", "period", "peakAt"])
            guard let low, let high else { return nil }
            if low > high {
                sink.error(diurnal.node.location, "diurnal min \(low) is greater than max \(high)", expected: "min ≤ max")
                return nil
            }
            return .diurnal(min: low, max: high, period: period, peakAt: peakAt)
        }
    }

    private func decodeVersion(_ node: YAMLNode, path: String) -> VersionBehaviour? {
        let fields = FieldReader(node, path: path, sink: sink)
        let image = fields.required("image", expected: "an image such as ghcr.io/acme/checkout:1.9.0").flatMap { ScalarDecoder.string($0, path: fields.childPath("image"), sink: sink) }
        let change = decodeBehaviourFields(fields)
        fields.finish(unknownFields: .error, known: ["image", "errorRate", "latency", "capacityRps", "readiness"])
        guard let image else { return nil }
        return VersionBehaviour(
            image: image, errorRate: change.errorRate ?? 0, latency: change.latency ?? VersionBehaviour.defaultLatency,
            capacityRps: change.capacityRps, readiness: change.readiness ?? .ok, location: node.location)
    }

    /// The behaviour fields shared by `versions[]` and the `setVersion` action.
    func decodeBehaviourFields(_ fields: FieldReader) -> (errorRate: Double?, latency: LatencyQuantiles?, capacityRps: Double?, readiness: Readiness?) {
        let errorRate = fields.node("errorRate").flatMap { fraction($0, path: fields.childPath("errorRate")) }
        var latency: LatencyQuantiles?
        if let latencyFields = fields.object("latency") {
            let p50 = latencyFields.required("p50", expected: "a duration such as 40ms").flatMap { positiveDuration($0, path: latencyFields.childPath("p50")) }
            let p99 = latencyFields.required("p99", expected: "a duration such as 250ms").flatMap { positiveDuration($0, path: latencyFields.childPath("p99")) }
            latencyFields.finish(unknownFields: .error, known: ["p50", "p99"])
            if let p50, let p99 {
                if p99 < p50 {
                    sink.error(latencyFields.node.location, "latency p99 \(p99) is below p50 \(p50)", expected: "p50 ≤ p99")
                } else {
                    latency = LatencyQuantiles(p50: p50, p99: p99)
                }
            }
        }
        let capacity = fields.node("capacityRps").flatMap { node -> Double? in
            guard let value = nonNegativeNumber(node, path: fields.childPath("capacityRps")) else { return nil }
            if value == 0 {
                sink.error(node.location, "\(fields.childPath("capacityRps")) must be greater than 0", expected: "requests per second per pod, or omit it for unlimited")
                return nil
            }
            return value
        }
        var readiness: Readiness?
        if let node = fields.node("readiness") {
            readiness = decodeReadiness(node, path: fields.childPath("readiness"))
        }
        return (errorRate, latency, capacity, readiness)
    }

    private func decodeReadiness(_ node: YAMLNode, path: String) -> Readiness? {
        if let text = node.scalar {
            switch text {
            case "ok": return .ok
            case "never": return .never
            default:
                sink.error(node.location, "\(path) '\(text)' is not a readiness mode", expected: "ok, never or {crashAfter: 5m}")
                return nil
            }
        }
        let fields = FieldReader(node, path: path, sink: sink)
        let crash = fields.required("crashAfter", expected: "a duration").flatMap { positiveDuration($0, path: fields.childPath("crashAfter")) }
        fields.finish(unknownFields: .error, known: ["crashAfter"])
        return crash.map { .crashAfter($0) }
    }

    private func decodeSecrets(_ node: YAMLNode) -> [ScenarioSecret] {
        let fields = FieldReader(node, path: "spec.secrets", sink: sink)
        var secrets: [ScenarioSecret] = []
        for key in fields.keys {
            guard let value = fields.node(key) else { continue }
            guard let pairs = value.mappingPairs else {
                sink.error(value.location, "spec.secrets.\(key) must be a mapping of keys to values, got \(value.kindDescription)", expected: "{key: value}")
                continue
            }
            let data = pairs.compactMap { pair in
                ScalarDecoder.string(pair.value, path: "spec.secrets.\(key).\(pair.key)", sink: sink).map { (key: pair.key, value: $0) }
            }.sorted { $0.key < $1.key }
            secrets.append(ScenarioSecret(name: key, data: data, location: value.location))
        }
        return secrets.sorted { $0.name < $1.name }
    }

    private func pathList(_ fields: FieldReader, _ key: String) -> [PathReference] {
        guard let items = fields.sequence(key) else { return [] }
        return items.enumerated().compactMap { index, item in
            ScalarDecoder.string(item, path: "\(fields.childPath(key))[\(index)]", sink: sink).map { PathReference(path: $0, location: item.location) }
        }
    }
}
