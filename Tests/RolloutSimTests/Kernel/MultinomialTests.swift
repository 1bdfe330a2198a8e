import Testing
@testable import RolloutSim

@Suite("MultinomialDistribution")
struct MultinomialTests {
    /// Latency-bucket-like weights, with an empty category in the middle and a
    /// zero-weight last category (the remainder must not land there).
    static let weights: [Double] = [5, 2, 0, 2.5, 0.5, 0]

    @Test("category counts always sum to the number of trials")
    func sumsAreExact() {
        var random = SimRandom(seed: 8)
        let multinomial = MultinomialDistribution(weights: Self.weights)
        for trials in [0, 1, 2, 17, 1000, 123_456_789, 1_000_000_000] {
            for _ in 0..<200 {
                let counts = multinomial.sample(trials: trials, using: &random)
                #expect(counts.reduce(0, +) == trials, "trials=\(trials) counts=\(counts)")
                #expect(counts[2] == 0 && counts[5] == 0, "zero-weight category got draws: \(counts)")
                #expect(counts.allSatisfy { $0 >= 0 })
            }
        }
    }

    @Test("each category's mean and variance match its Binomial(n, pᵢ) marginal", arguments: [40, 100_000])
    func marginalMoments(trials: Int) {
        // Marginally each count is Binomial(n, pᵢ): σ² = npᵢqᵢ, μ₄ = npq(1 + 3(n − 2)pq).
        let sampleCount = 40_000
        var random = RandomStreams(seed: 2026).stream(named: StreamName("test/multinomial/\(trials)"))
        let multinomial = MultinomialDistribution(weights: Self.weights)
        var columns = [[Double]](repeating: [], count: Self.weights.count)
        var buffer = [Int](repeating: 0, count: Self.weights.count)
        for _ in 0..<sampleCount {
            multinomial.sample(trials: trials, into: &buffer, using: &random)
            for index in buffer.indices { columns[index].append(Double(buffer[index])) }
        }
        let n = Double(trials)
        for (index, p) in multinomial.probabilities.enumerated() where p > 0 {
            let variance = n * p * (1 - p)
            let moments = SampleMoments(columns[index])
            #expect(moments.meanMiss(expected: n * p, variance: variance) == nil, "category \(index)")
            #expect(moments.varianceMiss(expected: variance, fourthCentralMoment: variance * (1 + 3 * (n - 2) * p * (1 - p))) == nil,
                    "category \(index)")
        }
    }

    @Test("weights are normalised and conditional probabilities end at exactly 1")
    func normalisation() {
        let multinomial = MultinomialDistribution(weights: Self.weights)
        #expect(multinomial.probabilities == [0.5, 0.2, 0, 0.25, 0.05, 0])
        #expect(multinomial.conditionalProbabilities[4] == 1)
        #expect(multinomial.means(trials: 100) == [50, 20, 0, 25, 5, 0])
    }
}
