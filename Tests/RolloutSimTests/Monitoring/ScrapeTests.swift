import Foundation
import Testing
@testable import PromQL
@testable import RolloutSim

/// Raw samples of the world's storage, staleness markers included.
func rawSamples(_ world: World, where predicate: (Labels) -> Bool) -> [(labels: Labels, times: [Int64], values: [Double])] {
    world.storage.records.filter { predicate($0.labels) }.map { ($0.labels, $0.times, $0.values) }
}

@Suite("Scraping: times, offsets, staleness, counters")
struct ScrapeTests {
    typealias F = WorldFixture

    static func isRequests(_ pod: String, code: String = "200") -> (Labels) -> Bool {
        { $0.metricName == "http_requests_total" && $0["pod"] == pod && $0["code"] == code }
    }

    @Test("each target is scraped at its offset + k·interval; the offset is the label hash mod interval")
    func scrapeTimes() {
        let (world, stable, _) = F.make(F.configuration(history: .minutes(5)), stable: 3)
        world.advance(to: .minutes(5))
        for pod in world.livePods(of: stable) {
            let target = world.scrapeTarget(of: pod.id)
            #expect(target.offsetMs == TargetOffsets.offsetMs(labels: target.labels.pairs, intervalMs: 15_000))
            #expect((0..<15_000).contains(target.offsetMs))
            let times = rawSamples(world, where: Self.isRequests(pod.name))[0].times
            // From −5m (the history) to 5m: every slot, nothing else.
            let first = TargetOffsets.nextSlot(atOrAfter: .minutes(-5), offsetMs: target.offsetMs, intervalMs: 15_000).milliseconds
            #expect(times == Array(stride(from: first, through: 300_000, by: 15_000)))
        }
        let offsets = world.livePods(of: stable).map { world.scrapeTarget(of: $0.id).offsetMs }
        #expect(Set(offsets).count == 3)
    }

    @Test("offsets are a pure function of the labels: two worlds, same offsets")
    func stableOffsets() {
        let a = F.make(F.configuration(seed: 5)).0, b = F.make(F.configuration(seed: 5)).0
        #expect(a.pods.map { a.scrapeTarget(of: $0.id).offsetMs } == b.pods.map { b.scrapeTarget(of: $0.id).offsetMs })
        // A hand-computed value: FNV-1a 64 over `pod 0xff checkout 0xff` mod 15 000.
        var hash = StableHash()
        for byte in Array("pod".utf8) + [0xff] + Array("checkout".utf8) + [0xff] { hash.combine(byte: byte) }
        #expect(TargetOffsets.offsetMs(labels: [Label(name: "pod", value: "checkout")], intervalMs: 15_000) == Int64(hash.value % 15_000))
    }

    @Test("target labels come from the templates; the series carry code, le, _sum and _count")
    func seriesShape() throws {
        let (world, stable, _) = F.make(F.configuration(), stable: 1)
        world.advance(to: .minutes(1))
        let pod = world.livePods(of: stable)[0]
        let hash = world.replicaSets[stable.index].podTemplateHash
        let names = world.storage.sortedSeriesLabels.map(\.description)
        let target = "namespace=\"shop\", pod=\"\(pod.name)\", rollouts_pod_template_hash=\"\(hash)\", service=\"checkout\""
        #expect(names.contains("http_requests_total{app=\"checkout\", code=\"200\", \(target)}"))
        #expect(names.contains("http_requests_total{app=\"checkout\", code=\"500\", \(target)}"))
        #expect(names.contains("http_request_duration_seconds_bucket{app=\"checkout\", le=\"0.25\", \(target)}"))
        #expect(names.contains("up{app=\"checkout\", \(target)}"))
        #expect(!names.contains { $0.contains("code=\"503\"") })   // no shedding, no 503 child
        let les = world.storage.sortedSeriesLabels.compactMap { $0["le"] }
        #expect(Set(les) == ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"])
        #expect(names.contains { $0.hasPrefix("http_request_duration_seconds_sum{") })
        #expect(names.contains { $0.hasPrefix("http_request_duration_seconds_count{") })
        let labels = world.storage.sortedSeriesLabels.first { $0.metricName == "http_requests_total" && $0["code"] == "200" }!
        #expect(labels.pairs.map(\.name) == ["__name__", "app", "code", "namespace", "pod", "rollouts_pod_template_hash", "service"])
        #expect(labels["pod"] == pod.name && labels["rollouts_pod_template_hash"] == hash)
    }

    @Test("bucket bounds print as Prometheus prints them")
    func bucketText() {
        let cases: [(Double, String)] = [(0.005, "0.005"), (1, "1"), (2.5, "2.5"), (10, "10"), (.infinity, "+Inf"),
                                         (0.0001, "0.0001"), (0.00001, "1e-05"), (100_000, "100000"), (1_000_000, "1e+06"),
                                         (1_234_567, "1.234567e+06"), (0.25, "0.25")]
        for (value, text) in cases { #expect(BucketBound.text(value) == text) }
    }

    @Test("a deleted pod's series get staleness markers at its next scrape slot, and only then")
    func staleness() throws {
        let (world, stable, _) = F.make(F.configuration(), stable: 2)
        world.advance(to: .seconds(100))
        world.scaleReplicaSet(stable, to: 1)
        let victim = world.livePods(of: stable).first { $0.isTerminating }!
        let offset = world.scrapeTarget(of: victim.id).offsetMs
        let slot = TargetOffsets.nextSlot(atOrAfter: .seconds(100), offsetMs: offset, intervalMs: 15_000).milliseconds
        world.advance(to: .seconds(200))
        let series = rawSamples(world) { $0["pod"] == victim.name }
        #expect(series.count == 17)   // code 200 and 500, 11 buckets and +Inf, _sum, _count, up
        for s in series {
            // The last sample is the marker at the slot; the one before it is a regular scrape before 100s.
            #expect(s.times.last == slot)
            #expect(PromQLConstants.isStaleNaN(s.values.last!))
            #expect(s.times.dropLast().last! < 100_000 && !s.values.dropLast().last!.isNaN)
        }
        // So an instant query sees the pod until the slot, and not from the slot on.
        let query = "count(http_requests_total{code=\"200\"})"
        #expect(F.scalar(try world.prometheusQuery(address: "x", query: query, at: VirtualTime(milliseconds: slot - 1))) == 2)
        #expect(F.scalar(try world.prometheusQuery(address: "x", query: query, at: VirtualTime(milliseconds: slot))) == 1)
    }

    @Test("a new pod's counters start at zero; a restarted container's counters restart")
    func counterRestart() throws {
        let (world, _, canary) = F.make(F.configuration(versions: [F.version(F.canaryImage, readiness: .crashAfter(.minutes(2)))]), stable: 3)
        world.advance(to: .minutes(1))
        world.scaleReplicaSet(canary, to: 1)
        let pod = world.livePods(of: canary)[0]
        world.advance(to: .minutes(6))
        let s = rawSamples(world, where: Self.isRequests(pod.name))[0]
        // Ready at 1m20s: the first sample is at the first slot after it, with only the requests of
        // those few seconds (25 rps × at most 15 s, so far below the stable pods' counters).
        let ready: Int64 = 80_000
        #expect(s.times[0] >= ready && s.times[0] < ready + 15_000)
        let bound: Double = 25.0 * 15 + 5 * (25.0 * 15).squareRoot()
        #expect(s.values[0] < bound)
        // It crashed at 3m20s: staleness at the next slot, then a new run starting low again.
        let marker = s.values.firstIndex { PromQLConstants.isStaleNaN($0) }!
        #expect(s.times[marker] >= 200_000 && s.times[marker] < 215_000)
        #expect(s.values[marker + 1] < s.values[marker - 1])
        // rate() over the reset is never negative.
        let rate = try world.prometheusQuery(address: "x", query: "rate(http_requests_total{pod=\"\(pod.name)\",code=\"200\"}[5m])", at: .minutes(6))
        #expect((F.scalar(rate) ?? -1) >= 0)
    }

    @Test("rate() of the scraped counters equals the configured rps")
    func rateMatchesRPS() throws {
        // sum(rate(x[5m])) estimates λ from the increase over the sampled span (≈ 285 s, extrapolated
        // to the window, which is unbiased for a constant rate): the count is Poisson(λ·span), so
        // σ = √(λ·span)/span ≈ 0.6 rps at λ = 100; 5σ = 3 rps.
        let (world, _, _) = F.make(F.configuration(history: .minutes(10)), stable: 8)
        for minute in [0, 10, 20] as [Int64] {
            world.advance(to: .minutes(minute))
            let rate = try world.prometheusQuery(address: "x", query: "sum(rate(http_requests_total[5m]))", at: .minutes(minute))
            #expect(abs(F.scalar(rate)! - 100) <= 5 * (100.0 * 285).squareRoot() / 285, "t=\(minute)m")
        }
    }

    @Test("histogram_quantile over the scraped buckets lands on the interpolated configured quantiles")
    func histogramQuantiles() throws {
        // p50 = 40 ms, p99 = 300 ms. histogram_quantile interpolates linearly inside the bucket that
        // holds the quantile, so even with exact counts it returns
        //   lo + (hi − lo)·(q − F(lo))/(F(hi) − F(lo))
        // (F the log-normal CDF), not the true quantile: the bucket-interpolation error, bounded by
        // the bucket's width. Sampling noise: the observed F̂(lo) has σ = √(q(1−q)/N) with N the
        // requests in the window (100 rps × 30 min = 180 000); through the interpolation's slope
        // (hi − lo)/(F(hi) − F(lo)) that is the quantile's σ; we allow 5σ.
        let (world, _, _) = F.make(F.configuration(history: .minutes(30), versions: [F.version(F.stableImage, p50Ms: 40, p99Ms: 300)]), stable: 8)
        world.advance(to: .zero)
        let latency = LogNormalDistribution(p50: 0.04, p99: 0.3)
        let bounds = PrometheusSettings.defaultBuckets
        for q in [0.5, 0.99] {
            let query = "histogram_quantile(\(q), sum by (le) (rate(http_request_duration_seconds_bucket[30m])))"
            let measured = F.scalar(try world.prometheusQuery(address: "x", query: query, at: .zero))!
            let hiIndex = bounds.firstIndex { latency.probability(below: $0) >= q }!
            let lo = bounds[hiIndex - 1], hi = bounds[hiIndex]
            let fLo = latency.probability(below: lo), fHi = latency.probability(below: hi)
            let ideal = lo + (hi - lo) * (q - fLo) / (fHi - fLo)
            let sigma = (hi - lo) / (fHi - fLo) * (q * (1 - q) / 180_000).squareRoot()
            #expect(abs(measured - ideal) <= 5 * sigma, "q=\(q) measured \(measured) ideal \(ideal) σ \(sigma)")
            #expect(abs(ideal - latency.quantile(q)) <= hi - lo)
        }
    }

    @Test("the history before t=0 is scraped from −history, so windows are full at t=0")
    func history() throws {
        let (world, _, _) = F.make(F.configuration(history: .minutes(60)), stable: 4)
        world.advance(to: .zero)
        let first = rawSamples(world) { $0.metricName == "http_requests_total" }.map { $0.times[0] }.min()!
        #expect(first >= -3_600_000 && first < -3_600_000 + 15_000)
        let rate = try world.prometheusQuery(address: "x", query: "sum(rate(http_requests_total[1h]))", at: .zero)
        #expect(abs(F.scalar(rate)! - 100) < 2)
    }
}
