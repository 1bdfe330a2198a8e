import Benchmark
import RolloutSim

// Kernel hot paths. DESIGN §5 puts the event queue and one Poisson, one binomial
// and one multinomial per pod segment on the simulation's critical path; the
// issue asks for at least 5 million queue push+pop pairs per second in release.
//
// Envelope: a pop on a heap of n events sifts down ~log₂ n levels with two key
// comparisons each, a push sifts up ~1-2 levels on average for random times. At
// n = 1,000 that is ~25 comparisons per pair, ~50 ns on one core: ~20 M pairs/s.

/// The simulator's events are small enums of IDs (STYLE §9); this stands in.
enum BenchmarkEvent: Sendable {
    case scrape(target: Int32)
    case podReady(pod: Int32)
    case requeue(rollout: Int32)
}

/// A steady-state ("hold model") queue of `pending` events, and the random delays
/// that each re-scheduled event is pushed back by.
func makeHoldModel(pending: Int) -> (EventQueue<BenchmarkEvent>, [Int64]) {
    var random = SimRandom(seed: 1)
    var queue = EventQueue<BenchmarkEvent>(minimumCapacity: pending + 1)
    for index in 0..<pending {
        let time = VirtualTime(milliseconds: Int64(random.nextInt(below: 1_000_000)))
        queue.schedule(.scrape(target: Int32(truncatingIfNeeded: index)), at: time)
    }
    let delays = (0..<4096).map { _ in Int64(random.nextInt(below: 1_000_000)) }
    return (queue, delays)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    // One iteration = one pop of the earliest event plus one push at a random
    // later time, on a queue holding `pending` events: throughput is pairs/s.
    for pending in [1_000, 100_000] {
        Benchmark(
            "EventQueue push+pop, \(pending) pending",
            configuration: .init(scalingFactor: .mega)
        ) { benchmark in
            var (queue, delays) = makeHoldModel(pending: pending)
            var index = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                guard let entry = queue.popNext() else { fatalError("hold model drained") }
                let next = VirtualTime(milliseconds: entry.key.time.milliseconds + delays[index & 4095])
                queue.schedule(entry.payload, at: next)
                index &+= 1
            }
            benchmark.stopMeasurement()
            blackHole(queue.count)
        }
    }

    // Fill then drain: 1,000,000 pushes at random times, then 1,000,000 pops
    // (a worst case for cache misses); one iteration is one push+pop pair.
    Benchmark(
        "EventQueue fill and drain 1M",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 2)
        let times = benchmark.scaledIterations.map { _ in
            VirtualTime(milliseconds: Int64(random.nextInt(below: 1_000_000)))
        }
        var queue = EventQueue<BenchmarkEvent>(minimumCapacity: times.count)
        benchmark.startMeasurement()
        for index in benchmark.scaledIterations {
            queue.schedule(.podReady(pod: Int32(truncatingIfNeeded: index)), at: times[index])
        }
        while let entry = queue.popNext() { blackHole(entry.payload) }
        benchmark.stopMeasurement()
    }

    Benchmark(
        "Poisson draw, mean 5000 (PTRS)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 3)
        let poisson = PoissonDistribution(mean: 5_000)
        for _ in benchmark.scaledIterations { blackHole(poisson.sample(using: &random)) }
    }

    Benchmark(
        "Poisson draw, mean 3 (inversion)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 4)
        let poisson = PoissonDistribution(mean: 3)
        for _ in benchmark.scaledIterations { blackHole(poisson.sample(using: &random)) }
    }

    // The simulator builds a binomial per segment (its n is the segment's
    // Poisson draw), so construction is included in the measured loop.
    Benchmark(
        "Binomial build+draw, n=100000 p=0.02 (BTRS)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 5)
        for _ in benchmark.scaledIterations {
            blackHole(BinomialDistribution(trials: 100_000, probability: 0.02).sample(using: &random))
        }
    }

    Benchmark(
        "Binomial build+draw, n=1000 p=0.002 (inversion)",
        configuration: .init(scalingFactor: .mega)
    ) { benchmark in
        var random = SimRandom(seed: 6)
        for _ in benchmark.scaledIterations {
            blackHole(BinomialDistribution(trials: 1_000, probability: 0.002).sample(using: &random))
        }
    }

    Benchmark(
        "Multinomial draw, 12 buckets, n=100000",
        configuration: .init(scalingFactor: .kilo)
    ) { benchmark in
        var random = SimRandom(seed: 7)
        let latency = LogNormalDistribution(p50: 120, p99: 900)
        let bounds: [Double] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000]
        let cumulative = bounds.map { latency.probability(below: $0) }
        let weights = zip(cumulative, [0] + cumulative).map { $0 - $1 } + [1 - cumulative.last!]
        let multinomial = MultinomialDistribution(weights: weights)
        var counts = [Int](repeating: 0, count: weights.count)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            multinomial.sample(trials: 100_000, into: &counts, using: &random)
            blackHole(counts[0])
        }
        benchmark.stopMeasurement()
    }
}
