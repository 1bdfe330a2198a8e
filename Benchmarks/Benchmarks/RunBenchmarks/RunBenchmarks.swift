import Benchmark
import RolloutSim

// The built-in demo end to end, in process: 1 h of history plus 30 min of the checkout canary
// (8 + 1 pods, 15 s scrapes, one step AnalysisRun of two PromQL metrics, the controller's passes).
//
// Envelope: the world dominates — 9 pods × 360 scrapes ≈ 3 200 scrapes at ~1 µs, plus one
// accrual per routing change; the controller runs a few dozen passes (each a handful of pure
// rule calls, microseconds) and the analysis ~4 PromQL queries. Target: under 20 ms in release.
//
// Measured (2026-11-27, shared 2-core VM, release): 6.1 ms p50 per run, 8.4 K mallocs; loading the
// scenario 1.0 ms. perf over 300 runs: the world's scrapes ~67 % (accrual 30 %, sample appends
// 18 %, histogram multinomials 15 %), AnalysisRun passes ~9 % (PromQL ~3 %, argument templating
// ~2.5 %), Rollout passes ~9 % (the reconciler itself ~4 %), controller metrics ~3 %.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 50
    )

    Benchmark("Run: the checkout-canary demo end to end") { benchmark in
        guard let loaded = DemoScenario.load(sink: DiagnosticSink()) else { fatalError("the embedded demo does not load") }
        benchmark.startMeasurement()
        let result = Simulation.run(loaded)
        benchmark.stopMeasurement()
        blackHole(result.digest)
    }

    Benchmark("Run: loading the demo scenario") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(DemoScenario.load(sink: DiagnosticSink()))
        }
    }
}
