import Testing
@testable import RolloutSim

/// One row of upstream's `TestAssessMetricStatus*` (analysis/analysis_test.go): a metric, its
/// result, and the phase `assessMetricStatus` gives when not terminating and when terminating.
struct MetricStatusCase: Sendable, CustomTestStringConvertible {
    var upstream: String
    var note: String
    var metric: Metric
    var result: MetricResult
    var notTerminating: AnalysisPhase?
    var terminating: AnalysisPhase?

    var testDescription: String { "\(upstream): \(note)" }

    static let now = VirtualTime(milliseconds: 10_000_000)

    static func result(_ counters: MetricCounters, last: AnalysisPhase?, inFlight: Bool = false) -> MetricResult {
        var measurements: [Measurement] = []
        if let last {
            measurements.append(AnalysisFixture.measurement(last, finishedSecondsAgo: 60, now: now))
        }
        if inFlight { measurements.append(AnalysisFixture.inFlight(startedSecondsAgo: 0, now: now)) }
        return MetricResult(name: "success-rate", measurements: measurements, counters: counters)
    }

    static func counters(failed: Int = 0, successful: Int = 0, inconclusive: Int = 0, count: Int = 0,
                         consecutiveSuccess: Int = 0, consecutiveError: Int = 0) -> MetricCounters {
        MetricCounters(count: count, successful: successful, failed: failed, inconclusive: inconclusive,
                       consecutiveError: consecutiveError, consecutiveSuccess: consecutiveSuccess)
    }

    static var upstreamCases: [MetricStatusCase] {
        typealias F = AnalysisFixture
        var cases: [MetricStatusCase] = []
        func add(_ upstream: String, _ note: String, _ metric: Metric, _ result: MetricResult,
                 _ notTerminating: AnalysisPhase?, _ terminating: AnalysisPhase?) {
            cases.append(MetricStatusCase(upstream: upstream, note: note, metric: metric, result: result,
                                          notTerminating: notTerminating, terminating: terminating))
        }

        // TestAssessMetricStatusNoMeasurements
        add("TestAssessMetricStatusNoMeasurements", "no measurements yet", F.metric("success-rate"),
            MetricResult(name: "success-rate"), .pending, .successful)

        // TestAssessMetricStatusInFlightMeasurement
        add("TestAssessMetricStatusInFlightMeasurement", "last measurement in flight", F.metric("success-rate"),
            result(counters(), last: .successful, inFlight: true), .running, .running)

        // TestAssessMetricStatusFailureLimit
        let failed3 = result(counters(failed: 3, count: 3), last: .failed)
        add("TestAssessMetricStatusFailureLimit", "failed 3 > failureLimit 2",
            F.metric("success-rate", interval: "60s", failureLimit: 2), failed3, .failed, .failed)
        add("TestAssessMetricStatusFailureLimit", "failed 3 = failureLimit 3",
            F.metric("success-rate", interval: "60s", failureLimit: 3), failed3, .running, .successful)

        // TestAssessMetricStatusConsecutiveSuccessLimit (failureLimit -1)
        let csResult = result(counters(failed: 3, successful: 4, count: 7, consecutiveSuccess: 3), last: .failed)
        func cs(_ limit: Int, count: Int? = nil) -> Metric {
            F.metric("success-rate", interval: "60s", count: count, failureLimit: -1, consecutiveSuccessLimit: limit)
        }
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "indefinite, streak 3 = limit 3", cs(3), csResult, .successful, .successful)
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "indefinite, streak 3 < limit 5", cs(5), csResult, .running, .successful)
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "count 7 reached, streak 3 < limit 5", cs(5, count: 7), csResult, .failed, .failed)
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "count 7 reached, streak 3 = limit 3", cs(3, count: 7), csResult, .successful, .successful)
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "count 9 not reached, streak 3 = limit 3", cs(3, count: 9), csResult, .successful, .successful)
        add("TestAssessMetricStatusConsecutiveSuccessLimit", "count 9 not reached, streak 3 < limit 5", cs(5, count: 9), csResult, .running, .successful)

        // TestAssessMetricStatusFailureLimitAndConsecutiveSuccessLimit (failureLimit 4, consecutiveSuccessLimit 4)
        func both(count: Int? = nil) -> Metric {
            F.metric("success-rate", interval: "60s", count: count, failureLimit: 4, consecutiveSuccessLimit: 4)
        }
        func r(_ f: Int, _ s: Int, _ c: Int, _ cs: Int) -> MetricResult {
            result(counters(failed: f, successful: s, count: c, consecutiveSuccess: cs), last: .failed)
        }
        let name = "TestAssessMetricStatusFailureLimitAndConsecutiveSuccessLimit"
        add(name, "indefinite: limit not violated, streak not reached", both(), r(3, 4, 7, 3), .running, .successful)
        add(name, "indefinite: limit violated, streak not reached", both(), r(5, 9, 9, 0), .failed, .failed)
        add(name, "indefinite: limit not violated, streak reached", both(), r(3, 5, 8, 4), .successful, .successful)
        add(name, "indefinite: limit violated, streak reached", both(), r(5, 5, 10, 4), .failed, .failed)
        add(name, "count 10 reached: limit not violated, streak not reached", both(count: 10), r(4, 6, 10, 3), .inconclusive, .inconclusive)
        add(name, "count 10 reached: limit violated, streak not reached", both(count: 10), r(5, 5, 10, 3), .failed, .failed)
        add(name, "count 10 reached: limit not violated, streak reached", both(count: 10), r(4, 6, 10, 4), .successful, .successful)
        add(name, "count 10 reached: limit violated, streak reached", both(count: 10), r(5, 5, 10, 4), .failed, .failed)
        add(name, "count 10 not reached: limit not violated, streak not reached", both(count: 10), r(3, 5, 8, 3), .running, .successful)
        add(name, "count 10 not reached: limit violated, streak not reached", both(count: 10), r(5, 3, 8, 3), .failed, .failed)
        add(name, "count 10 not reached: limit not violated, streak reached", both(count: 10), r(3, 5, 8, 4), .successful, .successful)
        add(name, "count 10 not reached: limit violated, streak reached", both(count: 10), r(5, 4, 9, 4), .failed, .failed)

        // TestAssessMetricStatusInconclusiveLimit
        let inconclusive3 = result(counters(inconclusive: 3, count: 3), last: .inconclusive)
        add("TestAssessMetricStatusInconclusiveLimit", "inconclusive 3 > limit 2",
            F.metric("success-rate", interval: "60s", inconclusiveLimit: 2), inconclusive3, .inconclusive, .inconclusive)
        add("TestAssessMetricStatusInconclusiveLimit", "inconclusive 3 = limit 3",
            F.metric("success-rate", interval: "60s", inconclusiveLimit: 3), inconclusive3, .running, .successful)

        // TestAssessMetricStatusConsecutiveErrors
        add("TestAssessMetricStatusConsecutiveErrors", "5 consecutive errors > default limit 4",
            F.metric("success-rate", interval: "60s"), result(counters(count: 5, consecutiveError: 5), last: .error), .error, .error)
        add("TestAssessMetricStatusConsecutiveErrors", "4 consecutive errors = default limit 4",
            F.metric("success-rate", interval: "60s"), result(counters(count: 5, consecutiveError: 4), last: .error), .running, .successful)

        // TestAssessMetricStatusCountReached
        add("TestAssessMetricStatusCountReached", "count 10 reached, all successful",
            F.metric("success-rate", count: 10), result(counters(successful: 10, count: 10), last: .successful), .successful, nil)
        add("TestAssessMetricStatusCountReached", "count 10 reached, 5 inconclusive",
            F.metric("success-rate", count: 10), result(counters(successful: 5, inconclusive: 5, count: 10), last: .successful), .inconclusive, nil)

        // TestAssessMetricFailureInconclusiveOrError (assessMetricStatus with terminating = true)
        add("TestAssessMetricFailureInconclusiveOrError", "one failure", F.metric(""),
            result(counters(failed: 1), last: .failed), nil, .failed)
        add("TestAssessMetricFailureInconclusiveOrError", "one inconclusive", F.metric(""),
            result(counters(inconclusive: 1), last: .inconclusive), nil, .inconclusive)
        add("TestAssessMetricFailureInconclusiveOrError", "five consecutive errors", F.metric(""),
            result(counters(consecutiveError: 5), last: .error), nil, .error)
        return cases
    }
}

@Suite("assessMetricStatus (upstream TestAssessMetricStatus*)")
struct AssessMetricStatusTests {
    @Test("gives upstream's metric phase", arguments: MetricStatusCase.upstreamCases)
    func metricPhase(_ row: MetricStatusCase) {
        if let expected = row.notTerminating {
            #expect(AnalysisAssessment.metricStatus(row.metric, row.result, terminating: false) == expected)
        }
        if let expected = row.terminating {
            #expect(AnalysisAssessment.metricStatus(row.metric, row.result, terminating: true) == expected)
        }
    }

    // TestAssessMetricFailureInconclusiveOrError: the limit messages, word for word.
    @Test("limit messages name the counter and the limit")
    func limitMessages() {
        let metric = AnalysisFixture.metric("m")
        let failed = AnalysisAssessment.failureInconclusiveOrError(metric, MetricCounters(failed: 1))
        #expect(failed?.phase == .failed)
        #expect(failed?.message == "failed (1) > failureLimit (0)")
        let inconclusive = AnalysisAssessment.failureInconclusiveOrError(metric, MetricCounters(inconclusive: 1))
        #expect(inconclusive?.phase == .inconclusive)
        #expect(inconclusive?.message == "inconclusive (1) > inconclusiveLimit (0)")
        let error = AnalysisAssessment.failureInconclusiveOrError(metric, MetricCounters(consecutiveError: 5))
        #expect(error?.phase == .error)
        #expect(error?.message == "consecutiveErrors (5) > consecutiveErrorLimit (4)")
    }

    @Test("when several limits are exceeded the later check wins: Error over Inconclusive over Failed")
    func laterLimitWins() {
        let metric = AnalysisFixture.metric("m")
        let all = MetricCounters(failed: 1, inconclusive: 1, consecutiveError: 5)
        #expect(AnalysisAssessment.failureInconclusiveOrError(metric, all)?.phase == .error)
        let twoOf = MetricCounters(failed: 1, inconclusive: 1)
        #expect(AnalysisAssessment.failureInconclusiveOrError(metric, twoOf)?.phase == .inconclusive)
    }
}
