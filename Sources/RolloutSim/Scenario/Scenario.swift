/// A scenario file's `kind: Scenario` document, typed and with defaults applied (CONTRACT.md §1).
public struct Scenario: Sendable {
    public var name: String
    public var description: String?
    /// The file the scenario was read from; manifest and rule-file paths are relative to its folder.
    public var file: String
    public var location: SourceLocation

    public var seed: UInt64
    /// nil: run until every rollout has settled, plus 5 minutes, at most `maximumDuration`.
    public var duration: SimDuration?
    public var history: SimDuration
    public var manifestPaths: [PathReference]
    public var cluster: ClusterSettings
    public var traffic: TrafficSettings
    public var versions: [VersionBehaviour]
    public var prometheus: PrometheusSettings
    /// Secret name → key → value, for `valueFrom.secretKeyRef`, sorted by name.
    public var secrets: [ScenarioSecret]
    public var providers: ProviderOutcomes
    public var timeline: [TimelineAction]
    public var expectations: [Expectation]

    public static let defaultSeed: UInt64 = 1
    public static let defaultHistory = SimDuration.minutes(60)
    /// The settle margin and the cap when `duration` is omitted.
    public static let settleMargin = SimDuration.minutes(5)
    public static let maximumDuration = SimDuration.minutes(24 * 60)
}

/// A path written in the scenario, with where it was written (for "file not found" messages).
public struct PathReference: Sendable, Hashable {
    public var path: String
    public var location: SourceLocation
}

public struct ScenarioSecret: Sendable, Hashable {
    public var name: String
    /// Keys sorted by name.
    public var data: [(key: String, value: String)]
    public var location: SourceLocation

    public static func == (lhs: ScenarioSecret, rhs: ScenarioSecret) -> Bool {
        lhs.name == rhs.name && lhs.data.map(\.key) == rhs.data.map(\.key) && lhs.data.map(\.value) == rhs.data.map(\.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for pair in data { hasher.combine(pair.key); hasher.combine(pair.value) }
    }
}

// MARK: - cluster

public struct ClusterSettings: Sendable, Hashable {
    /// Creation → Ready.
    public var podStartup: DurationDistribution
    /// Terminating → gone (the pod leaves the endpoints at once).
    public var podShutdown: SimDuration

    public static let `default` = ClusterSettings(podStartup: .fixed(.seconds(20)), podShutdown: .seconds(5))
}

/// A duration that is either fixed or drawn uniformly from a range.
public enum DurationDistribution: Sendable, Hashable {
    case fixed(SimDuration)
    case uniform(min: SimDuration, max: SimDuration)
}

// MARK: - traffic

public struct TrafficSettings: Sendable, Hashable {
    public var load: LoadCurve
    /// The smallest weight step the provider honours, on top of its own integer encoding.
    public var weightStep: Int
    /// Blue-green: requests per second sent to the preview Service (smoke tests); 0 means none.
    public var previewRps: Double = 0

    public static let `default` = TrafficSettings(load: .constant(rps: 100), weightStep: 1)
}

/// Requests per second offered to a rollout's service over virtual time.
public enum LoadCurve: Sendable, Hashable {
    case constant(rps: Double)
    /// Piecewise constant: each step holds from its time until the next; sorted by time.
    case steps([LoadStep])
    /// A sinusoid between `min` and `max` with its peak at `peakAt` into each period.
    case diurnal(min: Double, max: Double, period: SimDuration, peakAt: SimDuration)
}

public struct LoadStep: Sendable, Hashable {
    public var at: SimDuration
    public var rps: Double
}

// MARK: - versions

/// How one image behaves; `image` is an exact string or a glob with `*` and `?`.
public struct VersionBehaviour: Sendable, Hashable {
    public var image: String
    /// Share of requests answered 5xx, 0…1.
    public var errorRate: Double
    public var latency: LatencyQuantiles
    /// Per-pod requests per second beyond which latency and errors grow; nil: unlimited.
    public var capacityRps: Double?
    public var readiness: Readiness
    public var location: SourceLocation

    public static let defaultLatency = LatencyQuantiles(p50: SimDuration(milliseconds: 50), p99: SimDuration(milliseconds: 250))
}

public struct LatencyQuantiles: Sendable, Hashable {
    public var p50: SimDuration
    public var p99: SimDuration
}

public enum Readiness: Sendable, Hashable {
    case ok
    case never
    /// Ready after start-up, then the container crashes this long after each start.
    case crashAfter(SimDuration)
}

// MARK: - prometheus

public struct PrometheusSettings: Sendable, Hashable {
    /// Provider addresses that reach the simulated Prometheus; nil: any address does.
    public var address: String?
    public var scrapeInterval: SimDuration
    public var evaluationInterval: SimDuration
    public var lookbackDelta: SimDuration
    public var requestsMetric: String
    public var durationMetric: String
    /// Upper bounds of the latency histogram's buckets in seconds, ascending (+Inf is implied).
    public var durationBuckets: [Double]
    /// Label name → template over the pod (`{{pod.name}}`…), in source order.
    public var targetLabels: [TargetLabel]
    public var ruleFiles: [PathReference]
    public var outages: [TimeWindow]

    public static let defaultBuckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
    public static let defaultTargetLabels: [TargetLabel] = [
        TargetLabel(name: "namespace", template: "{{pod.namespace}}"),
        TargetLabel(name: "pod", template: "{{pod.name}}"),
        TargetLabel(name: "service", template: "{{rollout.name}}"),
        TargetLabel(name: "app", template: "{{pod.labels.app}}"),
        TargetLabel(name: "rollouts_pod_template_hash", template: "{{pod.labels.rollouts-pod-template-hash}}"),
    ]
    public static let `default` = PrometheusSettings(
        address: nil, scrapeInterval: .seconds(30), evaluationInterval: .seconds(30), lookbackDelta: .minutes(5),
        requestsMetric: "http_requests_total", durationMetric: "http_request_duration_seconds",
        durationBuckets: defaultBuckets, targetLabels: defaultTargetLabels, ruleFiles: [], outages: [])
}

public struct TargetLabel: Sendable, Hashable {
    public var name: String
    public var template: String
}

/// A half-open window of virtual time `[from, to)`.
public struct TimeWindow: Sendable, Hashable {
    public var from: SimDuration
    public var to: SimDuration
}

// MARK: - other providers

/// Outcomes of metric providers other than Prometheus, by metric name (sorted by name).
public struct ProviderOutcomes: Sendable {
    public var jobs: [JobOutcome]
    public var web: [WebOutcome]
    /// Synthetic values for providers we do not simulate (datadog, newRelic, …), by metric name.
    public var synthetic: [SyntheticOutcome]

    public static let empty = ProviderOutcomes(jobs: [], web: [], synthetic: [])
}

public struct JobOutcome: Sendable, Hashable {
    public var metric: String
    public var succeed: Bool
    public var after: SimDuration
    public var location: SourceLocation
}

public struct WebOutcome: Sendable {
    public var metric: String
    /// The JSON body the endpoint answers, as written (the metric's jsonPath picks `result` from it).
    public var body: YAMLNode?
    /// When set, the endpoint answers `{"value": <canary error rate>}`-style live data instead:
    /// the canary's error rate over this window.
    public var canaryErrorRateWindow: SimDuration?
    public var status: Int
    public var location: SourceLocation
}

public struct SyntheticOutcome: Sendable, Hashable {
    public var provider: String
    public var metric: String
    /// Values over time: each holds from its time on; sorted.
    public var values: [TimedValue]
    public var location: SourceLocation
}

public struct TimedValue: Sendable, Hashable {
    public var at: SimDuration
    public var value: Double
}
