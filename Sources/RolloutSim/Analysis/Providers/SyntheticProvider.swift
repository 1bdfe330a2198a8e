import Expr

/// Providers we do not simulate (datadog, newRelic, cloudWatch, …). A metric of theirs measures
/// the scenario's synthetic values (`providers.<provider>.<metric>.values`), the value in force
/// at the measurement's time, as a `float64` result; without values it is an Error measurement.
enum SyntheticProvider {
    static func run(provider: String, metric: String, conditions: MetricConditions, now: VirtualTime,
                    outcomes: ProviderOutcomes) -> Measurement {
        var measurement = Measurement(phase: .unset, startedAt: now)
        guard let synthetic = outcomes.synthetic.first(where: { $0.provider == provider && $0.metric == metric }) else {
            return measurement.markedError(
                "provider not simulated: \(provider) (give providers.\(provider).\(metric).values in the scenario)", now: now)
        }
        // Values are sorted by time; each holds from its time on.
        guard let current = synthetic.values.last(where: { VirtualTime.zero + $0.at <= now }) else {
            return measurement.markedError(
                "provider not simulated: \(provider) has no value for metric '\(metric)' before \(now)", now: now)
        }
        measurement.rawValue = MeasurementValueFormat.scalar(current.value)
        measurement.apply(conditions.evaluate(result: .float(current.value), resultType: .float),
                          conditions: conditions, now: now)
        return measurement
    }
}
