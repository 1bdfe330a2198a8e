/// FNV-1a, 64-bit: a fixed, documented hash for deriving stream seeds.
///
/// Fowler, Noll and Vo; parameters from the IETF draft
/// "The FNV Non-Cryptographic Hash Algorithm" (draft-eastlake-fnv, 2019).
/// Swift's `Hasher` is seeded differently in every process, so it must never
/// feed a seed, a digest or anything stored; this hash gives the same value on
/// every machine, in every process, with every toolchain.
struct StableHash: Sendable {
    static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    private(set) var value: UInt64 = StableHash.offsetBasis

    mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* Self.prime
    }

    mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { combine(byte: byte) }
    }

    /// Feeds the 8 bytes of `word`, least significant first, so the result does
    /// not depend on the machine's byte order.
    mutating func combine(word: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) {
            combine(byte: UInt8(truncatingIfNeeded: word >> UInt64(shift)))
        }
    }

    /// FNV-1a of a string's UTF-8 bytes.
    static func fnv1a(_ string: String) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes: string.utf8)
        return hash.value
    }
}
