import Benchmark
import PromQL

// The canary gate's workload: 100 pods, each with two request counters (code 200 and 500) and a
// 12-bucket latency histogram, scraped every 15s for 2h (480 samples per series, 1,400 series).

let podCount = 100
let bucketBounds = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
let scrapeIntervalMs: Int64 = 15_000
let scrapeCount = 480
let queryTimeMs = Int64(scrapeCount - 1) * scrapeIntervalMs

/// The label sets of the dataset, in scrape order.
func datasetSeries() -> [Labels] {
    var series: [Labels] = []
    for pod in 0..<podCount {
        let common: [Label] = [Label(name: "namespace", value: "shop"), Label(name: "pod", value: "checkout-\(pod)")]
        for code in ["200", "500"] {
            series.append(Labels(common + [Label(name: "__name__", value: "http_requests_total"), Label(name: "code", value: code)]))
        }
        for le in bucketBounds {
            series.append(Labels(common + [Label(name: "__name__", value: "http_request_duration_seconds_bucket"), Label(name: "le", value: le)]))
        }
    }
    return series
}

/// Fills a storage scrape by scrape, counters growing at a per-series constant rate.
func makeDataset() -> SeriesStorage {
    let storage = SeriesStorage()
    let series = datasetSeries()
    let ids = series.map { storage.seriesID(for: $0) }
    for scrape in 0..<scrapeCount {
        let t = Int64(scrape) * scrapeIntervalMs
        for (i, id) in ids.enumerated() {
            storage.append(id, timestampMs: t, value: Double(scrape * (i % 14 + 1)))
        }
    }
    return storage
}

let successRateQuery = #"sum(rate(http_requests_total{code!~"5.."}[2m])) / sum(rate(http_requests_total[2m]))"#
let latencyQuery = "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[2m])) by (le))"

nonisolated(unsafe) let dataset = makeDataset()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )

    // 1,400 series × 480 samples = 672,000 appends per iteration, by labels (hash lookup per sample).
    Benchmark("append 672k samples by labels", configuration: .init(maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
        let series = datasetSeries()
        for _ in benchmark.scaledIterations {
            let storage = SeriesStorage()
            for scrape in 0..<scrapeCount {
                let t = Int64(scrape) * scrapeIntervalMs
                for labels in series { storage.append(labels, timestampMs: t, value: Double(scrape)) }
            }
            blackHole(storage.seriesCount)
        }
    }

    Benchmark("append 672k samples by series id", configuration: .init(maxDuration: .seconds(5), maxIterations: 20)) { benchmark in
        let series = datasetSeries()
        for _ in benchmark.scaledIterations {
            let storage = SeriesStorage()
            let ids = series.map { storage.seriesID(for: $0) }
            for scrape in 0..<scrapeCount {
                let t = Int64(scrape) * scrapeIntervalMs
                for id in ids { storage.append(id, timestampMs: t, value: Double(scrape)) }
            }
            blackHole(storage.seriesCount)
        }
    }

    Benchmark("success rate: sum(rate(good[2m])) / sum(rate(all[2m]))") { benchmark in
        let engine = Engine(storage: dataset)
        let expr = try parseExpression(successRateQuery)
        for _ in benchmark.scaledIterations {
            blackHole(try engine.instantQuery(expr, atMs: queryTimeMs))
        }
    }

    Benchmark("latency: histogram_quantile(0.99, sum(rate(bucket[2m])) by (le))") { benchmark in
        let engine = Engine(storage: dataset)
        let expr = try parseExpression(latencyQuery)
        for _ in benchmark.scaledIterations {
            blackHole(try engine.instantQuery(expr, atMs: queryTimeMs))
        }
    }
}
