import Foundation

/// The Poisson distribution with the given mean, sampled exactly for every mean.
///
/// Below ``inversionLimit`` it inverts the CDF by sequential search (one uniform
/// per draw, about `mean` steps). From there on it uses PTRS, "transformed
/// rejection with squeeze": Hörmann, "The transformed rejection method for
/// generating Poisson random variables", Insurance: Mathematics and Economics
/// 12(1), 1993. PTRS is exact (valid for mean >= 10) and costs about two
/// uniforms per draw whatever the mean, so a segment with a million requests
/// costs the same as one with ten. No normal approximation is used anywhere.
public struct PoissonDistribution: Hashable, Sendable {
    public let mean: Double

    /// Means below this use inversion, the rest PTRS.
    public static let inversionLimit = 30.0

    let method: Method

    enum Method: Hashable, Sendable {
        case zero
        /// e^(−mean), the probability of 0.
        case inversion(probabilityOfZero: Double)
        case transformedRejection(PTRSConstants)
    }

    /// - Precondition: `mean >= 0`, finite.
    public init(mean: Double) {
        precondition(mean >= 0 && mean.isFinite, "PoissonDistribution: mean must be finite and >= 0, got \(mean)")
        self.mean = mean
        if mean == 0 {
            method = .zero
        } else if mean < Self.inversionLimit {
            method = .inversion(probabilityOfZero: exp(-mean))
        } else {
            method = .transformedRejection(PTRSConstants(mean: mean))
        }
    }

    public var variance: Double { mean }

    /// One draw.
    ///
    /// - Complexity: O(mean) below ``inversionLimit``, O(1) expected above.
    public func sample(using random: inout SimRandom) -> Int {
        switch method {
        case .zero:
            return 0
        case .inversion(let probabilityOfZero):
            return Self.sampleByInversion(mean: mean, probabilityOfZero: probabilityOfZero, using: &random)
        case .transformedRejection(let constants):
            return constants.sample(mean: mean, using: &random)
        }
    }

    /// Bound on the search: P(X > 200) < 1e-100 for mean < 30, so reaching it
    /// means rounding left the summed CDF just below u; the draw is repeated,
    /// which conditions on an event of probability ~1e-16 and keeps it exact.
    static let inversionSearchLimit = 200

    static func sampleByInversion(mean: Double, probabilityOfZero: Double, using random: inout SimRandom) -> Int {
        while true {
            let u = random.nextDouble()
            var k = 0
            var probability = probabilityOfZero
            var cumulative = probability
            // P(X = k) = P(X = k−1)·mean/k; return the first k with u < F(k).
            while u >= cumulative && k < inversionSearchLimit {
                k += 1
                probability *= mean / Double(k)
                cumulative += probability
            }
            if k < inversionSearchLimit { return k }
        }
    }
}

/// The set-up of Hörmann's PTRS for one mean (names follow the paper).
struct PTRSConstants: Hashable, Sendable {
    let logMean: Double
    let b: Double
    let a: Double
    /// ln(1/α).
    let logInverseAlpha: Double
    /// Below this V the draw falls in the squeeze and is accepted outright.
    let vr: Double

    init(mean: Double) {
        precondition(mean >= 10, "PTRS is valid for mean >= 10")
        logMean = log(mean)
        b = 0.931 + 2.53 * mean.squareRoot()
        a = -0.059 + 0.02483 * b
        logInverseAlpha = log(1.1239 + 1.1328 / (b - 3.4))
        vr = 0.9277 - 3.6224 / (b - 2)
    }

    func sample(mean: Double, using random: inout SimRandom) -> Int {
        while true {
            let u = random.nextDouble() - 0.5
            let v = random.nextDouble()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            // Squeeze: inside this box the hat lies under the pmf.
            if us >= 0.07 && v <= vr { return Int(k) }
            // Outside the support, or in the hat's thin tails where it is loose.
            if k < 0 || (us < 0.013 && v > us) { continue }
            // Full test: v·(hat density) against the pmf, in logs.
            let lhs = log(v) + logInverseAlpha - log(a / (us * us) + b)
            let rhs = -mean + k * logMean - LogFactorial.of(k)
            if lhs <= rhs { return Int(k) }
        }
    }
}
