/// The name of an independent random stream, such as `"pod/checkout-7d9f/traffic"`.
///
/// Names are the stream's identity: the same master seed and name always give
/// the same draws, whatever other streams exist.
public struct StreamName: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public var rawValue: String

    public init(_ rawValue: String) {
        self.rawValue = rawValue
    }

    public init(stringLiteral value: String) {
        self.rawValue = value
    }

    public var description: String { rawValue }
}

/// A master seed split into independent named streams.
///
///     let streams = RandomStreams(seed: 42)
///     var traffic = streams.stream(named: "pod/checkout-7d9f/traffic")
///     var startup = streams.stream(named: "pod/checkout-7d9f/startup")
///
/// `stream(named:)` is a pure function of the master seed and the name: it
/// holds no counter and no registry, so creating or drawing from one stream can
/// never change another's draws, and adding a metric does not change the traffic
/// that pods see (DESIGN §3). The caller keeps the returned `SimRandom` and
/// passes it `inout`; asking for the same name twice restarts that stream.
public struct RandomStreams: Hashable, Sendable {
    /// The run's master seed.
    public var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The generator for the stream `name`.
    ///
    /// Its seed is FNV-1a 64 over the master seed (8 bytes, little-endian) then
    /// the name's UTF-8 bytes; `SimRandom(seed:)` then expands it through
    /// SplitMix64, whose mixing makes streams with similar names unrelated.
    ///
    /// - Complexity: O(length of the name)
    public func stream(named name: StreamName) -> SimRandom {
        SimRandom(seed: Self.streamSeed(master: seed, name: name))
    }

    /// The 64-bit seed of stream `name` under master seed `master`.
    static func streamSeed(master: UInt64, name: StreamName) -> UInt64 {
        var hash = StableHash()
        hash.combine(word: master)
        hash.combine(bytes: name.rawValue.utf8)
        return hash.value
    }
}
