import Foundation
import Testing
@testable import RolloutSim

@Suite("Uniform, exponential and normal distributions")
struct ContinuousDistributionTests {
    static let sampleCount = 200_000

    static func draws(_ name: String, _ sample: (inout SimRandom) -> Double) -> [Double] {
        var random = RandomStreams(seed: 2026).stream(named: StreamName("test/\(name)"))
        return (0..<sampleCount).map { _ in sample(&random) }
    }

    @Test("uniform(−3, 5) has mean 1 and variance 64/12")
    func uniformMoments() {
        // μ₄ of U(a, b) is (b − a)⁴/80.
        let uniform = UniformDistribution(lower: -3, upper: 5)
        let samples = Self.draws("uniform") { uniform.sample(using: &$0) }
        let moments = SampleMoments(samples)
        #expect(moments.meanMiss(expected: 1, variance: 64.0 / 12) == nil)
        #expect(moments.varianceMiss(expected: 64.0 / 12, fourthCentralMoment: 4096.0 / 80) == nil)
        #expect(samples.allSatisfy { $0 >= -3 && $0 < 5 })
    }

    @Test("exponential(rate 0.25) has mean 4 and variance 16")
    func exponentialMoments() {
        // μ₄ of Exp(λ) is 9/λ⁴.
        let exponential = ExponentialDistribution(rate: 0.25)
        let samples = Self.draws("exponential") { exponential.sample(using: &$0) }
        let moments = SampleMoments(samples)
        #expect(moments.meanMiss(expected: 4, variance: 16) == nil)
        #expect(moments.varianceMiss(expected: 16, fourthCentralMoment: 9 * 256) == nil)
        #expect(samples.allSatisfy { $0 >= 0 && $0.isFinite })
    }

    @Test("normal(10, 3) has mean 10 and variance 9")
    func normalMoments() {
        // μ₄ of N(μ, σ²) is 3σ⁴.
        let normal = NormalDistribution(mean: 10, standardDeviation: 3)
        let moments = SampleMoments(Self.draws("normal") { normal.sample(using: &$0) })
        #expect(moments.meanMiss(expected: 10, variance: 9) == nil)
        #expect(moments.varianceMiss(expected: 9, fourthCentralMoment: 3 * 81) == nil)
    }

    @Test("the normal quantile inverts the CDF to double precision")
    func normalQuantile() {
        #expect(abs(NormalDistribution.standardQuantile(0.99) - LogNormalDistribution.z99) < 1e-14)
        #expect(abs(NormalDistribution.standardQuantile(0.975) - 1.959963984540054) < 1e-14)
        #expect(NormalDistribution.standardQuantile(0.5) == 0)
        for p in [1e-300, 1e-12, 0.001, 0.1, 0.3, 0.5, 0.7, 0.9, 0.999] {
            let z = NormalDistribution.standardQuantile(p)
            let roundTrip = NormalDistribution.standardCDF(z)
            #expect(abs(roundTrip - p) <= 1e-13 * p, "p=\(p) z=\(z) Φ(z)=\(roundTrip)")
        }
    }

    @Test("the normal CDF matches known values")
    func normalCDF() {
        #expect(NormalDistribution.standardCDF(0) == 0.5)
        #expect(abs(NormalDistribution.standardCDF(1.959963984540054) - 0.975) < 1e-15)
        #expect(abs(NormalDistribution.standardCDF(-5) - 2.866515718791939e-7) < 1e-21)
        #expect(NormalDistribution(mean: 10, standardDeviation: 0).cumulativeProbability(10) == 1)
    }
}
