import Benchmark
import Expr

// Evaluation cost of the two condition shapes AnalysisRuns evaluate most: one comparison on the
// first sample, and a predicate over every sample. Both conditions are compiled once, outside the
// measured loop, as the simulator compiles once per AnalysisRun.
// Targets (release): under 1 µs and under 10 µs per evaluation.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )

    Benchmark("result[0] >= 0.995") { benchmark in
        let condition = try CompiledExpression("result[0] >= 0.995")
        let environment = ExprEnvironment.argo(result: .floats([0.997]), resultType: .array(.float))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try condition.evaluate(in: environment))
        }
    }

    Benchmark("all(result, {# >= 0.99}) over 100 values") { benchmark in
        let condition = try CompiledExpression("all(result, {# >= 0.99})")
        let samples = (0..<100).map { 0.99 + Double($0) / 10_000 }
        let environment = ExprEnvironment.argo(result: .floats(samples), resultType: .array(.float))
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try condition.evaluate(in: environment))
        }
    }

    Benchmark("compile len(result) > 0 && result[0] < 1") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try CompiledExpression("len(result) > 0 && result[0] < 1"))
        }
    }
}
