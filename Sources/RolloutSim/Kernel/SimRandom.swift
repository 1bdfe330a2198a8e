/// The simulator's random number generator: xoshiro256** seeded by SplitMix64.
///
/// Blackman and Vigna, "Scrambled linear pseudorandom number generators",
/// ACM Transactions on Mathematical Software 47(4), 2021 (xoshiro256** 1.0).
///
/// A value type: copying a `SimRandom` forks an identical sequence, and a stream
/// advances only through the `inout` it is passed by. It deliberately does not
/// conform to `RandomNumberGenerator`, so nobody can hand it to
/// `Int.random(in:using:)`, `shuffle(using:)` or `Double.random(in:using:)`,
/// whose algorithms belong to the standard library and may change between Swift
/// releases. Every mapping from bits to numbers is our own code, below and in
/// `Distributions/`.
///
///     var random = SimRandom(seed: 42)
///     let u = random.nextDouble()          // in [0, 1)
///     let die = random.nextInt(below: 6)   // in 0..<6
public struct SimRandom: Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose 256-bit state is four successive SplitMix64
    /// outputs from `seed`, as the xoshiro authors recommend. SplitMix64 never
    /// yields four zeros in a row, so the state is never all zero.
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// Creates a generator from a raw state, for checking the reference vectors.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "SimRandom: the all-zero state is a fixed point")
        (s0, s1, s2, s3) = state
    }

    /// Returns the next 64 random bits.
    ///
    /// - Complexity: O(1)
    @inlinable
    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotateLeft(s3, by: 45)
        return result
    }

    @inlinable
    static func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
