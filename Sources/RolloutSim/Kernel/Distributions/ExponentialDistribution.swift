import Foundation

/// The exponential distribution with the given rate (events per unit).
public struct ExponentialDistribution: Hashable, Sendable {
    public var rate: Double

    /// - Precondition: `rate > 0`, finite.
    public init(rate: Double) {
        precondition(rate > 0 && rate.isFinite, "ExponentialDistribution: rate must be positive, got \(rate)")
        self.rate = rate
    }

    public var mean: Double { 1 / rate }
    public var variance: Double { 1 / (rate * rate) }

    /// One draw by inversion, `-ln(u) / rate` with `u` in (0, 1] so the log is finite.
    ///
    /// - Complexity: O(1), one 64-bit draw.
    public func sample(using random: inout SimRandom) -> Double {
        -log(random.nextDoubleExcludingZero()) / rate
    }
}
