import Foundation

/// The normal distribution N(mean, standardDeviation²), with its CDF and quantile.
public struct NormalDistribution: Hashable, Sendable {
    public var mean: Double
    public var standardDeviation: Double

    /// - Precondition: `standardDeviation >= 0`, both finite.
    public init(mean: Double, standardDeviation: Double) {
        precondition(mean.isFinite && standardDeviation.isFinite && standardDeviation >= 0,
                     "NormalDistribution: need finite mean and standardDeviation >= 0")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    public static let standard = NormalDistribution(mean: 0, standardDeviation: 1)

    public var variance: Double { standardDeviation * standardDeviation }

    /// One draw.
    ///
    /// - Complexity: O(1) expected: 2·4/π ≈ 2.55 64-bit draws.
    public func sample(using random: inout SimRandom) -> Double {
        mean + standardDeviation * Self.standardSample(using: &random)
    }

    /// One standard normal draw by Marsaglia's polar method: Marsaglia and Bray,
    /// "A convenient method for generating normal variables", SIAM Review 6(3), 1964.
    ///
    /// The method yields two independent normals; we keep one and drop the other
    /// so that samplers stay stateless values and a stream's consumption per draw
    /// does not depend on what was drawn before.
    static func standardSample(using random: inout SimRandom) -> Double {
        while true {
            let x = 2 * random.nextDouble() - 1
            let y = 2 * random.nextDouble() - 1
            let s = x * x + y * y
            if s < 1 && s > 0 {
                return x * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// P(X <= x).
    public func cumulativeProbability(_ x: Double) -> Double {
        guard standardDeviation > 0 else { return x >= mean ? 1 : 0 }
        return Self.standardCDF((x - mean) / standardDeviation)
    }

    /// The value below which a fraction `p` of the distribution lies.
    ///
    /// - Precondition: `0 < p < 1`.
    public func quantile(_ p: Double) -> Double {
        mean + standardDeviation * Self.standardQuantile(p)
    }

    /// Φ(z) = erfc(−z/√2) / 2. Using erfc rather than 1 + erf keeps full relative
    /// precision in the lower tail.
    public static func standardCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Φ⁻¹(p): a starting point from Abramowitz and Stegun 26.2.23 (|error| <
    /// 4.5e-4), then Halley steps on Φ(z) − p, each of which roughly triples the
    /// number of correct digits; three bring it to double precision. Halley's
    /// refinement for this problem is the one Acklam (2003) recommends.
    ///
    /// - Precondition: `0 < p < 1`.
    public static func standardQuantile(_ p: Double) -> Double {
        precondition(p > 0 && p < 1, "NormalDistribution.standardQuantile: p must be in (0, 1), got \(p)")
        // The median is exactly 0 by symmetry; the iteration would leave ~1e-18.
        if p == 0.5 { return 0 }
        // Work in the lower tail, where Φ via erfc is precise, and mirror.
        if p > 0.5 { return -lowerTailQuantile(1 - p) }
        return lowerTailQuantile(p)
    }

    /// Φ⁻¹(p) for 0 < p <= 0.5.
    private static func lowerTailQuantile(_ p: Double) -> Double {
        // Abramowitz and Stegun 26.2.23, for the upper-tail probability p.
        let t = (-2 * log(p)).squareRoot()
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var z = -(t - numerator / denominator)
        let sqrtTwoPi = (2 * Double.pi).squareRoot()
        for _ in 0..<3 {
            let error = standardCDF(z) - p
            let u = error * sqrtTwoPi * exp(z * z / 2)
            z -= u / (1 + z * u / 2)
        }
        return z
    }
}
