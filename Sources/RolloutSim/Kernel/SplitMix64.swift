/// SplitMix64, the generator Vigna recommends for seeding xoshiro: each output
/// is a well-mixed function of a counter, so nearby seeds give unrelated states.
///
/// Steele, Lea and Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014; constants as in Vigna's reference `splitmix64.c` (2015).
struct SplitMix64: Sendable {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// Advances the counter by the golden-ratio increment and returns its mix.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function (a variant of MurmurHash3's finaliser).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
