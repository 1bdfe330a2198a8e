import Testing
@testable import RolloutSim

/// Pinned outputs of the generator. The expected values were computed once with
/// an independent Python transcription of Vigna's reference `splitmix64.c` and
/// `xoshiro256starstar.c`; a change to either algorithm, or to how seeds are
/// expanded, changes every simulation and must fail here first.
@Suite("SimRandom")
struct SimRandomTests {
    @Test("SplitMix64 from seed 0 gives the reference sequence")
    func splitMixReferenceSequence() {
        var seeder = SplitMix64(seed: 0)
        let outputs = (0..<4).map { _ in seeder.next() }
        #expect(outputs == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test("xoshiro256** from state (1, 2, 3, 4) gives the reference sequence")
    func xoshiroReferenceSequence() {
        // 11520 = rotl(2·5, 7)·9, the first output straight from the algorithm's definition.
        var random = SimRandom(state: (1, 2, 3, 4))
        let outputs = (0..<4).map { _ in random.next() }
        #expect(outputs == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test("seed 0 gives pinned first outputs")
    func seedZeroOutputs() {
        var random = SimRandom(seed: 0)
        let outputs = (0..<5).map { _ in random.next() }
        #expect(outputs == [
            0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0,
            0x6AA5_94F1_262D_2D2C, 0xBBA5_AD4A_1F84_2E59,
        ])
    }

    @Test("seed 42 gives pinned first outputs")
    func seedFortyTwoOutputs() {
        var random = SimRandom(seed: 42)
        let outputs = (0..<5).map { _ in random.next() }
        #expect(outputs == [
            0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
            0xECB8_AD47_03B3_60A1, 0xFDE6_DC7F_E2EC_5E64,
        ])
    }

    @Test("the seed expands into four SplitMix64 outputs")
    func seedExpansion() {
        let random = SimRandom(seed: 42)
        #expect(random.s0 == 0xBDD7_3226_2FEB_6E95)
        #expect(random.s1 == 0x28EF_E333_B266_F103)
        #expect(random.s2 == 0x4752_6757_130F_9F52)
        #expect(random.s3 == 0x581C_E1FF_0E4A_E394)
    }

    @Test("a copied generator repeats the original's draws")
    func copyForks() {
        var original = SimRandom(seed: 7)
        _ = original.next()
        var copy = original
        #expect((0..<10).map { _ in original.next() } == (0..<10).map { _ in copy.next() })
    }

    @Test("nextDouble uses the top 53 bits")
    func nextDoubleMapping() {
        var random = SimRandom(seed: 42)
        var reference = random
        let bits = reference.next()
        #expect(random.nextDouble() == Double(bits >> 11) / 9_007_199_254_740_992)
        var excludingZero = SimRandom(seed: 42)
        #expect(excludingZero.nextDoubleExcludingZero() == Double((bits >> 11) + 1) / 9_007_199_254_740_992)
    }

    @Test("nextDouble stays in [0, 1) and nextDoubleExcludingZero in (0, 1]")
    func doubleRanges() {
        var random = SimRandom(seed: 3)
        for _ in 0..<10_000 {
            let u = random.nextDouble()
            #expect(u >= 0 && u < 1)
            let v = random.nextDoubleExcludingZero()
            #expect(v > 0 && v <= 1)
        }
    }

    @Test("nextInt(below:) hits every value of a small range about equally")
    func boundedIntegersAreUniform() {
        // 60,000 draws over 6 values: each count is Binomial(60000, 1/6), sd ≈ 91.3;
        // allow 5 sd around the expected 10,000.
        var random = SimRandom(seed: 11)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0..<60_000 { counts[Int(random.nextInt(below: 6))] += 1 }
        for count in counts { #expect(abs(count - 10_000) <= 457, "counts \(counts)") }
    }

    @Test("nextInt(below:) matches Lemire's multiply-high on a pinned draw")
    func lemireMapping() {
        var random = SimRandom(seed: 42)
        var reference = random
        let bits = reference.next()
        // 1000 is far from a power of two, but the low word only rarely falls
        // under the rejection threshold, so the first draw is the high word.
        let expected = bits.multipliedFullWidth(by: 1000).high
        #expect(random.nextInt(below: 1000) == expected)
    }

    @Test("nextInt(in:) covers a closed range including both ends")
    func closedRangeIntegers() {
        var random = SimRandom(seed: 5)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let value = random.nextInt(in: -2...2)
            #expect((-2...2).contains(value))
            seen.insert(value)
        }
        #expect(seen == [-2, -1, 0, 1, 2])
        #expect(random.nextInt(in: 9...9) == 9)
    }
}
