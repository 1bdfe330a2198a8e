import Foundation

/// The binomial distribution: successes in `trials` independent trials of
/// probability `probability`, sampled exactly for n up to ~1e15.
///
/// For p > ½ it samples failures with 1 − p and returns n minus them, so the
/// methods below only see p <= ½. With n·p < ``inversionLimit`` it inverts the
/// CDF by sequential search; otherwise it uses BTRS, "transformed rejection with
/// squeeze": Hörmann, "The generation of binomial random variates", Journal of
/// Statistical Computation and Simulation 46, 1993. BTRS is exact for n·p >= 10
/// and costs O(1) expected draws whatever n is.
public struct BinomialDistribution: Hashable, Sendable {
    public let trials: Int
    public let probability: Double

    /// n·min(p, 1−p) below this uses inversion, the rest BTRS.
    public static let inversionLimit = 10.0

    let method: Method
    /// Whether draws count failures (p > ½) and must be mirrored.
    let isMirrored: Bool

    enum Method: Hashable, Sendable {
        case constant(Int)
        /// q^n, the probability of 0 successes, and p/q.
        case inversion(probabilityOfZero: Double, odds: Double)
        case transformedRejection(BTRSConstants)
    }

    /// - Precondition: `trials >= 0`; `probability` in [0, 1].
    public init(trials: Int, probability: Double) {
        precondition(trials >= 0, "BinomialDistribution: trials must be >= 0, got \(trials)")
        precondition(probability >= 0 && probability <= 1,
                     "BinomialDistribution: probability must be in [0, 1], got \(probability)")
        self.trials = trials
        self.probability = probability
        isMirrored = probability > 0.5
        let p = isMirrored ? 1 - probability : probability
        let n = Double(trials)
        if trials == 0 || p == 0 {
            method = .constant(0)
        } else if n * p < Self.inversionLimit {
            // q^n as exp(n·log1p(−p)) keeps precision for tiny p and huge n.
            method = .inversion(probabilityOfZero: exp(n * log1p(-p)), odds: p / (1 - p))
        } else {
            method = .transformedRejection(BTRSConstants(trials: n, probability: p))
        }
    }

    public var mean: Double { Double(trials) * probability }
    public var variance: Double { Double(trials) * probability * (1 - probability) }

    /// One draw.
    ///
    /// - Complexity: O(n·p) below ``inversionLimit``, O(1) expected above.
    public func sample(using random: inout SimRandom) -> Int {
        let draw: Int
        switch method {
        case .constant(let value):
            draw = value
        case .inversion(let probabilityOfZero, let odds):
            draw = Self.sampleByInversion(trials: trials, probabilityOfZero: probabilityOfZero,
                                          odds: odds, using: &random)
        case .transformedRejection(let constants):
            draw = constants.sample(trials: Double(trials), using: &random)
        }
        return isMirrored ? trials - draw : draw
    }

    /// Bound on the search: with n·p < 10, P(X > 200) < 1e-100, so reaching it
    /// means rounding left the summed CDF just below u, and the draw is repeated.
    static let inversionSearchLimit = 200

    static func sampleByInversion(trials: Int, probabilityOfZero: Double, odds: Double,
                                  using random: inout SimRandom) -> Int {
        let limit = min(trials, inversionSearchLimit)
        while true {
            let u = random.nextDouble()
            var k = 0
            var probability = probabilityOfZero
            var cumulative = probability
            // P(X = k+1) = P(X = k)·(n − k)/(k + 1)·p/q.
            while u >= cumulative && k < limit {
                probability *= odds * Double(trials - k) / Double(k + 1)
                k += 1
                cumulative += probability
            }
            if u < cumulative { return k }
        }
    }
}

/// The set-up of Hörmann's BTRS for one (n, p) with p <= ½ (names follow the paper).
struct BTRSConstants: Hashable, Sendable {
    let probability: Double
    let a: Double
    let b: Double
    let c: Double
    let vr: Double
    let alpha: Double
    /// The mode, ⌊(n + 1)p⌋.
    let mode: Double

    init(trials n: Double, probability p: Double) {
        precondition(p <= 0.5 && n * p >= 10, "BTRS is valid for p <= 0.5 and n·p >= 10")
        let q = 1 - p
        let spq = (n * p * q).squareRoot()
        probability = p
        b = 1.15 + 2.53 * spq
        a = -0.0873 + 0.0248 * b + 0.01 * p
        c = n * p + 0.5
        vr = 0.92 - 4.2 / b
        alpha = (2.83 + 5.1 / b) * spq
        mode = ((n + 1) * p).rounded(.down)
    }

    func sample(trials n: Double, using random: inout SimRandom) -> Int {
        while true {
            let u = random.nextDouble() - 0.5
            let v = random.nextDouble()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            // Squeeze: inside this box the hat lies under the pmf.
            if us >= 0.07 && v <= vr { return Int(k) }
            if k < 0 || k > n { continue }
            // Full test: ln(v·α/(a/us² + b)) <= ln(f(k)/f(m)), where
            // ln(f(k)/f(m)) = ln m! + ln(n−m)! − ln k! − ln(n−k)! + (k − m)·ln(p/q).
            // Written with Stirling's series around k + 1 (as in the paper's step
            // 3.1) so that huge n loses no precision to cancelling factorials.
            let lhs = log(v * alpha / (a / (us * us) + b))
            if lhs <= logRatioToMode(k, trials: n) { return Int(k) }
        }
    }

    /// ln(f(k)/f(m)) for the mode m; the Stirling terms −(j+1) and ½·ln(2π) cancel.
    ///
    /// Each logarithm's argument is close to 1 near the mode and is multiplied by
    /// a number of order n, so each is computed as log1p of a small quantity
    /// formed without cancellation: for n = 1e9 the plain logs would leave an
    /// error of ~1e-6 in the acceptance bound, these leave ~1e-8.
    func logRatioToMode(_ k: Double, trials n: Double) -> Double {
        let m = mode
        let p = probability
        let q = 1 - p
        // ln((m+1)/(r·(n−m+1))), r = p/q: (m+1)q − p(n−m+1) = m + 1 − p(n+2).
        let atMode = log1p((m + 1 - p * (n + 2)) / (p * (n - m + 1)))
        // ln((n−m+1)/(n−k+1)).
        let middle = log1p((k - m) / (n - k + 1))
        // ln(r·(n−k+1)/(k+1)): p(n−k+1) − q(k+1) = p(n+2) − k − 1.
        let atK = log1p((p * (n + 2) - k - 1) / (q * (k + 1)))
        return (m + 0.5) * atMode
            + (n + 1) * middle
            + (k + 0.5) * atK
            + LogFactorial.stirlingTail(m) + LogFactorial.stirlingTail(n - m)
            - LogFactorial.stirlingTail(k) - LogFactorial.stirlingTail(n - k)
    }
}
