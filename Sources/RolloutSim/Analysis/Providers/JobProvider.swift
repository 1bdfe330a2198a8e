import Foundation

/// The Job provider: the Job's outcome comes from the scenario (`providers.job.<metric>`).
/// Argo: metricproviders/job/job.go.
///
/// Asynchronous: Run creates the Job and returns a Running measurement with `resumeAt = now`;
/// Resume finishes it once the Job has completed, or asks to be resumed after a growing delay.
enum JobProvider {
    static let jobNameKey = "job-name"

    static func run(_ metric: Metric, jobName: String, now: VirtualTime, outcomes: ProviderOutcomes) -> Measurement {
        var measurement = Measurement(phase: .running, startedAt: now)
        guard let outcome = outcomes.jobs.first(where: { $0.metric == metric.name }) else {
            return measurement.markedError(
                "job not simulated: the scenario gives no outcome for metric '\(metric.name)' (expected providers.job.\(metric.name): {succeed: true, after: 30s})",
                now: now)
        }
        measurement.metadata = [(key: jobNameKey, value: jobName)]
        // Activates Resume at once, to catch short-lived Jobs (upstream does the same).
        measurement.resumeAt = now
        measurement.asyncCompletesAt = now + outcome.after
        measurement.rawValue = outcome.succeed ? "Complete" : "Failed"
        return measurement
    }

    static func resume(_ measurement: Measurement, now: VirtualTime) -> Measurement {
        var measurement = measurement
        if let completesAt = measurement.asyncCompletesAt, now >= completesAt {
            let succeeded = measurement.rawValue == "Complete"
            measurement.phase = succeeded ? .successful : .failed
            measurement.condition = succeeded ? .success : .failure
            measurement.finishedAt = now
            return measurement
        }
        // A growing delay: sqrt(2 · elapsed seconds).
        let elapsed = (now - (measurement.startedAt ?? now)).seconds
        let delayMs = Int64((2 * max(elapsed, 0)).squareRoot() * 1000)
        measurement.resumeAt = now + SimDuration(milliseconds: delayMs)
        return measurement
    }

    /// Deleting the Job ends the measurement Inconclusive.
    static func terminate(_ measurement: Measurement, now: VirtualTime) -> Measurement {
        var measurement = measurement
        measurement.finishedAt = now
        measurement.phase = .inconclusive
        measurement.condition = nil
        return measurement
    }
}
