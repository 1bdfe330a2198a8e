/// An AnalysisTemplate or ClusterAnalysisTemplate (same spec; `isClusterScoped` tells them apart).
public struct AnalysisTemplate: Sendable {
    public var metadata: ObjectMeta
    public var isClusterScoped: Bool
    public var spec: AnalysisTemplateSpec
    public var location: SourceLocation

    public var kind: String { isClusterScoped ? "ClusterAnalysisTemplate" : "AnalysisTemplate" }
}

public struct AnalysisTemplateSpec: Sendable {
    public var metrics: [Metric]
    public var args: [AnalysisArgument]
    public var dryRun: [DryRunRule]
    public var measurementRetention: [MeasurementRetentionRule]
    /// Nested template references (`spec.templates`), resolved recursively upstream.
    public var templates: [AnalysisTemplateRef]
    public var locations: FieldLocations
}

/// A template argument: a literal, a secret key, or a field of the rollout.
public struct AnalysisArgument: Sendable {
    public enum Source: Sendable, Equatable {
        case value(String)
        case secretKeyRef(name: String, key: String)
        case fieldRef(String)
        /// Must be supplied by the rollout.
        case unset
    }

    public var name: String
    public var source: Source
    public var locations: FieldLocations

    public var hasValue: Bool { source != .unset }
}

/// One metric of an AnalysisTemplate (analysis_types.go `Metric`). Count and the limits are
/// IntOrString because `{{args.x}}` may stand in for them; `interval` and `initialDelay` are Go
/// duration strings as written, for the same reason.
public struct Metric: Sendable {
    public var name: String
    public var interval: String?
    public var initialDelay: String?
    public var count: IntOrString?
    public var successCondition: String?
    public var failureCondition: String?
    public var failureLimit: IntOrString?
    public var inconclusiveLimit: IntOrString?
    public var consecutiveErrorLimit: IntOrString?
    public var consecutiveSuccessLimit: IntOrString?
    public var provider: MetricProvider
    public var locations: FieldLocations

    /// Argo: Metric.EffectiveCount. The count, or 1 without an interval, or nil ("runs until
    /// terminated") with an interval and no count (or count 0).
    public var effectiveCount: Int? {
        if let count, count.intValue != 0 { return count.intValue }
        return interval == nil ? 1 : nil
    }

    /// The interval on the virtual clock, when written and not templated.
    public var intervalDuration: SimDuration? { interval.flatMap { try? SimDuration.parseGo($0) } }
    public var initialDelayDuration: SimDuration? { initialDelay.flatMap { try? SimDuration.parseGo($0) } }
}

/// `provider`: the simulated providers typed, every other kept as an `OpaqueObject`.
public struct MetricProvider: Sendable {
    public var prometheus: PrometheusMetric?
    public var web: WebMetric?
    public var job: JobMetric?
    /// datadog, newRelic, wavefront, kayenta, cloudWatch, graphite, influxdb, skywalking.
    public var others: [OpaqueObject]
    /// `plugin`: one entry per plugin name.
    public var plugins: [OpaqueObject]
    public var location: SourceLocation

    /// Every provider written, in upstream's counting order (`ValidateMetric` wants exactly one).
    public var names: [String] {
        var names: [String] = []
        if prometheus != nil { names.append("prometheus") }
        if job != nil { names.append("job") }
        if web != nil { names.append("web") }
        names += others.map(\.name)
        names += plugins.map { "plugin/\($0.name)" }
        return names
    }

    public var isSimulated: Bool { prometheus != nil || web != nil || job != nil }

    static let otherNames = ["kayenta", "datadog", "wavefront", "newRelic", "cloudWatch", "graphite", "influxdb", "skywalking"]
}

public struct HeaderEntry: Sendable {
    public var key: String
    public var value: String
}

public struct PrometheusMetric: Sendable {
    public struct RangeQuery: Sendable {
        public var start: String?
        public var end: String?
        public var step: String?
    }

    public var address: String?
    public var query: String?
    /// Seconds (Go `*int64`).
    public var timeout: Int?
    public var insecure: Bool
    public var headers: [HeaderEntry]
    public var authentication: YAMLNode?
    public var rangeQuery: RangeQuery?
    public var locations: FieldLocations
}

public struct WebMetric: Sendable {
    public var url: String?
    public var method: String?
    public var headers: [HeaderEntry]
    public var body: String?
    public var jsonBody: YAMLNode?
    public var timeoutSeconds: Int?
    public var jsonPath: String?
    public var insecure: Bool
    public var authentication: YAMLNode?
    public var locations: FieldLocations
}

/// A Kubernetes Job run as a measurement; its spec is Kubernetes' business and kept verbatim.
public struct JobMetric: Sendable {
    public var metadata: YAMLNode?
    public var spec: YAMLNode?
    public var locations: FieldLocations
}
