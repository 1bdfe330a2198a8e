import PromQL
@testable import RolloutSim

/// Builders for the engine tests: metrics and runs written the way upstream's Go tests write them.
enum AnalysisFixture {
    static let here = SourceLocation(file: "test", line: 1, column: 1)
    static let noLocations = FieldLocations(object: here)

    enum ProviderChoice {
        case job
        case prometheus(query: String, address: String? = "http://prometheus:9090")
        case web
        case other(String)
    }

    static func metric(
        _ name: String, interval: String? = nil, initialDelay: String? = nil, count: Int? = nil,
        successCondition: String? = nil, failureCondition: String? = nil, failureLimit: Int? = nil,
        inconclusiveLimit: Int? = nil, consecutiveErrorLimit: Int? = nil, consecutiveSuccessLimit: Int? = nil,
        provider: ProviderChoice = .job
    ) -> Metric {
        var metricProvider = MetricProvider(prometheus: nil, web: nil, job: nil, others: [], plugins: [], location: here)
        switch provider {
        case .job:
            metricProvider.job = JobMetric(metadata: nil, spec: nil, locations: noLocations)
        case .prometheus(let query, let address):
            metricProvider.prometheus = PrometheusMetric(address: address, query: query, timeout: nil, insecure: false,
                                                         headers: [], authentication: nil, rangeQuery: nil, locations: noLocations)
        case .web:
            metricProvider.web = WebMetric(url: "http://metrics/api", method: nil, headers: [], body: nil, jsonBody: nil,
                                           timeoutSeconds: nil, jsonPath: "{$.value}", insecure: false, authentication: nil,
                                           locations: noLocations)
        case .other(let providerName):
            metricProvider.others = [OpaqueObject(name: providerName, node: YAMLNode(.mapping([]), at: here), location: here)]
        }
        return Metric(name: name, interval: interval, initialDelay: initialDelay, count: count.map(IntOrString.int),
                      successCondition: successCondition, failureCondition: failureCondition,
                      failureLimit: failureLimit.map(IntOrString.int), inconclusiveLimit: inconclusiveLimit.map(IntOrString.int),
                      consecutiveErrorLimit: consecutiveErrorLimit.map(IntOrString.int),
                      consecutiveSuccessLimit: consecutiveSuccessLimit.map(IntOrString.int),
                      provider: metricProvider, locations: noLocations)
    }

    static func dryRun(_ names: String...) -> [DryRunRule] {
        names.map { DryRunRule(metricName: $0, location: here) }
    }

    /// A completed measurement `secondsAgo` before `now`, as upstream's tests build them.
    static func measurement(_ phase: AnalysisPhase, finishedSecondsAgo seconds: Int64, now: VirtualTime, value: String = "99") -> Measurement {
        let time = now - SimDuration.seconds(seconds)
        return Measurement(phase: phase, startedAt: time, finishedAt: time, value: value)
    }

    /// An in-flight measurement.
    static func inFlight(startedSecondsAgo seconds: Int64, now: VirtualTime, resumeAt: VirtualTime? = nil) -> Measurement {
        Measurement(phase: .running, startedAt: now - SimDuration.seconds(seconds), resumeAt: resumeAt)
    }

    static func decodeManifests(_ yaml: String) -> (ManifestSet, [Diagnostic]) {
        let sink = DiagnosticSink()
        let manifests = ManifestDecoder.decodeAll(yaml, file: "manifests.yaml", sink: sink)
        return (ManifestSet(manifests), sink.diagnostics)
    }
}

/// A `MeasurementContext` over a `SeriesStorage`, as the simulation will provide one.
struct StorageContext: MeasurementContext {
    var prometheus: SimulatedPrometheus
    var providerOutcomes: ProviderOutcomes = .empty
    var secrets = SecretStore()
    var canaryErrorRateValue: Double?

    init(storage: SeriesStorage = SeriesStorage(), address: String? = nil,
         outages: [(from: VirtualTime, to: VirtualTime)] = []) {
        prometheus = SimulatedPrometheus(storage: storage, address: address, outages: outages)
    }

    func prometheusQuery(address: String?, query: String, at time: VirtualTime) throws(ProviderError) -> QueryValue {
        try prometheus.query(address: address, query: query, at: time)
    }

    func prometheusRangeQuery(address: String?, query: String, start: VirtualTime, end: VirtualTime,
                              step: SimDuration) throws(ProviderError) -> QueryValue {
        try prometheus.rangeQuery(address: address, query: query, start: start, end: end, step: step)
    }

    func canaryErrorRate(window: SimDuration, at time: VirtualTime) -> Double? { canaryErrorRateValue }
}

/// Drives a run on a virtual clock: reconciles at each requeue time until it completes or `until`.
struct VirtualClockDriver {
    var run: AnalysisRun
    var context: StorageContext
    var now: VirtualTime
    /// Every pass's time, in order.
    var passes: [VirtualTime] = []
    var events: [AnalysisEvent] = []
    var log = MeasurementLog()

    init(run: AnalysisRun, context: StorageContext, start: VirtualTime) {
        self.run = run
        self.context = context
        self.now = start
    }

    /// Runs passes until the run completes or the clock passes `until`. Like the work queue, it
    /// keeps the earliest pending wake-up; a pass that changed the status wakes the run again
    /// 1 ms later, as the informer delivers the run's own update.
    mutating func drive(until: VirtualTime) {
        var pending: [VirtualTime] = [now]
        var guardCount = 0
        while let time = pending.min(), time <= until, guardCount < 10_000 {
            guardCount += 1
            pending.removeAll { $0 <= time }
            now = time
            let outcome = AnalysisController.reconcilePass(run, now: now, context: context)
            passes.append(now)
            events += outcome.events
            log.record(outcome)
            let statusChanged = outcome.run.status != run.status
            run = outcome.run
            if run.status.phase.isCompleted { break }
            if statusChanged { pending.append(now + SimDuration(milliseconds: 1)) }
            if let requeueAt = outcome.requeueAt { pending.append(requeueAt) }
        }
    }

    /// Measurement start times of a metric, in milliseconds.
    func measurementTimes(_ metric: String) -> [Int64] {
        run.status.result(named: metric)?.measurements.compactMap { $0.startedAt?.milliseconds } ?? []
    }
}
