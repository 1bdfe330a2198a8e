import Foundation
@testable import RolloutSim

/// Pearson's χ² goodness of fit of integer samples against a pmf.
///
/// Values are grouped into consecutive bins, each closed once its expected count
/// reaches 20, with both tails folded into the end bins, so the χ² approximation
/// holds. Under the null the statistic has mean `df` and variance `2·df`; the test
/// bound `df + 5·√(2·df)` is a generous one-sided 5 sd (the χ² right tail is a
/// little heavier than the normal's, so the false-alarm rate is ~1e-5, still
/// negligible with fixed seeds).
struct ChiSquareFit {
    let statistic: Double
    let degreesOfFreedom: Int

    init(samples: [Int], support: ClosedRange<Int>, probability: (Int) -> Double) {
        let n = Double(samples.count)
        var observedByValue: [Int: Int] = [:]
        for sample in samples { observedByValue[sample, default: 0] += 1 }

        var bins: [(expected: Double, observed: Int)] = []
        var expected = 0.0
        var observed = 0
        for value in support {
            expected += n * probability(value)
            observed += observedByValue[value] ?? 0
            if expected >= 20 {
                bins.append((expected, observed))
                expected = 0
                observed = 0
            }
        }
        // Fold the remainder and everything outside `support` into the last bin.
        let outside = samples.count - bins.reduce(0) { $0 + $1.observed } - observed
        if var last = bins.popLast() {
            let totalExpected = bins.reduce(0) { $0 + $1.expected } + last.expected + expected
            last.expected += expected + (n - totalExpected)
            last.observed += observed + outside
            bins.append(last)
        }
        statistic = bins.reduce(0) { $0 + ($1.expected - Double($1.observed)) * ($1.expected - Double($1.observed)) / $1.expected }
        degreesOfFreedom = bins.count - 1
    }

    var bound: Double { Double(degreesOfFreedom) + 5 * (2 * Double(degreesOfFreedom)).squareRoot() }
    var passes: Bool { degreesOfFreedom >= 1 && statistic <= bound }
}

/// ln Γ(x) from Foundation (glibc or Darwin libm), the independent reference
/// the pmf checks use.
func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
}

/// ln P(X = k) for the Poisson distribution, from Foundation's `lgamma`: an
/// independent computation, not the sampler's own Stirling series.
func poissonLogProbability(_ k: Int, mean: Double) -> Double {
    -mean + Double(k) * log(mean) - logGamma(Double(k) + 1)
}

/// ln P(X = k) for the binomial distribution, from Foundation's `lgamma`.
func binomialLogProbability(_ k: Int, trials: Int, probability: Double) -> Double {
    let n = Double(trials)
    let kk = Double(k)
    return logGamma(n + 1) - logGamma(kk + 1) - logGamma(n - kk + 1)
        + kk * log(probability) + (n - kk) * log1p(-probability)
}
