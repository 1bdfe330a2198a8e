import Foundation
import Testing
@testable import RolloutSim

@Suite("PoissonDistribution")
struct PoissonTests {
    static let sampleCount = 100_000

    /// Means on both sides of the inversion/PTRS switch at 30, and a large one.
    static let means: [Double] = [0.5, 3, 29, 31, 100, 5000]

    static func draw(mean: Double) -> [Int] {
        var random = RandomStreams(seed: 2026).stream(named: StreamName("test/poisson/\(mean)"))
        let poisson = PoissonDistribution(mean: mean)
        return (0..<sampleCount).map { _ in poisson.sample(using: &random) }
    }

    @Test("sample mean and variance match λ within 5 standard errors", arguments: means)
    func moments(mean: Double) {
        // For Poisson(λ): σ² = λ and μ₄ = λ + 3λ² (see SampleMoments for the bounds).
        let moments = SampleMoments(Self.draw(mean: mean).map(Double.init))
        #expect(moments.meanMiss(expected: mean, variance: mean) == nil)
        #expect(moments.varianceMiss(expected: mean, fourthCentralMoment: mean + 3 * mean * mean) == nil)
    }

    @Test("the samples follow the Poisson pmf (χ² goodness of fit)", arguments: means)
    func distribution(mean: Double) {
        // Moments alone would miss a sampler with the right mean and variance but
        // the wrong shape (e.g. a normal approximation); χ² over the support does not.
        let samples = Self.draw(mean: mean)
        let spread = 12 * mean.squareRoot() + 12
        let support = max(0, Int(mean - spread))...Int(mean + spread)
        let fit = ChiSquareFit(samples: samples, support: support) { exp(poissonLogProbability($0, mean: mean)) }
        #expect(fit.passes, "χ²=\(fit.statistic) df=\(fit.degreesOfFreedom) bound=\(fit.bound)")
    }

    @Test("mean 0 always draws 0, and draws are never negative")
    func edges() {
        var random = SimRandom(seed: 1)
        let zero = PoissonDistribution(mean: 0)
        #expect((0..<100).allSatisfy { _ in zero.sample(using: &random) == 0 })
        let large = PoissonDistribution(mean: 1e9)
        #expect((0..<1000).allSatisfy { _ in large.sample(using: &random) > 0 })
    }

    @Test("a mean of 1e9 costs a handful of draws and lands within 6 sd")
    func hugeMean() {
        // PTRS's cost does not grow with the mean: count the 64-bit draws used.
        var random = SimRandom(seed: 77)
        var counter = random
        let poisson = PoissonDistribution(mean: 1e9)
        let value = poisson.sample(using: &random)
        var used = 0
        while counter != random {
            _ = counter.next()
            used += 1
        }
        #expect(used <= 20)
        #expect(abs(Double(value) - 1e9) < 6 * (1e9).squareRoot())
    }

    @Test("ln k! by Stirling's series agrees with lgamma")
    func logFactorial() {
        for k in [0, 1, 2, 5, 9, 10, 11, 30, 100, 1000, 123_456] {
            let ours = LogFactorial.of(Double(k))
            let reference = logGamma(Double(k) + 1)
            #expect(abs(ours - reference) <= 1e-12 * max(1, reference), "k=\(k): \(ours) vs \(reference)")
        }
    }
}
