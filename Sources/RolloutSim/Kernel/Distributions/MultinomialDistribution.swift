/// The multinomial distribution over a fixed list of categories: how `trials`
/// independent draws fall into categories with the given probabilities.
///
/// Sampled by conditional binomials in category order (Davis, "The computer
/// generation of multinomial random variates", Computational Statistics & Data
/// Analysis 16, 1993): category i receives Binomial(remaining, pᵢ / Σⱼ≥ᵢ pⱼ).
/// The order is the caller's, fixed, so draws are reproducible; the cost is one
/// binomial per category, independent of `trials`.
public struct MultinomialDistribution: Hashable, Sendable {
    /// The normalised category probabilities, in the caller's order.
    public let probabilities: [Double]
    /// pᵢ / Σⱼ≥ᵢ pⱼ; exactly 1 at the last category with positive weight, so the
    /// remaining trials always land there and category sums are exact.
    let conditionalProbabilities: [Double]

    /// - Parameter weights: non-negative, finite, not all zero; normalised here.
    public init(weights: [Double]) {
        precondition(!weights.isEmpty, "MultinomialDistribution: need at least one category")
        precondition(weights.allSatisfy { $0 >= 0 && $0.isFinite },
                     "MultinomialDistribution: weights must be finite and >= 0")
        // Suffix sums from the last category down: a fixed summation order.
        var suffixSums = [Double](repeating: 0, count: weights.count)
        var running = 0.0
        for index in weights.indices.reversed() {
            running += weights[index]
            suffixSums[index] = running
        }
        let total = running
        precondition(total > 0, "MultinomialDistribution: weights must not all be zero")
        probabilities = weights.map { $0 / total }
        conditionalProbabilities = weights.indices.map { index in
            suffixSums[index] > 0 ? min(1, weights[index] / suffixSums[index]) : 0
        }
    }

    public var categoryCount: Int { probabilities.count }

    /// The expected count of each category for `trials` draws.
    public func means(trials: Int) -> [Double] {
        probabilities.map { Double(trials) * $0 }
    }

    /// The variance of each category's count for `trials` draws.
    public func variances(trials: Int) -> [Double] {
        probabilities.map { Double(trials) * $0 * (1 - $0) }
    }

    /// One draw: the count per category, summing to `trials` exactly.
    ///
    /// - Complexity: O(categories) expected binomial draws.
    public func sample(trials: Int, using random: inout SimRandom) -> [Int] {
        var counts = [Int](repeating: 0, count: categoryCount)
        sample(trials: trials, into: &counts, using: &random)
        return counts
    }

    /// One draw into a caller-owned buffer, so hot paths can reuse its storage.
    ///
    /// - Precondition: `counts.count == categoryCount`, `trials >= 0`.
    /// - Complexity: O(categories) expected binomial draws.
    public func sample(trials: Int, into counts: inout [Int], using random: inout SimRandom) {
        precondition(counts.count == categoryCount, "MultinomialDistribution: buffer has \(counts.count) slots")
        precondition(trials >= 0, "MultinomialDistribution: trials must be >= 0, got \(trials)")
        var remaining = trials
        for index in conditionalProbabilities.indices {
            guard remaining > 0 else {
                counts[index] = 0
                continue
            }
            let draw = BinomialDistribution(trials: remaining, probability: conditionalProbabilities[index])
                .sample(using: &random)
            counts[index] = draw
            remaining -= draw
        }
        precondition(remaining == 0, "MultinomialDistribution: \(remaining) trials left unassigned")
    }
}
