import Testing
@testable import RolloutSim

/// Rows of upstream's `TestGenerateMetricTasks*` and `TestCalculateNextReconcile*`
/// (analysis/analysis_test.go). `now` is fixed; the Go tests' `time.Now().Add(-Ns)` are offsets from it.
struct SchedulingCase: Sendable, CustomTestStringConvertible {
    typealias F = AnalysisFixture
    static let now = VirtualTime(milliseconds: 10_000_000)

    var upstream: String
    var note: String
    var metrics: [Metric]
    var results: [MetricResult] = []
    var startedAt: VirtualTime?
    /// generateMetricTasks: the metrics given a task, in order (and whether it resumes a measurement).
    var expectedTasks: [String]?
    var expectedResumes: [Bool]?
    /// calculateNextReconcileTime: seconds from now, or nil for "no requeue".
    var expectedNext: Int64??

    var testDescription: String { "\(upstream): \(note)" }

    static func at(_ seconds: Int64) -> VirtualTime { now + SimDuration.seconds(seconds) }
    static func done(_ phase: AnalysisPhase, _ secondsAgo: Int64, _ value: String = "99") -> Measurement {
        F.measurement(phase, finishedSecondsAgo: secondsAgo, now: now, value: value)
    }
    /// An in-flight measurement; upstream's tests give them phase Successful and no finishedAt.
    static func inFlight(_ secondsAgo: Int64, resumeIn: Int64? = nil) -> Measurement {
        var measurement = F.inFlight(startedSecondsAgo: secondsAgo, now: now, resumeAt: resumeIn.map(at))
        measurement.phase = .successful
        return measurement
    }

    static var generateMetricTasks: [SchedulingCase] {
        [
            SchedulingCase(upstream: "TestGenerateMetricTasksInterval", note: "within the interval: nothing",
                           metrics: [F.metric("success-rate", interval: "60s")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.successful, 50)])],
                           expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksInterval", note: "outside the interval: a task",
                           metrics: [F.metric("success-rate", interval: "60s")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.successful, 61)])],
                           expectedTasks: ["success-rate"], expectedResumes: [false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksInterval (strictness)", note: "exactly finishedAt + interval: not yet",
                           metrics: [F.metric("success-rate", interval: "60s")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.successful, 60)])],
                           expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksFailing", note: "a failed metric stops every measurement",
                           metrics: [F.metric("success-rate"), F.metric("latency")],
                           results: [MetricResult(name: "latency", phase: .failed)], expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksFailing", note: "no results: both metrics",
                           metrics: [F.metric("success-rate"), F.metric("latency")],
                           expectedTasks: ["success-rate", "latency"], expectedResumes: [false, false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksNoIntervalOrCount", note: "count reached: nothing",
                           metrics: [F.metric("success-rate")],
                           results: [MetricResult(name: "success-rate", measurements: [done(.successful, 50)], counters: MetricCounters(count: 1))],
                           expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksNoIntervalOrCount", note: "never measured: a task",
                           metrics: [F.metric("success-rate")], results: [MetricResult(name: "success-rate")],
                           expectedTasks: ["success-rate"], expectedResumes: [false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksIncomplete", note: "an in-flight measurement is resumed",
                           metrics: [F.metric("success-rate")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [inFlight(50)])],
                           expectedTasks: ["success-rate"], expectedResumes: [true]),
            SchedulingCase(upstream: "TestGenerateMetricTasksHonorInitialDelay", note: "no startedAt: wait",
                           metrics: [F.metric("success-rate", initialDelay: "20s")], expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksHonorInitialDelay", note: "started 10 s ago: wait",
                           metrics: [F.metric("success-rate", initialDelay: "20s")], startedAt: at(-10), expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksHonorInitialDelay", note: "started 20 s ago: equality counts",
                           metrics: [F.metric("success-rate", initialDelay: "20s")], startedAt: at(-20),
                           expectedTasks: ["success-rate"], expectedResumes: [false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksHonorInitialDelay", note: "an invalid delay never measures",
                           metrics: [F.metric("success-rate", initialDelay: "invalid-start-delay")], startedAt: at(-20),
                           expectedTasks: []),
            SchedulingCase(upstream: "TestGenerateMetricTasksHonorResumeAt", note: "only the metric whose resumeAt passed",
                           metrics: [F.metric("success-rate"), F.metric("success-rate2")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [inFlight(50, resumeIn: 10)]),
                                     MetricResult(name: "success-rate2", phase: .running, measurements: [inFlight(50, resumeIn: -10)])],
                           expectedTasks: ["success-rate2"], expectedResumes: [true]),
            SchedulingCase(upstream: "TestGenerateMetricTasksError", note: "an error 120 s ago is retried",
                           metrics: [F.metric("success-rate")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.error, 120, "")],
                                                  counters: MetricCounters(error: 1))],
                           expectedTasks: ["success-rate"], expectedResumes: [false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksError", note: "retried even with a 5m interval",
                           metrics: [F.metric("success-rate", interval: "5m")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.error, 120, "")],
                                                  counters: MetricCounters(error: 1))],
                           expectedTasks: ["success-rate"], expectedResumes: [false]),
            SchedulingCase(upstream: "TestGenerateMetricTasksError (retry interval)", note: "an error 10 s ago waits (strict)",
                           metrics: [F.metric("success-rate", interval: "5m")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [done(.error, 10, "")],
                                                  counters: MetricCounters(error: 1))],
                           expectedTasks: []),
        ]
    }

    static var calculateNextReconcileTime: [SchedulingCase] {
        let measured30 = MetricResult(name: "success-rate", phase: .running, measurements: [done(.successful, 30)])
        var inFlight30 = measured30
        inFlight30.measurements[0].finishedAt = nil
        inFlight30.measurements[0].phase = .running
        let errored = MetricResult(name: "success-rate", phase: .running, measurements: [done(.error, 0)],
                                   counters: MetricCounters(error: 1))
        return [
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeInterval", note: "finishedAt + interval",
                           metrics: [F.metric("success-rate", interval: "60s")], results: [measured30], expectedNext: .some(30)),
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeInterval", note: "in flight without resumeAt: no requeue",
                           metrics: [F.metric("success-rate", interval: "60s")], results: [inFlight30], expectedNext: .some(nil)),
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeInterval", note: "a completed metric: no requeue",
                           metrics: [F.metric("success-rate", interval: "60s")],
                           results: [MetricResult(name: "success-rate", phase: .successful, measurements: [done(.successful, 120)])],
                           expectedNext: .some(nil)),
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeInitialDelay", note: "the delayed metric's start",
                           metrics: [F.metric("success-rate", interval: "60s"), F.metric("start-delay", interval: "60s", initialDelay: "40s")],
                           results: [measured30], startedAt: at(-30), expectedNext: .some(10)),
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeInitialDelay", note: "an invalid delay is skipped",
                           metrics: [F.metric("success-rate", interval: "60s"),
                                     F.metric("start-delay", interval: "60s", initialDelay: "not-valid-start-delay")],
                           results: [measured30], startedAt: at(-30), expectedNext: .some(30)),
            SchedulingCase(upstream: "TestCalculateNextReconcileTimeNoInterval", note: "count 1 done: no requeue",
                           metrics: [F.metric("success-rate", count: 1)],
                           results: [MetricResult(name: "success-rate", phase: .successful, measurements: [done(.successful, 0)])],
                           expectedNext: .some(nil)),
            SchedulingCase(upstream: "TestCalculateNextReconcileEarliestMetric", note: "the earliest metric wins",
                           metrics: [F.metric("success-rate", interval: "60s"), F.metric("latency", interval: "60s")],
                           results: [measured30, MetricResult(name: "latency", phase: .running, measurements: [done(.successful, 50, "1")])],
                           expectedNext: .some(10)),
            SchedulingCase(upstream: "TestCalculateNextReconcileHonorResumeAt", note: "an in-flight measurement's resumeAt",
                           metrics: [F.metric("success-rate", interval: "60s")],
                           results: [MetricResult(name: "success-rate", phase: .running, measurements: [inFlight(30, resumeIn: 10)])],
                           expectedNext: .some(10)),
            SchedulingCase(upstream: "TestCalculateNextReconcileUponError", note: "10 s after an error",
                           metrics: [F.metric("success-rate")], results: [errored], expectedNext: .some(10)),
            SchedulingCase(upstream: "TestCalculateNextReconcileUponError", note: "10 s after an error despite a 5m interval",
                           metrics: [F.metric("success-rate", interval: "5m")], results: [errored], expectedNext: .some(10)),
        ]
    }

    var run: AnalysisRun {
        AnalysisRun(spec: AnalysisRunSpec(metrics: metrics),
                    status: AnalysisRunStatus(phase: .running, startedAt: startedAt, metricResults: results))
    }
}

@Suite("generateMetricTasks and calculateNextReconcileTime (upstream tables)")
struct MetricSchedulingTests {
    @Test("generateMetricTasks gives upstream's tasks", arguments: SchedulingCase.generateMetricTasks)
    func generateMetricTasks(_ row: SchedulingCase) {
        let run = row.run
        let tasks = MetricScheduling.tasks(for: run, metrics: run.spec.metrics, now: SchedulingCase.now)
        #expect(tasks.map { run.spec.metrics[$0.metricIndex].name } == row.expectedTasks)
        if let resumes = row.expectedResumes {
            #expect(tasks.map { $0.incompleteMeasurement != nil } == resumes)
        }
    }

    @Test("calculateNextReconcileTime gives upstream's requeue", arguments: SchedulingCase.calculateNextReconcileTime)
    func calculateNextReconcileTime(_ row: SchedulingCase) throws {
        let run = row.run
        let next = MetricScheduling.nextReconcileTime(for: run, metrics: run.spec.metrics, now: SchedulingCase.now)
        let expected = try #require(row.expectedNext)
        #expect(next == expected.map(SchedulingCase.at))
    }
}
