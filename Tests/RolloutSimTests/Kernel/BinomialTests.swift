import Foundation
import Testing
@testable import RolloutSim

struct BinomialCase: Sendable, CustomTestStringConvertible {
    let trials: Int
    let probability: Double
    var testDescription: String { "n=\(trials) p=\(probability)" }

    /// Inversion (n·p = 3 and 2), BTRS (n·p = 40,000) and BTRS behind the
    /// p > ½ mirror at n = 1e9.
    static let all: [BinomialCase] = [
        BinomialCase(trials: 10, probability: 0.3),
        BinomialCase(trials: 1000, probability: 0.002),
        BinomialCase(trials: 100_000, probability: 0.4),
        BinomialCase(trials: 1_000_000_000, probability: 0.7),
    ]
}

@Suite("BinomialDistribution")
struct BinomialTests {
    static let sampleCount = 100_000

    static func draw(_ testCase: BinomialCase) -> [Int] {
        var random = RandomStreams(seed: 2026).stream(named: StreamName("test/binomial/\(testCase.testDescription)"))
        let binomial = BinomialDistribution(trials: testCase.trials, probability: testCase.probability)
        return (0..<sampleCount).map { _ in binomial.sample(using: &random) }
    }

    @Test("sample mean and variance match n·p and n·p·q within 5 standard errors", arguments: BinomialCase.all)
    func moments(_ testCase: BinomialCase) {
        // For Binomial(n, p): σ² = npq and μ₄ = npq·(1 + 3(n − 2)pq).
        let n = Double(testCase.trials)
        let p = testCase.probability
        let variance = n * p * (1 - p)
        let moments = SampleMoments(Self.draw(testCase).map(Double.init))
        #expect(moments.meanMiss(expected: n * p, variance: variance) == nil)
        #expect(moments.varianceMiss(expected: variance, fourthCentralMoment: variance * (1 + 3 * (n - 2) * p * (1 - p))) == nil)
    }

    @Test("the samples follow the binomial pmf (χ² goodness of fit)", arguments: BinomialCase.all)
    func distribution(_ testCase: BinomialCase) {
        let samples = Self.draw(testCase)
        let n = Double(testCase.trials)
        let p = testCase.probability
        let spread = 12 * (n * p * (1 - p)).squareRoot() + 12
        let support = max(0, Int(n * p - spread))...min(testCase.trials, Int(n * p + spread))
        let fit = ChiSquareFit(samples: samples, support: support) {
            exp(binomialLogProbability($0, trials: testCase.trials, probability: p))
        }
        #expect(fit.passes, "χ²=\(fit.statistic) df=\(fit.degreesOfFreedom) bound=\(fit.bound)")
    }

    @Test("degenerate cases: n = 0, p = 0 and p = 1")
    func edges() {
        var random = SimRandom(seed: 1)
        #expect(BinomialDistribution(trials: 0, probability: 0.5).sample(using: &random) == 0)
        #expect(BinomialDistribution(trials: 1_000_000_000, probability: 0).sample(using: &random) == 0)
        #expect(BinomialDistribution(trials: 1_000_000_000, probability: 1).sample(using: &random) == 1_000_000_000)
        #expect(BinomialDistribution(trials: 7, probability: 1).sample(using: &random) == 7)
    }

    @Test("every draw lies in 0...n", arguments: [(1, 0.5), (3, 0.999), (40, 0.5), (25, 0.45), (1_000_000_000, 1e-9)])
    func support(trials: Int, probability: Double) {
        var random = SimRandom(seed: 99)
        let binomial = BinomialDistribution(trials: trials, probability: probability)
        for _ in 0..<5_000 {
            let draw = binomial.sample(using: &random)
            #expect(draw >= 0 && draw <= trials, "n=\(trials) p=\(probability) draw=\(draw)")
        }
    }

    @Test("BTRS's log ratio to the mode agrees with lgamma")
    func btrsLogRatio() {
        // ln f(k)/f(m) = ln m! + ln(n−m)! − ln k! − ln(n−k)! + (k−m)·ln(p/q).
        for (n, p) in [(100_000.0, 0.4), (1e9, 0.3), (25.0, 0.45)] {
            let constants = BTRSConstants(trials: n, probability: p)
            let m = constants.mode
            for k in [m - 30, m - 1, m, m + 1, m + 17] where k >= 0 && k <= n {
                let factorials: Double = logGamma(m + 1) + logGamma(n - m + 1) - logGamma(k + 1) - logGamma(n - k + 1)
                let odds: Double = (k - m) * log(p / (1 - p))
                let reference = factorials + odds
                let ours = constants.logRatioToMode(k, trials: n)
                // lgamma of 1e9 carries ~4e-6 of absolute rounding; ours is the precise side.
                #expect(abs(ours - reference) <= 1e-5, "n=\(n) p=\(p) k=\(k): \(ours) vs \(reference)")
            }
        }
    }
}
