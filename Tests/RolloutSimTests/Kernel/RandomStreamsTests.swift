import Testing
@testable import RolloutSim

@Suite("RandomStreams")
struct RandomStreamsTests {
    @Test("FNV-1a 64 matches the published test vectors")
    func fnvVectors() {
        #expect(StableHash.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(StableHash.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StableHash.fnv1a("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test("a stream's seed is FNV-1a over the master seed's little-endian bytes then the name")
    func pinnedStreamSeed() {
        #expect(RandomStreams.streamSeed(master: 42, name: "a") == 0x3AE0_CB2F_5F3E_5F4A)
    }

    @Test("a named stream's first draws are pinned")
    func pinnedStreamDraws() {
        // Computed once by the Python transcription of FNV-1a, SplitMix64 and xoshiro256**.
        var traffic = RandomStreams(seed: 42).stream(named: "pod/checkout-7d9f/traffic")
        #expect((0..<3).map { _ in traffic.next() } == [0x2F08_1E10_7DF7_80DF, 0x1B29_971D_CADC_872E, 0xBC0E_2E6A_F4B0_C07E])
    }

    @Test("stream a draws the same whether or not stream b exists and is used")
    func streamIndependence() {
        let streams = RandomStreams(seed: 42)
        var alone = streams.stream(named: "a")
        let drawsAlone = (0..<100).map { _ in alone.next() }

        var a = streams.stream(named: "a")
        var b = streams.stream(named: "b")
        var interleaved: [UInt64] = []
        for _ in 0..<100 {
            _ = b.next()
            interleaved.append(a.next())
            _ = b.next()
        }
        #expect(interleaved == drawsAlone)
        // The two streams are not the same sequence.
        var freshB = streams.stream(named: "b")
        #expect((0..<100).map { _ in freshB.next() } != drawsAlone)
    }

    @Test("similar names and nearby master seeds give different streams")
    func distinctSeeds() {
        let names: [StreamName] = ["pod/a/traffic", "pod/b/traffic", "pod/a/startup", "pod/a/traffic ", ""]
        var seeds = Set<UInt64>()
        for master: UInt64 in 0..<4 {
            for name in names { seeds.insert(RandomStreams.streamSeed(master: master, name: name)) }
        }
        #expect(seeds.count == 20)
    }

    @Test("asking for the same name twice restarts the same stream")
    func sameNameSameStream() {
        let streams = RandomStreams(seed: 9)
        var first = streams.stream(named: "x")
        var second = streams.stream(named: "x")
        #expect(first.next() == second.next())
    }
}
