// Mapping raw bits to doubles and bounded integers. These are our own code, not
// the standard library's `random(in:using:)`, so a toolchain update can never
// change a simulation's draws.

extension SimRandom {
    /// 2^-53: the spacing of doubles in [0.5, 1) and so the resolution of
    /// `nextDouble()`.
    @usableFromInline static var unitSpacing: Double { 0x1.0p-53 }

    /// A double uniformly distributed in [0, 1), on the grid k·2^-53.
    ///
    /// Uses the top 53 bits, the mantissa width, because the low bits of
    /// xoshiro256** are the weakest (Vigna's recommended conversion).
    ///
    /// - Complexity: O(1)
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * Self.unitSpacing
    }

    /// A double uniformly distributed in (0, 1]: safe to pass to `log`.
    ///
    /// - Complexity: O(1)
    @inlinable
    public mutating func nextDoubleExcludingZero() -> Double {
        Double((next() >> 11) + 1) * Self.unitSpacing
    }

    /// An integer uniformly distributed in `0..<bound`, without modulo bias.
    ///
    /// Lemire, "Fast random integer generation in an interval", ACM Transactions
    /// on Modeling and Computer Simulation 29(1), 2019: multiply into 128 bits,
    /// take the high word, and reject the few low words that would bias it.
    ///
    /// - Precondition: `bound > 0`.
    /// - Complexity: O(1) expected (fewer than two draws).
    @inlinable
    public mutating func nextInt(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "SimRandom.nextInt(below:): bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // 2^64 mod bound, computed without 128-bit arithmetic.
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }

    /// An integer uniformly distributed in `range`.
    ///
    /// - Complexity: O(1) expected.
    @inlinable
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        // The width as UInt64 wraps correctly even for ranges wider than Int.max.
        let width = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound))
        if width == UInt64.max {
            return Int(Int64(bitPattern: next()))
        }
        let offset = nextInt(below: width + 1)
        return range.lowerBound &+ Int(Int64(bitPattern: offset))
    }

    /// `true` with probability `probability` (clamped to [0, 1]).
    ///
    /// - Complexity: O(1)
    @inlinable
    public mutating func nextBool(probability: Double) -> Bool {
        nextDouble() < probability
    }
}
