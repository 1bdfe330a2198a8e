/// The continuous uniform distribution on [lower, upper).
public struct UniformDistribution: Hashable, Sendable {
    public var lower: Double
    public var upper: Double

    /// - Precondition: `lower <= upper`, both finite.
    public init(lower: Double, upper: Double) {
        precondition(lower.isFinite && upper.isFinite && lower <= upper,
                     "UniformDistribution: need finite lower <= upper, got \(lower), \(upper)")
        self.lower = lower
        self.upper = upper
    }

    public var mean: Double { (lower + upper) / 2 }
    public var variance: Double { (upper - lower) * (upper - lower) / 12 }

    /// One draw: `lower + (upper - lower) * u` with `u` from ``SimRandom/nextDouble()``.
    ///
    /// - Complexity: O(1), one 64-bit draw.
    @inlinable
    public func sample(using random: inout SimRandom) -> Double {
        lower + (upper - lower) * random.nextDouble()
    }
}
