import PromQL

/// A provider's failure; `message` becomes the Error measurement's message, worded as the real
/// provider's error would be.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What the engine needs from the simulated world to take a measurement. The simulation
/// implements it over its Prometheus, traffic accounting and scenario; tests implement it over a
/// `SeriesStorage` (see ``SimulatedPrometheus``).
///
/// The engine never asks for anything else, so it does not depend on the cluster or traffic code.
public protocol MeasurementContext {
    /// An instant query at `time`, as `/api/v1/query` answers it, or the error the Prometheus
    /// client would return (unreachable address, outage, bad query).
    ///
    /// - Parameter address: the metric's `address` after templating; nil or empty when unset.
    func prometheusQuery(address: String?, query: String, at time: VirtualTime) throws(ProviderError) -> QueryValue

    /// A range query (`rangeQuery` metrics), as `/api/v1/query_range` answers it.
    func prometheusRangeQuery(address: String?, query: String, start: VirtualTime, end: VirtualTime,
                              step: SimDuration) throws(ProviderError) -> QueryValue

    /// The share of the canary's requests answered 5xx over `window` up to `time`, or nil when the
    /// canary served nothing then (a `web` metric with `canaryErrorRate` live data).
    func canaryErrorRate(window: SimDuration, at time: VirtualTime) -> Double?

    /// The scenario's outcomes for job, web and unsimulated providers.
    var providerOutcomes: ProviderOutcomes { get }

    /// Secrets for `valueFrom.secretKeyRef`: the scenario's `secrets:` and Secret manifests.
    var secrets: SecretStore { get }
}

extension MeasurementContext {
    /// Range queries are rare in AnalysisTemplates; a context that does not offer them fails the
    /// measurement instead.
    public func prometheusRangeQuery(address: String?, query: String, start: VirtualTime, end: VirtualTime,
                                     step: SimDuration) throws(ProviderError) -> QueryValue {
        throw ProviderError("range queries are not simulated by this context")
    }
}

/// The secrets a run can read, by namespace and name.
public struct SecretStore: Sendable {
    private struct Entry: Sendable {
        var namespace: String?
        var name: String
        var data: [(key: String, value: String)]
    }

    private var entries: [Entry] = []

    public init() {}

    /// - Parameters:
    ///   - scenarioSecrets: `spec.secrets` of the scenario; visible from every namespace.
    ///   - manifests: Secret manifests, each in its own namespace. They win over scenario secrets.
    public init(scenarioSecrets: [ScenarioSecret], manifests: [Secret] = []) {
        for secret in manifests {
            entries.append(Entry(namespace: secret.metadata.namespace, name: secret.metadata.name,
                                 data: secret.data.entries.map { (key: $0.key, value: $0.value) }))
        }
        for secret in scenarioSecrets {
            entries.append(Entry(namespace: nil, name: secret.name, data: secret.data))
        }
    }

    /// Adds a secret (tests, or a secret created during the run).
    public mutating func add(name: String, namespace: String? = nil, data: [(key: String, value: String)]) {
        entries.insert(Entry(namespace: namespace, name: name, data: data), at: 0)
    }

    /// The value of `key` in secret `name`, or Kubernetes' and Argo's error text.
    /// Argo: `resolveArgs` (analysis/analysis.go).
    public func value(name: String, key: String, namespace: String) throws(ProviderError) -> String {
        guard let entry = entries.first(where: { $0.name == name && ($0.namespace == nil || $0.namespace == namespace) }) else {
            throw ProviderError("secrets \"\(name)\" not found")
        }
        guard let pair = entry.data.first(where: { $0.key == key }) else {
            throw ProviderError("key '\(key)' does not exist in secret '\(name)'")
        }
        return pair.value
    }
}

/// A Prometheus server over a `SeriesStorage`: address matching, outages and query errors worded
/// as the Go client reports them. The simulation and tests both use it.
public struct SimulatedPrometheus {
    public var storage: SeriesStorage
    public var lookbackDelta: SimDuration
    /// Addresses that reach this server; nil: any address does.
    public var address: String?
    /// Half-open windows `[from, to)` of virtual time in which the server does not answer.
    public var outages: [(from: VirtualTime, to: VirtualTime)]

    public init(storage: SeriesStorage, lookbackDelta: SimDuration = .minutes(5), address: String? = nil,
                outages: [(from: VirtualTime, to: VirtualTime)] = []) {
        self.storage = storage
        self.lookbackDelta = lookbackDelta
        self.address = address
        self.outages = outages
    }

    public func query(address requested: String?, query: String, at time: VirtualTime) throws(ProviderError) -> QueryValue {
        try reach(requested, at: time, path: "query")
        let expression = try parse(query)
        do {
            return try engine.instantQuery(expression, atMs: time.milliseconds)
        } catch {
            throw Self.clientError(error, query: query)
        }
    }

    public func rangeQuery(address requested: String?, query: String, start: VirtualTime, end: VirtualTime,
                           step: SimDuration) throws(ProviderError) -> QueryValue {
        try reach(requested, at: end, path: "query_range")
        let expression = try parse(query)
        do {
            return try engine.rangeQuery(expression, startMs: start.milliseconds, endMs: end.milliseconds, stepMs: step.milliseconds)
        } catch {
            throw Self.clientError(error, query: query)
        }
    }

    private var engine: Engine { Engine(storage: storage, lookbackDeltaMs: lookbackDelta.milliseconds) }

    private func parse(_ query: String) throws(ProviderError) -> Node {
        do {
            return try parseExpression(query)
        } catch {
            throw Self.clientError(error, query: query)
        }
    }

    /// Unreachable addresses and outages fail as the HTTP client does; the world's
    /// `PrometheusEndpoint` decides and words it, so both query paths agree.
    private func reach(_ requested: String?, at time: VirtualTime, path: String) throws(ProviderError) {
        let endpoint = PrometheusEndpoint(address: address, outages: outages.map {
            TimeWindow(from: $0.from - .zero, to: $0.to - .zero)
        })
        if let error = endpoint.unreachableError(address: requested ?? "", at: time, path: path) {
            throw ProviderError(error.description)
        }
    }

    /// client_golang's `Error.Error()`: `<errorType>: <message>`, the message as Prometheus'
    /// HTTP API words it (`1:5: parse error: …` for bad queries).
    static func clientError(_ error: PromQLError, query: String) -> ProviderError {
        ProviderError("\(error.kind.rawValue): \(error.rendered(query: query))")
    }
}

extension SimulatedPrometheus {
    /// The scenario's Prometheus (`spec.prometheus`): its address, lookback delta and outages,
    /// the outage windows taken as offsets from t = 0.
    public init(storage: SeriesStorage, settings: PrometheusSettings) {
        self.init(storage: storage, lookbackDelta: settings.lookbackDelta, address: settings.address,
                  outages: settings.outages.map { (from: VirtualTime.zero + $0.from, to: VirtualTime.zero + $0.to) })
    }
}

/// A ready-made context for the simulation: the scenario's Prometheus, provider outcomes and
/// secrets, and the traffic layer's canary error rate behind a function.
public struct ScenarioMeasurementContext: MeasurementContext {
    public var prometheus: SimulatedPrometheus
    public var providerOutcomes: ProviderOutcomes
    public var secrets: SecretStore
    /// The canary's 5xx share over a window ending at a time; nil when it served nothing.
    public var canaryErrorRateProvider: (SimDuration, VirtualTime) -> Double?

    public init(prometheus: SimulatedPrometheus, providerOutcomes: ProviderOutcomes, secrets: SecretStore,
                canaryErrorRate: @escaping (SimDuration, VirtualTime) -> Double?) {
        self.prometheus = prometheus
        self.providerOutcomes = providerOutcomes
        self.secrets = secrets
        self.canaryErrorRateProvider = canaryErrorRate
    }

    /// The context for `scenario` over `storage`, with Secret manifests from `manifests`.
    public init(scenario: Scenario, manifests: ManifestSet, storage: SeriesStorage,
                canaryErrorRate: @escaping (SimDuration, VirtualTime) -> Double?) {
        self.init(prometheus: SimulatedPrometheus(storage: storage, settings: scenario.prometheus),
                  providerOutcomes: scenario.providers,
                  secrets: SecretStore(scenarioSecrets: scenario.secrets, manifests: manifests.secrets),
                  canaryErrorRate: canaryErrorRate)
    }

    public func prometheusQuery(address: String?, query: String, at time: VirtualTime) throws(ProviderError) -> QueryValue {
        try prometheus.query(address: address, query: query, at: time)
    }

    public func prometheusRangeQuery(address: String?, query: String, start: VirtualTime, end: VirtualTime,
                                     step: SimDuration) throws(ProviderError) -> QueryValue {
        try prometheus.rangeQuery(address: address, query: query, start: start, end: end, step: step)
    }

    public func canaryErrorRate(window: SimDuration, at time: VirtualTime) -> Double? {
        canaryErrorRateProvider(window, time)
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
