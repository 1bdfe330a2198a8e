import PromQL
import Testing
@testable import RolloutSim

/// The engine on a virtual clock: runs are reconciled at their requeue times (and 1 ms after each
/// status change, as the informer re-delivers the run's own update) over a PromQL `SeriesStorage`.
@Suite("AnalysisRun engine on a virtual clock")
struct AnalysisEngineTests {
    typealias F = AnalysisFixture

    static func seconds(_ s: Int64) -> VirtualTime { VirtualTime(milliseconds: s * 1000) }

    /// A gauge `success_ratio` scraped every 15 s from 0 to `untilSeconds`, its value a function of the time.
    static func gaugeStorage(untilSeconds: Int64 = 1800, _ value: (Int64) -> Double) -> SeriesStorage {
        let storage = SeriesStorage()
        let labels = Labels([Label(name: "__name__", value: "success_ratio")])
        for t in stride(from: Int64(0), through: untilSeconds, by: 15) {
            storage.append(labels, timestampMs: t * 1000, value: value(t))
        }
        return storage
    }

    func drive(_ metrics: [Metric], dryRun: [DryRunRule] = [], context: StorageContext, start: VirtualTime, until: VirtualTime)
        -> VirtualClockDriver {
        var driver = VirtualClockDriver(run: AnalysisRun(spec: AnalysisRunSpec(metrics: metrics, dryRun: dryRun)),
                                        context: context, start: start)
        driver.drive(until: until)
        return driver
    }

    @Test("interval 1m count 5: first measurement at creation, then every minute on whole seconds")
    func intervalAndCount() {
        // Goal: the upstream schedule. Method: a run created at 90.25 s; the interval counts from the
        // persisted (second-truncated) finish, strictly, and the run's own update requeues it.
        let metric = F.metric("success-rate", interval: "1m", count: 5, successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio"))
        let driver = drive([metric], context: StorageContext(storage: Self.gaugeStorage { _ in 0.995 }),
                           start: VirtualTime(milliseconds: 90_250), until: Self.seconds(3600))
        #expect(driver.measurementTimes("success-rate") == [90_000, 150_000, 210_000, 270_000, 330_000])
        #expect(driver.run.status.phase == .successful)
        #expect(driver.run.status.completedAt == Self.seconds(330))
        #expect(driver.run.status.startedAt == Self.seconds(90))
        let result = driver.run.status.result(named: "success-rate")
        #expect(result?.counters == MetricCounters(count: 5, successful: 5, consecutiveSuccess: 5))
        #expect(result?.measurements.map(\.value) == Array(repeating: "[0.995]", count: 5))
        #expect(driver.events.map(\.reason) == ["MetricSuccessful", "AnalysisRunSuccessful"])
    }

    @Test("five empty results in a row make the run Error, not four")
    func emptyResultsError() {
        // Goal: `result[0]` on an empty vector is an Error measurement; errors retry every 10 s and
        // the fifth consecutive one exceeds consecutiveErrorLimit 4.
        let metric = F.metric("success-rate", interval: "1m", successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "sum(rate(http_requests_total[2m]))"))
        let afterFour = drive([metric], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(95))
        #expect(afterFour.run.status.phase == .running)
        #expect(afterFour.run.status.result(named: "success-rate")?.counters.consecutiveError == 4)

        let driver = drive([metric], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(600))
        #expect(driver.measurementTimes("success-rate") == [60_000, 70_000, 80_000, 90_000, 100_000])
        #expect(driver.run.status.phase == .error)
        let errorMessage = "could not evaluate successCondition \"result[0] >= 0.99\": metric result is nil or empty: no data returned from the metric provider"
        #expect(driver.run.status.message ==
            "Metric \"success-rate\" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4): \"Error Message: \(errorMessage)\"")
        let last = driver.run.status.result(named: "success-rate")?.measurements.last
        #expect(last?.phase == .error)
        #expect(last?.value == "")
        #expect(last?.rawValue == "[]")
        #expect(last?.condition == .error)
        #expect(last?.countersAfter == MetricCounters(error: 5, consecutiveError: 5))
    }

    @Test("`len(result) == 0 || …` survives empty results")
    func emptyResultGuarded() {
        let metric = F.metric("success-rate", interval: "1m", count: 2, successCondition: "len(result) == 0 || result[0] >= 0.99",
                              provider: .prometheus(query: "sum(rate(http_requests_total[2m]))"))
        let driver = drive([metric], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(600))
        #expect(driver.run.status.phase == .successful)
        #expect(driver.run.status.result(named: "success-rate")?.measurements.map(\.value) == ["[]", "[]"])
    }

    @Test("NaN: Inconclusive with both conditions, Failed with the success condition alone")
    func nanResult() {
        let both = F.metric("ratio", successCondition: "result[0] >= 0.99", failureCondition: "result[0] < 0.99",
                            provider: .prometheus(query: "vector(NaN)"))
        let bothDriver = drive([both], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(600))
        #expect(bothDriver.run.status.phase == .inconclusive)
        let measurement = bothDriver.run.status.result(named: "ratio")?.measurements.first
        #expect(measurement?.value == "[NaN]")
        #expect(measurement?.condition == .neither)
        #expect(bothDriver.run.status.message == "Metric \"ratio\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)")

        let successOnly = F.metric("ratio", successCondition: "result[0] >= 0.99", provider: .prometheus(query: "vector(NaN)"))
        let successDriver = drive([successOnly], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(600))
        #expect(successDriver.run.status.phase == .failed)
        #expect(successDriver.run.status.result(named: "ratio")?.measurements.first?.condition == .failure)

        let failureOnly = F.metric("ratio", failureCondition: "result[0] < 0.99", provider: .prometheus(query: "vector(NaN)"))
        let failureDriver = drive([failureOnly], context: StorageContext(), start: Self.seconds(60), until: Self.seconds(600))
        #expect(failureDriver.run.status.phase == .successful)
    }

    @Test("failureLimit 1 tolerates one failure; the default 0 does not")
    func failureLimitTolerance() {
        // The ratio dips below 0.99 between 100 s and 150 s: the second of three measurements fails.
        let storage = Self.gaugeStorage { t in (100..<150).contains(t) ? 0.5 : 0.999 }
        let tolerant = F.metric("success-rate", interval: "1m", count: 3, successCondition: "result[0] >= 0.99",
                                failureLimit: 1, provider: .prometheus(query: "success_ratio"))
        let tolerantDriver = drive([tolerant], context: StorageContext(storage: storage), start: Self.seconds(60), until: Self.seconds(600))
        #expect(tolerantDriver.run.status.phase == .successful)
        #expect(tolerantDriver.run.status.result(named: "success-rate")?.measurements.map(\.phase) == [.successful, .failed, .successful])
        #expect(tolerantDriver.run.status.result(named: "success-rate")?.counters.failed == 1)

        let strict = F.metric("success-rate", interval: "1m", count: 3, successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio"))
        let strictDriver = drive([strict], context: StorageContext(storage: storage), start: Self.seconds(60), until: Self.seconds(600))
        #expect(strictDriver.run.status.phase == .failed)
        #expect(strictDriver.run.status.message == "Metric \"success-rate\" assessed Failed due to failed (1) > failureLimit (0)")
        #expect(strictDriver.measurementTimes("success-rate") == [60_000, 120_000])
    }

    @Test("dry-run metrics never fail the run")
    func dryRunNeverFails() {
        let storage = Self.gaugeStorage { _ in 0.5 }
        let failing = F.metric("experimental", interval: "1m", count: 2, successCondition: "result[0] >= 0.99",
                               provider: .prometheus(query: "success_ratio"))
        let passing = F.metric("basic", interval: "1m", count: 2, successCondition: "result[0] >= 0.1",
                               provider: .prometheus(query: "success_ratio"))
        let driver = drive([failing, passing], dryRun: F.dryRun("exp.*"), context: StorageContext(storage: storage),
                           start: Self.seconds(60), until: Self.seconds(600))
        #expect(driver.run.status.phase == .successful)
        #expect(driver.run.status.result(named: "experimental")?.phase == .failed)
        #expect(driver.run.status.result(named: "experimental")?.message == "Metric assessed Failed due to failed (1) > failureLimit (0)")
        // The dry-run metric failed on its first measurement and stopped; the other ran its count.
        #expect(driver.measurementTimes("experimental") == [60_000])
        #expect(driver.measurementTimes("basic") == [60_000, 120_000])
        #expect(driver.run.status.runSummary == RunSummary(count: 1, successful: 1))
        #expect(driver.run.status.dryRunSummary == RunSummary(count: 1, failed: 1))
    }

    @Test("an outage longer than consecutiveErrorLimit × 10 s errors the run; a shorter one is ridden out")
    func outage() {
        let metric = F.metric("success-rate", interval: "30s", count: 10, successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio", address: "http://prometheus.monitoring:9090"))
        let storage = Self.gaugeStorage { _ in 0.999 }
        let long = StorageContext(storage: storage, address: "http://prometheus.monitoring:9090",
                                  outages: [(from: Self.seconds(60), to: Self.seconds(200))])
        let longDriver = drive([metric], context: long, start: Self.seconds(30), until: Self.seconds(900))
        #expect(longDriver.run.status.phase == .error)
        #expect(longDriver.measurementTimes("success-rate") == [30_000, 60_000, 70_000, 80_000, 90_000, 100_000])
        #expect(longDriver.run.status.result(named: "success-rate")?.measurements.last?.message ==
            "Post \"http://prometheus.monitoring:9090/api/v1/query\": dial tcp prometheus.monitoring:9090: connect: connection refused")

        let short = StorageContext(storage: storage, address: "http://prometheus.monitoring:9090",
                                   outages: [(from: Self.seconds(60), to: Self.seconds(95))])
        let shortDriver = drive([metric], context: short, start: Self.seconds(30), until: Self.seconds(900))
        #expect(shortDriver.run.status.phase == .successful)
        let counters = shortDriver.run.status.result(named: "success-rate")?.counters
        #expect(counters?.error == 4)
        #expect(counters?.count == 10)
        #expect(counters?.consecutiveError == 0)
    }

    @Test("an address the simulated Prometheus does not answer is an Error measurement naming the host")
    func unreachableAddress() {
        let metric = F.metric("success-rate", successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio", address: "http://prometheus.wrong:9090"))
        let context = StorageContext(storage: Self.gaugeStorage { _ in 1 }, address: "http://prometheus.monitoring:9090")
        let (run, requeue) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                          now: Self.seconds(60), context: context)
        let measurement = run.status.result(named: "success-rate")?.measurements.first
        #expect(measurement?.phase == .error)
        #expect(measurement?.message == "Post \"http://prometheus.wrong:9090/api/v1/query\": dial tcp: lookup prometheus.wrong: no such host")
        // The error is retried 10 s later (strictly after, on the virtual clock).
        #expect(requeue == Self.seconds(70) + SimDuration(milliseconds: 1))
    }

    @Test("a query that does not parse is an Error measurement with Prometheus' bad_data message")
    func badQuery() {
        let metric = F.metric("success-rate", successCondition: "result[0] >= 0.99", provider: .prometheus(query: "sum(rate(x[2m])"))
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                    now: Self.seconds(60), context: StorageContext())
        let message = run.status.result(named: "success-rate")?.measurements.first?.message ?? ""
        #expect(message.hasPrefix("bad_data: 1:"))
        #expect(message.contains("parse error"))
    }

    @Test("a scalar result is a number; a range query flattens every point")
    func scalarAndMatrix() {
        let scalar = F.metric("s", successCondition: "result == 0.5", provider: .prometheus(query: "scalar(success_ratio)"))
        let storage = Self.gaugeStorage { _ in 0.5 }
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [scalar])),
                                                    now: Self.seconds(60), context: StorageContext(storage: storage))
        #expect(run.status.result(named: "s")?.measurements.first?.value == "0.5")
        #expect(run.status.phase == .successful)

        var ranged = F.metric("m", successCondition: "len(result) == 3 && all(result, {# == 0.5})",
                              provider: .prometheus(query: "success_ratio"))
        ranged.provider.prometheus?.rangeQuery = PrometheusMetric.RangeQuery(start: "now() - duration(\"1m\")", end: "now()", step: "30s")
        let (rangedRun, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [ranged])),
                                                          now: Self.seconds(120), context: StorageContext(storage: storage))
        #expect(rangedRun.status.result(named: "m")?.measurements.first?.value == "[0.5,0.5,0.5]")
        #expect(rangedRun.status.phase == .successful)
    }

    @Test("terminate: no new measurements, an unbounded metric ends Successful with \"Run Terminated\"")
    func terminate() {
        let metric = F.metric("success-rate", interval: "1m", successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio"))
        var driver = drive([metric], context: StorageContext(storage: Self.gaugeStorage { _ in 0.999 }),
                           start: Self.seconds(60), until: Self.seconds(200))
        #expect(driver.run.status.phase == .running)
        #expect(driver.measurementTimes("success-rate") == [60_000, 120_000, 180_000])
        driver.run.spec.terminate = true
        driver.drive(until: Self.seconds(600))
        #expect(driver.run.status.phase == .successful)
        #expect(driver.run.status.message == "Run Terminated")
        #expect(driver.measurementTimes("success-rate") == [60_000, 120_000, 180_000])
    }

    @Test("measurement history keeps the last 10, or the retention limit; counters keep counting")
    func retention() {
        let metric = F.metric("success-rate", interval: "10s", count: 15, successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio"))
        let driver = drive([metric], context: StorageContext(storage: Self.gaugeStorage { _ in 0.999 }),
                           start: Self.seconds(60), until: Self.seconds(900))
        let result = driver.run.status.result(named: "success-rate")
        #expect(result?.measurements.count == 10)
        #expect(result?.counters.count == 15)
        #expect(result?.measurements.first?.startedAt == Self.seconds(110))
        // The measurement log keeps all 15 for the stored run.
        let summary = driver.run.summary(log: driver.log)
        #expect(summary.metrics.first?.measurements.count == 15)
        #expect(summary.metrics.first?.measurements.first?.startedAt == 60_000)
        #expect(summary.metrics.first?.measurements.last?.counters?.count == 15)

        var limited = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric]))
        limited.spec.measurementRetention = [MeasurementRetentionRule(metricName: "success", limit: 3, location: F.here)]
        var limitedDriver = VirtualClockDriver(run: limited, context: StorageContext(storage: Self.gaugeStorage { _ in 0.999 }),
                                               start: Self.seconds(60))
        limitedDriver.drive(until: Self.seconds(900))
        #expect(limitedDriver.run.status.result(named: "success-rate")?.measurements.count == 3)
    }

    @Test("a Job metric is Running until the scenario's Job finishes, then takes its outcome")
    func jobMeasurement() {
        var context = StorageContext()
        context.providerOutcomes.jobs = [JobOutcome(metric: "smoke-test", succeed: false, after: .seconds(30), location: F.here)]
        let driver = drive([F.metric("smoke-test")], context: context, start: Self.seconds(60), until: Self.seconds(85))
        #expect(driver.run.status.phase == .running)
        #expect(driver.run.status.result(named: "smoke-test")?.measurements.first?.phase == .running)

        let finished = drive([F.metric("smoke-test")], context: context, start: Self.seconds(60), until: Self.seconds(600))
        #expect(finished.run.status.phase == .failed)
        let measurement = finished.run.status.result(named: "smoke-test")?.measurements.first
        #expect(measurement?.phase == .failed)
        #expect(measurement?.startedAt == Self.seconds(60))
        #expect((measurement?.finishedAt ?? .zero) >= Self.seconds(90))
    }

    @Test("a web metric picks `result` from the scenario's body with its jsonPath")
    func webMeasurement() {
        var context = StorageContext()
        let body = YAMLNode(.mapping([
            YAMLPair(key: "value", keyLocation: F.here, value: YAMLNode(.scalar("0.97", quoted: false), at: F.here)),
        ]), at: F.here)
        context.providerOutcomes.web = [WebOutcome(metric: "ratio", body: body, canaryErrorRateWindow: nil, status: 200, location: F.here)]
        let metric = F.metric("ratio", successCondition: "result >= 0.95", provider: .web)
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                    now: Self.seconds(60), context: context)
        #expect(run.status.phase == .successful)
        #expect(run.status.result(named: "ratio")?.measurements.first?.value == "0.97")
    }

    @Test("an unsimulated provider is an Error measurement unless the scenario gives synthetic values")
    func unsimulatedProvider() {
        let metric = F.metric("apdex", successCondition: "result >= 0.9", provider: .other("datadog"))
        let (bare, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                     now: Self.seconds(60), context: StorageContext())
        let message = bare.status.result(named: "apdex")?.measurements.first?.message ?? ""
        #expect(message.hasPrefix("provider not simulated: datadog"))

        var context = StorageContext()
        context.providerOutcomes.synthetic = [SyntheticOutcome(provider: "datadog", metric: "apdex",
                                                               values: [TimedValue(at: .zero, value: 0.95), TimedValue(at: .seconds(120), value: 0.5)],
                                                               location: F.here)]
        let (early, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                      now: Self.seconds(60), context: context)
        #expect(early.status.phase == .successful)
        let (late, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                     now: Self.seconds(150), context: context)
        #expect(late.status.phase == .failed)
        #expect(late.status.result(named: "apdex")?.measurements.first?.value == "0.5")
    }

    @Test("a metric with initialDelay waits for startedAt + delay; the first pass never measures it")
    func initialDelay() {
        let metric = F.metric("delayed", initialDelay: "30s", successCondition: "result[0] >= 0.99",
                              provider: .prometheus(query: "success_ratio"))
        let driver = drive([metric], context: StorageContext(storage: Self.gaugeStorage { _ in 0.999 }),
                           start: Self.seconds(60), until: Self.seconds(600))
        #expect(driver.measurementTimes("delayed") == [90_000])
        #expect(driver.run.status.phase == .successful)
    }

    @Test("the same run over the same storage gives byte-identical summaries")
    func determinism() {
        func summary() -> AnalysisRunSummary {
            let metrics = [
                F.metric("b", interval: "20s", count: 6, successCondition: "result[0] >= 0.9", provider: .prometheus(query: "success_ratio")),
                F.metric("a", interval: "45s", count: 3, successCondition: "result[0] >= 0.99", failureLimit: 2,
                         provider: .prometheus(query: "success_ratio")),
            ]
            let storage = Self.gaugeStorage { t in t % 90 < 30 ? 0.95 : 0.999 }
            let driver = drive(metrics, context: StorageContext(storage: storage), start: VirtualTime(milliseconds: 61_234),
                               until: Self.seconds(900))
            return driver.run.summary(log: driver.log)
        }
        let first = summary()
        #expect(first == summary())
        #expect(first.metrics.map(\.name) == ["b", "a"])
        #expect(first.phase == "Successful")
    }

    @Test("the scenario's Prometheus settings give the address and the outage windows")
    func scenarioPrometheus() throws {
        var settings = PrometheusSettings.default
        settings.address = "http://prometheus-operated.monitoring:9090"
        settings.outages = [TimeWindow(from: .minutes(10), to: .minutes(14))]
        let prometheus = SimulatedPrometheus(storage: Self.gaugeStorage { _ in 1 }, settings: settings)
        let context = ScenarioMeasurementContext(prometheus: prometheus, providerOutcomes: .empty, secrets: SecretStore(),
                                                 canaryErrorRate: { _, _ in nil })
        let answer = try context.prometheusQuery(address: "http://prometheus-operated.monitoring:9090/", query: "success_ratio",
                                                 at: Self.seconds(300))
        #expect(answer.resultType == "vector")
        #expect(throws: ProviderError("Post \"http://prometheus-operated.monitoring:9090/api/v1/query\": dial tcp prometheus-operated.monitoring:9090: connect: connection refused")) {
            try context.prometheusQuery(address: "http://prometheus-operated.monitoring:9090", query: "success_ratio", at: Self.seconds(600))
        }
        #expect(try context.prometheusQuery(address: "http://prometheus-operated.monitoring:9090", query: "success_ratio",
                                            at: Self.seconds(840)).resultType == "vector")
    }
}
