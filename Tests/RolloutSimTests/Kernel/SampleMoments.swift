import Foundation
@testable import RolloutSim

/// Sample mean and variance, and the tolerances a correct sampler must meet.
///
/// Derivation. For n independent draws with mean μ, variance σ² and fourth
/// central moment μ₄:
/// - the sample mean x̄ has standard error SE(x̄) = σ/√n (exactly);
/// - the sample variance s² has Var(s²) = (μ₄ − σ⁴)/n + O(1/n²), so
///   SE(s²) ≈ √((μ₄ − σ⁴)/n).
/// By the central limit theorem both are close to normal for the n used here,
/// and a deviation beyond 5 standard errors has probability below 6e-7. The
/// seeds are fixed, so these tests are deterministic; the 5-SE bound means a
/// correct sampler passes for practically any seed, while a biased one
/// (a wrong constant, an off-by-one) fails for all of them.
struct SampleMoments {
    let count: Int
    let mean: Double
    let variance: Double

    /// Two-pass mean and (n − 1)-normalised variance, summed in sample order.
    init(_ samples: [Double]) {
        count = samples.count
        let n = Double(samples.count)
        let mean = samples.reduce(0, +) / n
        self.mean = mean
        variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    }

    /// `nil` when the sample mean is within 5 SE of `expectedMean`, otherwise a
    /// message describing the miss.
    func meanMiss(expected expectedMean: Double, variance expectedVariance: Double) -> String? {
        let standardError = (expectedVariance / Double(count)).squareRoot()
        let tolerance = 5 * standardError
        // The tiny absolute floor covers degenerate distributions (variance 0).
        if abs(mean - expectedMean) <= max(tolerance, 1e-12) { return nil }
        return "mean \(mean), expected \(expectedMean) ± \(tolerance) (5 SE)"
    }

    /// `nil` when the sample variance is within 5 SE of `expectedVariance`, where
    /// SE uses the fourth central moment `fourthCentralMoment`.
    func varianceMiss(expected expectedVariance: Double, fourthCentralMoment: Double) -> String? {
        let standardError = ((fourthCentralMoment - expectedVariance * expectedVariance) / Double(count)).squareRoot()
        let tolerance = 5 * standardError
        if abs(variance - expectedVariance) <= max(tolerance, 1e-12) { return nil }
        return "variance \(variance), expected \(expectedVariance) ± \(tolerance) (5 SE)"
    }
}
