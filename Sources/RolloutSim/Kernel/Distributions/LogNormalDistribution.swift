import Foundation

/// The log-normal distribution: ln X ~ N(mu, sigma²). Versions describe their
/// latency by a p50 and a p99, and ``init(p50:p99:)`` fits the distribution
/// through both; ``probability(below:)`` then splits requests into histogram
/// buckets.
///
///     let latency = LogNormalDistribution(p50: 120, p99: 900)   // milliseconds
///     latency.probability(below: 250)   // share of requests in le="250"
public struct LogNormalDistribution: Hashable, Sendable {
    /// The mean of ln X.
    public let mu: Double
    /// The standard deviation of ln X.
    public let sigma: Double

    /// Φ⁻¹(0.99), the standard normal's 99th percentile.
    public static let z99 = 2.3263478740408408

    /// - Precondition: `mu` finite, `sigma >= 0` finite.
    public init(mu: Double, sigma: Double) {
        precondition(mu.isFinite && sigma.isFinite && sigma >= 0,
                     "LogNormalDistribution: need finite mu and sigma >= 0, got \(mu), \(sigma)")
        self.mu = mu
        self.sigma = sigma
    }

    /// The log-normal whose median is `p50` and whose 99th percentile is `p99`:
    /// mu = ln p50, sigma = (ln p99 − ln p50) / z₀.₉₉. Equal values give a point
    /// mass at p50.
    ///
    /// - Precondition: `0 < p50 <= p99`, both finite.
    public init(p50: Double, p99: Double) {
        precondition(p50 > 0 && p50.isFinite && p99.isFinite && p99 >= p50,
                     "LogNormalDistribution: need 0 < p50 <= p99, got p50=\(p50), p99=\(p99)")
        self.init(mu: log(p50), sigma: (log(p99) - log(p50)) / Self.z99)
    }

    public var median: Double { exp(mu) }
    public var mean: Double { exp(mu + sigma * sigma / 2) }
    public var variance: Double { (exp(sigma * sigma) - 1) * exp(2 * mu + sigma * sigma) }

    /// One draw, `exp(mu + sigma·Z)`.
    ///
    /// - Complexity: O(1) expected.
    public func sample(using random: inout SimRandom) -> Double {
        exp(mu + sigma * NormalDistribution.standardSample(using: &random))
    }

    /// P(X <= x), the share of values at or below `x` (for a continuous
    /// distribution the same as below `x`).
    public func probability(below x: Double) -> Double {
        guard x > 0 else { return 0 }
        guard sigma > 0 else { return x >= median ? 1 : 0 }
        return NormalDistribution.standardCDF((log(x) - mu) / sigma)
    }

    /// The value below which a fraction `p` lies.
    ///
    /// - Precondition: `0 < p < 1`.
    public func quantile(_ p: Double) -> Double {
        exp(mu + sigma * NormalDistribution.standardQuantile(p))
    }
}
