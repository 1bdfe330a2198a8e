import Benchmark
import RolloutSim

// The world's hot path (DESIGN §5): traffic accrual and scraping. One iteration simulates one hour
// of `pods` pods at `rps` requests per second with 15 s scrapes and no history: every pod is
// scraped 240 times, each scrape draws one Poisson, at most two binomials and one multinomial over
// 12 buckets, and appends 16 samples.
//
// Envelope: 100 pods × 240 scrapes = 24 000 scrapes; ~15 binomial draws (~50 ns) and 16 appends
// (~10 ns) each are ~1 µs, so ~25 ms per simulated hour. The cost is pods × scrapes and does not
// depend on rps: the "rps" variants below must take the same time.

func makeWorld(pods: Int, rps: Double) -> World {
    var prometheus = PrometheusSettings.default
    prometheus.scrapeInterval = .seconds(15)
    var traffic = TrafficSettings.default
    traffic.load = .constant(rps: rps)
    let configuration = WorldConfiguration(seed: 1, history: .zero, traffic: traffic, prometheus: prometheus)
    let world = World(configuration: configuration)
    let template = ClusterPodTemplate(labels: [LabelPair("app", "checkout")],
                               containers: [ContainerSpec(name: "checkout", image: "ghcr.io/acme/checkout:1.8.0")])
    let stable = world.createReplicaSet(rolloutName: "checkout", namespace: "shop", podTemplate: template, revision: 1)
    world.addService(name: "checkout", namespace: "shop", selector: [LabelPair("app", "checkout")])
    world.createAvailablePods(in: stable, count: pods)
    world.configureTraffic(rolloutName: "checkout", namespace: "shop", provider: TrafficProvider.none(service: "checkout"))
    return world
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 1,
        maxDuration: .seconds(3),
        maxIterations: 20
    )

    for (pods, rps) in [(100, 1_000.0), (100, 100_000.0), (100, 10.0), (25, 1_000.0), (400, 1_000.0)] {
        Benchmark("World: 1h of \(pods) pods at \(Int(rps)) rps, 15s scrapes") { benchmark in
            let world = makeWorld(pods: pods, rps: rps)
            benchmark.startMeasurement()
            world.advance(to: VirtualTime(milliseconds: 3_600_000))
            benchmark.stopMeasurement()
            blackHole(world.storage.seriesCount)
        }
    }
}
