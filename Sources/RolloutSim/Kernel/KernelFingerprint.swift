/// A digest of draws from the generator and every distribution for `seed`, for
/// checking that two processes, machines or toolchains draw the same numbers.
///
/// The result reads `raw=… uniform=… exponential=… normal=… poisson=… binomial=…
/// multinomial=… lognormal=… streams=…`, each a 16-digit FNV-1a digest of that
/// part's draws (bit patterns for doubles), so a mismatch names the part that
/// changed. `rollout-sim debug random --seed N` prints it; a kernel test pins its
/// value for seed 42.
///
/// - Complexity: O(1): a fixed number of draws per part.
public func kernelFingerprint(seed: UInt64) -> String {
    let streams = RandomStreams(seed: seed)
    var parts: [(String, UInt64)] = []

    func digest(_ part: String, _ body: (inout SimRandom, inout StableHash) -> Void) {
        var random = streams.stream(named: StreamName("kernel/fingerprint/\(part)"))
        var hash = StableHash()
        body(&random, &hash)
        parts.append((part, hash.value))
    }

    let drawsPerPart = 64
    digest("raw") { random, hash in
        for _ in 0..<drawsPerPart { hash.combine(word: random.next()) }
        for bound: UInt64 in [1, 6, 1000, (1 << 40) + 7] { hash.combine(word: random.nextInt(below: bound)) }
    }
    digest("uniform") { random, hash in
        let uniform = UniformDistribution(lower: -3, upper: 5)
        for _ in 0..<drawsPerPart { hash.combine(word: uniform.sample(using: &random).bitPattern) }
    }
    digest("exponential") { random, hash in
        let exponential = ExponentialDistribution(rate: 0.25)
        for _ in 0..<drawsPerPart { hash.combine(word: exponential.sample(using: &random).bitPattern) }
    }
    digest("normal") { random, hash in
        let normal = NormalDistribution(mean: 10, standardDeviation: 3)
        for _ in 0..<drawsPerPart { hash.combine(word: normal.sample(using: &random).bitPattern) }
    }
    digest("poisson") { random, hash in
        // Means on both sides of the inversion/PTRS switch.
        for mean in [0.5, 3, 29, 31, 100, 5000, 1e7] {
            let poisson = PoissonDistribution(mean: mean)
            for _ in 0..<8 { hash.combine(word: UInt64(poisson.sample(using: &random))) }
        }
    }
    digest("binomial") { random, hash in
        // Inversion, BTRS and the p > ½ mirror.
        let cases: [(Int, Double)] = [(10, 0.3), (1000, 0.002), (100_000, 0.4), (1_000_000_000, 0.7)]
        for (trials, probability) in cases {
            let binomial = BinomialDistribution(trials: trials, probability: probability)
            for _ in 0..<8 { hash.combine(word: UInt64(binomial.sample(using: &random))) }
        }
    }
    digest("multinomial") { random, hash in
        let multinomial = MultinomialDistribution(weights: [0.5, 0.2, 0.0, 0.2, 0.1])
        for trials in [0, 7, 1000, 1_000_000] {
            for count in multinomial.sample(trials: trials, using: &random) { hash.combine(word: UInt64(count)) }
        }
    }
    digest("lognormal") { random, hash in
        let latency = LogNormalDistribution(p50: 120, p99: 900)
        for _ in 0..<drawsPerPart { hash.combine(word: latency.sample(using: &random).bitPattern) }
        for bound in [50.0, 120, 250, 900, 2000] { hash.combine(word: latency.probability(below: bound).bitPattern) }
        hash.combine(word: latency.quantile(0.9).bitPattern)
    }
    digest("streams") { _, hash in
        for name in ["", "a", "b", "pod/checkout-7d9f/traffic"] {
            hash.combine(word: RandomStreams.streamSeed(master: seed, name: StreamName(name)))
        }
    }

    return parts.map { name, value in "\(name)=\(hexDigits(value))" }.joined(separator: " ")
}

/// `value` as 16 lower-case hexadecimal digits.
private func hexDigits(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
