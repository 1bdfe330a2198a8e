import PromQL
@testable import RolloutSim

/// A small world to test against: one rollout `checkout` in namespace `shop`, services
/// `checkout` (app selector only), `checkout-stable` and `checkout-canary`.
enum WorldFixture {
    static let namespace = "shop"
    static let rollout = "checkout"
    static let stableImage = "ghcr.io/acme/checkout:1.8.0"
    static let canaryImage = "ghcr.io/acme/checkout:1.9.0"

    static func template(image: String) -> ClusterPodTemplate {
        ClusterPodTemplate(labels: [LabelPair("app", "checkout")], containers: [ContainerSpec(name: "checkout", image: image)])
    }

    static func version(_ image: String, errorRate: Double = 0, p50Ms: Int64 = 40, p99Ms: Int64 = 250,
                        capacityRps: Double? = nil, readiness: Readiness = .ok) -> VersionBehaviour {
        VersionBehaviour(image: image, errorRate: errorRate,
                         latency: LatencyQuantiles(p50: SimDuration(milliseconds: p50Ms), p99: SimDuration(milliseconds: p99Ms)),
                         capacityRps: capacityRps, readiness: readiness, location: SourceLocation(file: "test", line: 1, column: 1))
    }

    static func configuration(seed: UInt64 = 7, history: SimDuration = .zero, rps: Double = 100,
                              versions: [VersionBehaviour] = [], scrapeInterval: SimDuration = .seconds(15),
                              podStartup: DurationDistribution = .fixed(.seconds(20)), weightStep: Int = 1,
                              outages: [TimeWindow] = [], address: String? = nil, ruleFiles: [RuleFile] = []) -> WorldConfiguration {
        var prometheus = PrometheusSettings.default
        prometheus.scrapeInterval = scrapeInterval
        prometheus.evaluationInterval = scrapeInterval
        prometheus.outages = outages
        prometheus.address = address
        return WorldConfiguration(seed: seed, history: history,
                                  cluster: ClusterSettings(podStartup: podStartup, podShutdown: .seconds(5)),
                                  traffic: TrafficSettings(load: .constant(rps: rps), weightStep: weightStep),
                                  versions: versions, prometheus: prometheus, ruleFiles: ruleFiles)
    }

    /// A world with `stable` available pods of the stable image and the three services; the
    /// canary ReplicaSet exists with no pods. Traffic is routed by `provider`.
    static func make(_ configuration: WorldConfiguration, stable: Int = 8,
                     provider: TrafficProvider = .none(service: "checkout")) -> (World, stable: ReplicaSetID, canary: ReplicaSetID) {
        let world = World(configuration: configuration)
        let stableRS = world.createReplicaSet(rolloutName: rollout, namespace: namespace, podTemplate: template(image: stableImage), revision: 1)
        let canaryRS = world.createReplicaSet(rolloutName: rollout, namespace: namespace, podTemplate: template(image: canaryImage), revision: 2)
        world.addService(name: "checkout", namespace: namespace, selector: [LabelPair("app", "checkout")])
        let stableService = world.addService(name: "checkout-stable", namespace: namespace, selector: [LabelPair("app", "checkout")])
        let canaryService = world.addService(name: "checkout-canary", namespace: namespace, selector: [LabelPair("app", "checkout")])
        world.setServiceSelector(stableService, podTemplateHash: world.replicaSets[stableRS.index].podTemplateHash)
        world.setServiceSelector(canaryService, podTemplateHash: world.replicaSets[canaryRS.index].podTemplateHash)
        world.createAvailablePods(in: stableRS, count: stable)
        world.configureTraffic(rolloutName: rollout, namespace: namespace, provider: provider)
        return (world, stableRS, canaryRS)
    }

    static func nginx(total: Int = 100) -> TrafficProvider {
        .nginx(stableService: "checkout-stable", canaryService: "checkout-canary", weightTotal: total)
    }

    /// The value of a one-element vector (or scalar) result.
    static func scalar(_ value: QueryValue) -> Double? {
        switch value {
        case .scalar(_, let v): return v
        case .vector(let samples): return samples.count == 1 ? samples[0].value : nil
        case .matrix, .string: return nil
        }
    }
}
