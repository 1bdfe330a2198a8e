import Testing
@testable import RolloutSim

/// Upstream's `TestAssessRunStatus*` and the reconcile-level tests around them
/// (analysis/analysis_test.go). Where upstream mocks a provider, the Job provider plays it: a
/// Job whose completion time has passed resumes to its outcome, and terminating deletes it.
@Suite("assessRunStatus and reconcileAnalysisRun (upstream tests)")
struct AssessRunStatusTests {
    typealias F = AnalysisFixture
    let now = VirtualTime(milliseconds: 10_000_000)

    func assess(_ run: inout AnalysisRun, dryRun: Set<String> = []) -> (phase: AnalysisPhase, message: String) {
        var events: [AnalysisEvent] = []
        return AnalysisAssessment.runStatus(&run, metrics: run.spec.metrics, dryRunMetrics: dryRun, now: now, events: &events)
    }

    /// Upstream `newTerminatingRun`: `run-forever` has an in-flight measurement; `failed-metric`
    /// completed with `status`.
    func terminatingRun(_ status: AnalysisPhase, dryRun: Bool) -> AnalysisRun {
        let metrics = [F.metric("run-forever"), F.metric("failed-metric")]
        var runForever = MetricResult(name: "run-forever", phase: .running,
                                      measurements: [F.inFlight(startedSecondsAgo: 60, now: now)], dryRun: dryRun)
        runForever.measurements[0].phase = .running
        var failed = MetricResult(name: "failed-metric", phase: status,
                                  measurements: [F.measurement(status, finishedSecondsAgo: 60, now: now, value: "")],
                                  counters: MetricCounters(count: 1), dryRun: dryRun)
        switch status {
        case .failed: failed.counters.failed = 1
        case .inconclusive: failed.counters.inconclusive = 1
        case .error:
            failed.counters.error = 1
            failed.measurements = [F.measurement(.error, finishedSecondsAgo: 120, now: now, value: "")]
        default: break
        }
        let rules = dryRun ? F.dryRun("run-forever", "failed-metric") : []
        return AnalysisRun(spec: AnalysisRunSpec(metrics: metrics, dryRun: rules),
                           status: AnalysisRunStatus(phase: .running, metricResults: [runForever, failed]))
    }

    // MARK: - assessRunStatus

    @Test("TestAssessRunStatus: one metric still running keeps the run Running; then the worst completed phase")
    func worstOfCompleted() {
        var run = AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("latency"), F.metric("success-rate")]))
        run.status = AnalysisRunStatus(phase: .running, metricResults: [
            MetricResult(name: "latency", phase: .successful), MetricResult(name: "success-rate", phase: .running),
        ])
        let running = assess(&run)
        #expect(running.phase == .running)
        #expect(running.message == "")
        run.status = AnalysisRunStatus(phase: .running, metricResults: [
            MetricResult(name: "latency", phase: .successful), MetricResult(name: "success-rate", phase: .failed),
        ])
        let failed = assess(&run)
        #expect(failed.phase == .failed)
        #expect(failed.message == "")
    }

    @Test("TestAssessRunStatusUpdateResult: a failed metric flips to Failed while its sibling runs on")
    func updateResult() {
        var run = terminatingRun(.failed, dryRun: false)
        run.spec.metrics = [F.metric("sleep-infinity"), F.metric("fail-after-30")]
        run.status.metricResults[0].name = "sleep-infinity"
        run.status.metricResults[1].name = "fail-after-30"
        run.status.metricResults[1].phase = .running
        let outcome = assess(&run)
        #expect(outcome.phase == .running)
        #expect(outcome.message == "")
        #expect(run.status.metricResults[1].phase == .failed)
    }

    @Test("TestAssessRunStatusErrorMessageAnalysisPhaseFail: the limit message of the failed metric")
    func errorMessageAnalysisPhaseFail() {
        var run = terminatingRun(.failed, dryRun: false)
        run.status.metricResults[0].phase = .successful
        let outcome = assess(&run)
        #expect(outcome.phase == .failed)
        #expect(outcome.message == "Metric \"failed-metric\" assessed Failed due to failed (1) > failureLimit (0)")
        #expect(run.status.dryRunSummary == RunSummary())
    }

    @Test("TestAssessRunStatusErrorMessageAnalysisPhaseFailInDryRunMode: dry-run failures leave the run Successful")
    func errorMessageAnalysisPhaseFailDryRun() {
        var run = terminatingRun(.failed, dryRun: true)
        run.status.metricResults[0].phase = .successful
        let outcome = assess(&run, dryRun: ["run-forever", "failed-metric"])
        #expect(outcome.phase == .successful)
        #expect(outcome.message == "")
        #expect(run.status.dryRunSummary == RunSummary(count: 2, successful: 1, failed: 1))
    }

    @Test("TestAssessRunStatusErrorMessageFromProvider: the provider's message is appended")
    func errorMessageFromProvider() {
        var run = terminatingRun(.failed, dryRun: false)
        run.status.metricResults[0].phase = .successful
        run.status.metricResults[1].message = "Provider Error"
        let outcome = assess(&run)
        #expect(outcome.phase == .failed)
        #expect(outcome.message == "Metric \"failed-metric\" assessed Failed due to failed (1) > failureLimit (0): \"Error Message: Provider Error\"")
        #expect(run.status.dryRunSummary == RunSummary())
    }

    @Test("TestAssessRunStatusErrorMessageFromProviderInDryRunMode")
    func errorMessageFromProviderDryRun() {
        var run = terminatingRun(.failed, dryRun: true)
        run.status.metricResults[0].phase = .successful
        run.status.metricResults[1].message = "Provider Error"
        let outcome = assess(&run, dryRun: ["run-forever", "failed-metric"])
        #expect(outcome.phase == .successful)
        #expect(outcome.message == "")
        #expect(run.status.dryRunSummary == RunSummary(count: 2, successful: 1, failed: 1))
    }

    @Test("TestAssessRunStatusMultipleFailures: the first failed metric writes the message")
    func multipleFailures() {
        var run = terminatingRun(.failed, dryRun: false)
        run.status.metricResults[0].phase = .failed
        run.status.metricResults[0].counters.failed = 1
        let outcome = assess(&run)
        #expect(outcome.phase == .failed)
        #expect(outcome.message == "Metric \"run-forever\" assessed Failed due to failed (1) > failureLimit (0)")
        #expect(run.status.dryRunSummary == RunSummary())
    }

    @Test("TestAssessRunStatusMultipleFailuresInDryRunMode")
    func multipleFailuresDryRun() {
        var run = terminatingRun(.failed, dryRun: true)
        run.status.metricResults[0].phase = .failed
        run.status.metricResults[0].counters.failed = 1
        let outcome = assess(&run, dryRun: ["run-forever", "failed-metric"])
        #expect(outcome.phase == .successful)
        #expect(outcome.message == "")
        #expect(run.status.dryRunSummary == RunSummary(count: 2, failed: 2))
    }

    // MARK: - reconcile-level

    @Test("TestAssessRunStatusWorstMessageInReconcileAnalysisRun")
    func worstMessageInReconcile() {
        var run = terminatingRun(.failed, dryRun: false)
        run.status.metricResults[0].phase = .failed
        run.status.metricResults[0].counters.failed = 1
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .failed)
        #expect(reconciled.status.message == "Metric \"run-forever\" assessed Failed due to failed (1) > failureLimit (0)")
    }

    @Test("TestAssessRunStatusWorstMessageInReconcileAnalysisRunInDryRunMode")
    func worstMessageInReconcileDryRun() {
        var run = terminatingRun(.failed, dryRun: true)
        run.status.metricResults[0].phase = .failed
        run.status.metricResults[0].counters.failed = 1
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .successful)
        #expect(reconciled.status.message == "")
        #expect(reconciled.status.dryRunSummary == RunSummary(count: 2, failed: 2))
        #expect(reconciled.status.metricResults[0].message == "Metric assessed Failed due to failed (1) > failureLimit (0)")
        #expect(reconciled.status.metricResults[1].message == "Metric assessed Failed due to failed (1) > failureLimit (0)")
    }

    @Test("TestAssessRunStatusWithOnlyDryRunMetrics: a run of dry-run metrics only ends Successful")
    func onlyDryRunMetrics() {
        let result = MetricResult(name: "success-metric", phase: .successful,
                                  measurements: [F.measurement(.successful, finishedSecondsAgo: 60, now: now)],
                                  counters: MetricCounters(count: 1, successful: 1), dryRun: true)
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("success-metric")], dryRun: F.dryRun("success-metric")),
                              status: AnalysisRunStatus(metricResults: [result]))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .successful)
    }

    @Test("TestAssessRunStatusWithMixedMetrics: a dry-run failure does not decide the run")
    func mixedMetrics() {
        // run-forever's Job has completed Successful; it resumes on this pass.
        var inFlight = F.inFlight(startedSecondsAgo: 60, now: now)
        inFlight.asyncCompletesAt = now - SimDuration.seconds(1)
        inFlight.rawValue = "Complete"
        let results = [
            MetricResult(name: "run-forever", phase: .running, measurements: [inFlight], counters: MetricCounters(inconclusive: 1)),
            MetricResult(name: "success-metric", phase: .successful,
                         measurements: [F.measurement(.failed, finishedSecondsAgo: 60, now: now)],
                         counters: MetricCounters(count: 1, failed: 1), dryRun: true),
        ]
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("run-forever"), F.metric("success-metric")],
                                                    dryRun: F.dryRun("success-metric")),
                              status: AnalysisRunStatus(metricResults: results))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .inconclusive)
        #expect(reconciled.status.message == "Metric \"run-forever\" assessed Inconclusive due to inconclusive (1) > inconclusiveLimit (0)")
    }

    @Test("TestReconcileAnalysisRunTerminateSiblingAfterFail: the in-flight sibling is terminated", arguments: [
        AnalysisPhase.failed, .inconclusive, .error,
    ])
    func terminateSiblingAfterFail(_ status: AnalysisPhase) {
        let (reconciled, _) = AnalysisController.reconcile(terminatingRun(status, dryRun: false), now: now, context: StorageContext())
        #expect(reconciled.status.phase == status)
        #expect(reconciled.status.metricResults[1].phase == status)
        #expect(reconciled.status.metricResults[0].phase == .inconclusive)
        #expect(reconciled.status.metricResults[0].measurements[0].phase == .inconclusive)
        #expect(reconciled.status.metricResults[0].measurements[0].finishedAt == now)
        #expect(reconciled.status.metricResults[0].message == "Metric Terminated")
        #expect(reconciled.status.metricResults[0].measurements[0].message == "Metric Terminated")
    }

    @Test("TestTerminateAnalysisRun: terminated before any measurement ends Successful, \"Run Terminated\"", arguments: [false, true])
    func terminateAnalysisRun(_ dryRun: Bool) {
        let metric = F.metric("success-rate", interval: "20s", initialDelay: "20s", successCondition: "result[0] > 0.90", provider: .web)
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric],
                                                    args: [AnalysisRunArgument(name: "service", value: "rollouts-demo-canary.default.svc.cluster.local")],
                                                    dryRun: dryRun ? F.dryRun("success-rate") : [], terminate: true),
                              status: AnalysisRunStatus(phase: .running, startedAt: now))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .successful)
        #expect(reconciled.status.message == "Run Terminated")
        if dryRun {
            #expect(reconciled.status.dryRunSummary == RunSummary(count: 1))
        }
    }

    @Test("TestInvalidDryRunConfigThrowsError and TestInvalidMeasurementsRetentionConfigThrowsError")
    func invalidRules() {
        let metric = F.metric("success-rate", interval: "20s", initialDelay: "20s", successCondition: "result[0] > 0.90", provider: .web)
        let dry = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric], dryRun: F.dryRun("error-rate"), terminate: true),
                              status: AnalysisRunStatus(phase: .running, startedAt: now))
        let (dryReconciled, _) = AnalysisController.reconcile(dry, now: now, context: StorageContext())
        #expect(dryReconciled.status.phase == .error)
        #expect(dryReconciled.status.message == "Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)")

        let retention = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric],
                                                          measurementRetention: [MeasurementRetentionRule(metricName: "error-rate", limit: 0, location: F.here)],
                                                          terminate: true),
                                    status: AnalysisRunStatus(phase: .running, startedAt: now))
        let (retentionReconciled, _) = AnalysisController.reconcile(retention, now: now, context: StorageContext())
        #expect(retentionReconciled.status.phase == .error)
        #expect(retentionReconciled.status.message == "Analysis spec invalid: measurementRetention[0]: Rule didn't match any metric name(s)")
    }

    @Test("TestReconcileAnalysisRunInvalid: a metric without a provider is an Error run")
    func invalidSpec() {
        var metric = F.metric("success-rate")
        metric.provider.job = nil
        let (reconciled, requeue) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])), now: now,
                                                                 context: StorageContext())
        #expect(reconciled.status.phase == .error)
        #expect(reconciled.status.message == "Analysis spec invalid: metrics[0]: no provider specified")
        #expect(requeue == nil)
    }

    @Test("TestReconcileAnalysisRunInitial: measure at once; count 1, or neither count nor interval, completes at once")
    func initial() {
        let indefinite = F.metric("success-rate", interval: "60s", provider: .prometheus(query: "1"))
        let first = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [indefinite])), now: now, context: StorageContext()).0
        #expect(first.status.metricResults[0].phase == .running)
        #expect(first.status.phase == .running)
        #expect(first.status.metricResults[0].measurements.map(\.phase) == [.successful])

        let once = F.metric("success-rate", interval: "60s", count: 1, provider: .prometheus(query: "1"))
        let second = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [once])), now: now, context: StorageContext()).0
        #expect(second.status.metricResults[0].phase == .successful)
        #expect(second.status.phase == .successful)
        #expect(second.status.metricResults[0].measurements.map(\.phase) == [.successful])

        let bare = F.metric("success-rate", count: 0, provider: .prometheus(query: "1"))
        let third = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [bare])), now: now, context: StorageContext()).0
        #expect(third.status.metricResults[0].phase == .successful)
        #expect(third.status.phase == .successful)
        #expect(third.status.completedAt == now)
    }

    @Test("TestReconcileAnalysisRunResumeInProgress: a finished Job completes the in-flight measurement")
    func resumeInProgress() {
        var inFlight = F.inFlight(startedSecondsAgo: 60, now: now)
        inFlight.asyncCompletesAt = now - SimDuration.seconds(30)
        inFlight.rawValue = "Complete"
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("test")]),
                              status: AnalysisRunStatus(phase: .running, metricResults: [
                                MetricResult(name: "test", phase: .running, measurements: [inFlight]),
                              ]))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .successful)
        #expect(reconciled.status.metricResults[0].phase == .successful)
        #expect(reconciled.status.metricResults[0].measurements[0].phase == .successful)
        #expect(reconciled.status.metricResults[0].measurements[0].finishedAt == now)
    }

    @Test("TestRunMeasurementsResetConsecutiveErrorCounter: an Error adds to error and consecutiveError, not to count")
    func errorDoesNotCount() {
        // A datadog metric without synthetic values measures Error.
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("test", provider: .other("datadog"))]),
                              status: AnalysisRunStatus(phase: .running, metricResults: [
                                MetricResult(name: "test", phase: .running, counters: MetricCounters(count: 4, error: 4, consecutiveError: 4)),
                              ]))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        let counters = reconciled.status.metricResults[0].counters
        #expect(counters.consecutiveError == 5)
        #expect(counters.error == 5)
        #expect(counters.count == 4)
    }

    @Test("TestResolveMetricArgsUnableToSubstitute: a missing arg is an Error run naming the last unresolved tag",
          arguments: [false, true, false])
    func unableToSubstitute(_ dryRun: Bool) {
        let metric = F.metric("rate", successCondition: "{{args.does-not-exist}}", provider: .prometheus(query: "{{args.metric-name}}"))
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric], dryRun: dryRun ? F.dryRun("*") : []))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        #expect(reconciled.status.phase == .error)
        #expect(reconciled.status.message == "Unable to resolve metric arguments: failed to resolve {{args.metric-name}}")
    }

    @Test("TestGetMetadataIsCalled: the metric result records the resolved Prometheus query")
    func metadata() {
        let metric = F.metric("rate", successCondition: "result[0] > 0", provider: .prometheus(query: "{{args.metric-name}}"))
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric], args: [AnalysisRunArgument(name: "metric-name", value: "vector(1)")]))
        let (reconciled, _) = AnalysisController.reconcile(run, now: now, context: StorageContext())
        let metadata = reconciled.status.metricResults[0].metadata
        #expect(metadata.map(\.key) == ["ResolvedPrometheusQuery"])
        #expect(metadata.map(\.value) == ["vector(1)"])
    }

    @Test("TestTrimMeasurementHistory: keep the newest measurements; a retention rule raises the limit")
    func trimMeasurementHistory() {
        func newRun() -> AnalysisRun {
            AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("metric1", interval: "60s"), F.metric("metric2", interval: "60s")]),
                        status: AnalysisRunStatus(phase: .running, metricResults: [
                            MetricResult(name: "metric1", phase: .running,
                                         measurements: [F.measurement(.successful, finishedSecondsAgo: 60, now: now, value: "1")]),
                            MetricResult(name: "metric2", measurements: [
                                F.measurement(.successful, finishedSecondsAgo: 60, now: now, value: "2"),
                                F.measurement(.successful, finishedSecondsAgo: 30, now: now, value: "3"),
                            ]),
                        ]))
        }
        func values(_ run: AnalysisRun) -> [[String]] { run.status.metricResults.map { $0.measurements.map(\.value) } }
        var limit2 = newRun()
        AnalysisController.trimMeasurements(&limit2, retention: [:], metrics: limit2.spec.metrics, defaultLimit: 2)
        #expect(values(limit2) == [["1"], ["2", "3"]])
        var limit1 = newRun()
        AnalysisController.trimMeasurements(&limit1, retention: [:], metrics: limit1.spec.metrics, defaultLimit: 1)
        #expect(values(limit1) == [["1"], ["3"]])
        var retained = newRun()
        AnalysisController.trimMeasurements(&retained, retention: ["metric2": 2], metrics: retained.spec.metrics, defaultLimit: 1)
        #expect(values(retained) == [["1"], ["2", "3"]])
    }
}
