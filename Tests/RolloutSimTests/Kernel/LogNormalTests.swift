import Foundation
import Testing
@testable import RolloutSim

@Suite("LogNormalDistribution")
struct LogNormalTests {
    static let sampleCount = 200_000
    static let latency = LogNormalDistribution(p50: 120, p99: 900)

    static func draws() -> [Double] {
        var random = RandomStreams(seed: 2026).stream(named: "test/lognormal")
        return (0..<sampleCount).map { _ in latency.sample(using: &random) }
    }

    @Test("fitting through p50 and p99 gives mu = ln p50 and sigma = ln(p99/p50)/z₀.₉₉")
    func fit() {
        #expect(Self.latency.mu == log(120.0))
        #expect(abs(Self.latency.sigma - log(900.0 / 120) / 2.3263478740408408) < 1e-15)
        #expect(abs(Self.latency.quantile(0.5) - 120) < 1e-9)
        #expect(abs(Self.latency.quantile(0.99) - 900) < 1e-9)
        #expect(abs(Self.latency.probability(below: 120) - 0.5) < 1e-15)
        #expect(abs(Self.latency.probability(below: 900) - 0.99) < 1e-14)
        #expect(Self.latency.probability(below: 0) == 0)
        #expect(Self.latency.probability(below: -1) == 0)
    }

    @Test("the share of samples below the fitted p50 and p99 is 0.5 and 0.99")
    func sampleQuantiles() {
        // The count below x is Binomial(n, F(x)), so the share has SE √(F(1−F)/n):
        // 0.0011 at p50 and 0.00022 at p99 for n = 200,000; allow 5 SE.
        let samples = Self.draws()
        let n = Double(samples.count)
        for (quantile, p) in [(120.0, 0.5), (900.0, 0.99)] {
            let share = Double(samples.filter { $0 <= quantile }.count) / n
            #expect(abs(share - p) <= 5 * (p * (1 - p) / n).squareRoot(), "share below \(quantile) = \(share)")
        }
        // The sorted sample's p50 and p99 sit near the fitted quantiles: by the
        // delta method SE(x̂ₚ) = √(p(1−p)/n)/f(xₚ), with f the log-normal density.
        let sorted = samples.sorted()
        for (p, fitted) in [(0.5, 120.0), (0.99, 900.0)] {
            let estimate = sorted[Int(p * n)]
            let z = (log(fitted) - Self.latency.mu) / Self.latency.sigma
            let density = exp(-z * z / 2) / (fitted * Self.latency.sigma * (2 * Double.pi).squareRoot())
            let standardError = (p * (1 - p) / n).squareRoot() / density
            #expect(abs(estimate - fitted) <= 5 * standardError, "p\(p): \(estimate) vs \(fitted) ± \(5 * standardError)")
        }
    }

    @Test("ln of the samples has mean mu and variance sigma²")
    func logMoments() {
        let sigma = Self.latency.sigma
        let moments = SampleMoments(Self.draws().map { log($0) })
        #expect(moments.meanMiss(expected: Self.latency.mu, variance: sigma * sigma) == nil)
        #expect(moments.varianceMiss(expected: sigma * sigma, fourthCentralMoment: 3 * pow(sigma, 4)) == nil)
    }

    @Test("bucket probabilities are increasing and sum with the +Inf bucket to 1")
    func bucketSplit() {
        let bounds: [Double] = [50, 100, 250, 500, 1000, 2500]
        let cumulative = bounds.map { Self.latency.probability(below: $0) }
        #expect(zip(cumulative, cumulative.dropFirst()).allSatisfy { $0 < $1 })
        let perBucket = zip(cumulative, [0] + cumulative).map { $0 - $1 } + [1 - cumulative.last!]
        #expect(abs(perBucket.reduce(0, +) - 1) < 1e-15)
    }

    @Test("p50 equal to p99 is a point mass")
    func pointMass() {
        var random = SimRandom(seed: 1)
        let constant = LogNormalDistribution(p50: 40, p99: 40)
        #expect(constant.sigma == 0)
        #expect(abs(constant.sample(using: &random) - 40) < 1e-12)
        #expect(constant.probability(below: 39.9) == 0)
        #expect(constant.probability(below: 40.1) == 1)
    }
}
