import Foundation

/// How a pod serves at a given load: the version's behaviour, bent by saturation.
///
/// A deliberately simple queueing-inspired model over the utilisation ρ = (requests per second
/// reaching the pod) / `capacityRps`:
///
/// * **Shedding.** Above capacity the pod completes at most `capacityRps`; the excess share
///   1 − 1/ρ is answered `503` at once (overload shedding). Below capacity nothing is shed.
/// * **Errors.** Requests that are not shed fail with `500` at the version's `errorRate`.
/// * **Latency.** An M/M/1 queue's sojourn time grows as 1/(1 − ρ). We keep the configured
///   p50/p99 as the latency at ordinary load and multiply every quantile by
///   f(ρ) = max(1, 0.2 / (1 − min(ρ, 0.98))): 1 up to ρ = 0.8, 2 at 0.9, 4 at 0.95 and 10 from 0.98
///   on (including overload), so a capacity gap after an abort shows as a latency step plus 503s.
///   Multiplying a log-normal by f adds ln f to μ and keeps σ.
/// * Without `capacityRps` nothing saturates.
///
/// ρ is taken from the mean rate of the accrual segment: exact for constant and step load (step
/// boundaries end a segment), an approximation within one scrape interval for the diurnal curve.
struct ServiceLevel: Hashable, Sendable {
    var shedProbability: Double
    var errorProbability: Double
    var latency: LogNormalDistribution

    static let kneeUtilisation = 0.8
    static let maxUtilisation = 0.98

    static func latencyFactor(utilisation rho: Double) -> Double {
        max(1, (1 - kneeUtilisation) / (1 - min(rho, maxUtilisation)))
    }

    init(behaviour: VersionBehaviour, podRPS: Double) {
        let base = LogNormalDistribution(p50: behaviour.latency.p50.seconds, p99: max(behaviour.latency.p99, behaviour.latency.p50).seconds)
        guard let capacity = behaviour.capacityRps, capacity > 0 else {
            self.init(shedProbability: 0, errorProbability: behaviour.errorRate, latency: base)
            return
        }
        let rho = podRPS / capacity
        let factor = Self.latencyFactor(utilisation: rho)
        self.init(shedProbability: rho > 1 ? 1 - 1 / rho : 0,
                  errorProbability: behaviour.errorRate,
                  latency: LogNormalDistribution(mu: base.mu + log(factor), sigma: base.sigma))
    }

    init(shedProbability: Double, errorProbability: Double, latency: LogNormalDistribution) {
        self.shedProbability = min(max(shedProbability, 0), 1)
        self.errorProbability = min(max(errorProbability, 0), 1)
        self.latency = latency
    }
}
