import Foundation

/// ln(k!) through Stirling's series, shared by the Poisson and binomial
/// rejection samplers. Our own code rather than `lgamma`, so the acceptance test
/// does not depend on the platform's libm beyond `log`.
enum LogFactorial {
    /// ½·ln(2π).
    static let halfLogTwoPi = 0.91893853320467274178

    /// fc(k) = ln(k!) − [(k + ½)·ln(k + 1) − (k + 1) + ½·ln(2π)], the tail of
    /// Stirling's series written around k + 1 as in Hörmann's BTRS (1993).
    /// Exact values for k < 10, where the series converges slowly.
    static let smallTails: [Double] = [
        0.08106146679532733, 0.04134069595540946, 0.027677925684997717,
        0.02079067210376584, 0.01664469118982126, 0.013876128823072875,
        0.011896709945893313, 0.010411265261973668, 0.00925546218270945,
        0.008330563433359472,
    ]

    /// fc(k) for k >= 0; for k >= 10 the series 1/(12n) − 1/(360n³) + 1/(1260n⁵)
    /// − 1/(1680n⁷), n = k + 1. Its first omitted term, 1/(1188n⁹), is below 4e-13
    /// at k = 10; Hörmann's three-term version leaves 3e-11 there.
    static func stirlingTail(_ k: Double) -> Double {
        if k < 10 { return smallTails[Int(k)] }
        let n = k + 1
        let n2 = n * n
        return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - 1.0 / 1680 / n2) / n2) / n2) / n
    }

    /// ln(k!) for an integer-valued k >= 0.
    static func of(_ k: Double) -> Double {
        (k + 0.5) * log(k + 1) - (k + 1) + halfLogTwoPi + stirlingTail(k)
    }
}
