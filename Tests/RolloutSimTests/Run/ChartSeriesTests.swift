import Testing
@testable import RolloutSim

/// The chart series a run samples from its Prometheus at the end (request rate, error ratio and p99
/// latency per pod-template-hash), and their trip through the store.
@Suite("Chart series")
struct ChartSeriesTests {
    static func demo() throws -> RunResult {
        let loaded = try #require(DemoScenario.load(sink: DiagnosticSink()))
        return Simulation.run(loaded, sampleSeries: true)
    }

    static func series(_ result: RunResult, _ name: String, hash: String) -> SampledSeries? {
        result.series.first { $0.rollout == "checkout" && $0.name == name && $0.labels == "{rollouts_pod_template_hash=\"\(hash)\"}" }
    }

    @Test("checkout's request rate per hash: ≈200 rps on stable before the canary, ≈5% of it on the canary at weight 5")
    func requestRates() throws {
        let result = try Self.demo()
        let checkout = try #require(result.rollouts.first { $0.name == "checkout" })
        let stableHash = try #require(checkout.replicaSets.first { $0.revision == 1 }).podTemplateHash
        let canaryHash = try #require(checkout.replicaSets.first { $0.revision == 2 }).podTemplateHash
        let stable = try #require(Self.series(result, "requests_per_second", hash: stableHash))
        let canary = try #require(Self.series(result, "requests_per_second", hash: canaryHash))
        #expect(stable.storedLabels == "requests_per_second{namespace=\"shop\", rollout=\"checkout\", rollouts_pod_template_hash=\"\(stableHash)\"}")

        // The 30 s step, from t=0 to the run's end.
        #expect(stable.points.first?.t == .zero)
        #expect(stable.points.last?.t == result.end)
        #expect(zip(stable.points, stable.points.dropFirst()).allSatisfy { $1.t.milliseconds - $0.t.milliseconds == 30_000 })

        // Before the canary gets traffic every request goes to stable. Requests arrive as a Poisson
        // process: a `rate(...[1m])` point counts about 200 × 45 s ≈ 9 000 requests between its
        // first and last scrape (σ ≈ √9000 ≈ 95, about 1%), so ±10% is far outside the noise yet
        // catches a wrong unit or a missing/doubled series.
        let firstShift = try #require(checkout.weights.first { $0.routerWeight > 0 })
        #expect(firstShift.routerWeight == 5)
        let before = stable.points.filter { $0.t <= firstShift.t }
        #expect(!before.isEmpty)
        for point in before { #expect(abs(point.value - 200) < 20, "stable at \(point.t.milliseconds) ms: \(point.value) rps") }

        // While the router holds weight 5, and the whole 1m window lies inside that span, the canary
        // gets 5% of 200 = 10 rps. Each point counts only ≈ 10 × 45 s ≈ 450 requests (σ ≈ 21, about
        // 5%), plus the spread of the per-scrape extrapolation, so the tolerance is ±30% (≈ 6σ).
        let shiftEnd = try #require(checkout.weights.first { $0.t > firstShift.t && $0.routerWeight != 5 }).t
        let during = canary.points.filter { $0.t.milliseconds >= firstShift.t.milliseconds + 60_000 && $0.t <= shiftEnd }
        #expect(during.count >= 2)
        for point in during { #expect(abs(point.value - 10) < 3, "canary at \(point.t.milliseconds) ms: \(point.value) rps") }
        let meanStableDuring = stable.points.filter { p in during.contains { $0.t == p.t } }.map(\.value).reduce(0, +) / Double(during.count)
        let meanCanary = during.map(\.value).reduce(0, +) / Double(during.count)
        let share = meanCanary / (meanCanary + meanStableDuring)
        #expect(abs(share - 0.05) < 0.015, "canary share \(share)")
    }

    @Test("error ratio and p99 latency exist for both hashes; a step with no requests is NaN, kept as NaN")
    func errorRatioAndLatency() throws {
        let result = try Self.demo()
        let checkout = try #require(result.rollouts.first { $0.name == "checkout" })
        for rs in checkout.replicaSets where rs.revision <= 2 {
            let ratio = try #require(Self.series(result, "error_ratio", hash: rs.podTemplateHash))
            #expect(!ratio.points.isEmpty)
            #expect(ratio.points.allSatisfy { $0.value.isNaN || (0...1).contains($0.value) })
            #expect(Self.series(result, "latency_p99_seconds", hash: rs.podTemplateHash) != nil)
        }
        let canaryHash = try #require(checkout.replicaSets.first { $0.revision == 2 }).podTemplateHash
        let canaryRatio = try #require(Self.series(result, "error_ratio", hash: canaryHash))
        // The canary (2% errors configured) fails visibly more often than stable (0.1%).
        let finite = canaryRatio.points.map(\.value).filter { !$0.isNaN }
        #expect(finite.contains { $0 > 0.005 })
        // After the abort the canary gets no traffic: 0/0.
        #expect(canaryRatio.points.contains { $0.value.isNaN })
    }

    @Test("series are sorted by rollout, name and labels, and equal bit for bit across two runs")
    func deterministic() throws {
        let a = try Self.demo(), b = try Self.demo()
        #expect(!a.series.isEmpty)
        #expect(a.series == b.series)
        #expect(a.series.map(\.storedLabels) == a.series.sorted { ($0.rollout, $0.name, $0.labels) < ($1.rollout, $1.name, $1.labels) }.map(\.storedLabels))
        #expect(Set(a.series.map(\.name)) == ["requests_per_second", "error_ratio", "latency_p99_seconds"])
    }

    @Test("the stored run keeps every series, NaN included, and loads it back unchanged")
    func storeRoundTrip() throws {
        let result = try Self.demo()
        let run = StoredRun(result)
        #expect(run.series.map(\.labels) == result.series.map(\.storedLabels))
        #expect(run.series.map(\.samples.count) == result.series.map(\.points.count))
        #expect(run.series.contains { $0.samples.contains { $0.value.isNaN } })

        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        let loaded = try store.load(try store.save(run))
        #expect(loaded.series == run.series)
        for (stored, sampled) in zip(loaded.series, result.series) {
            #expect(stored.samples.map(\.t) == sampled.points.map(\.t))
            #expect(stored.samples.map(\.value.bitPattern) == sampled.points.map(\.value.bitPattern))
        }
    }

    @Test("the series stay out of the run summary and the digest")
    func summaryAndDigestUnaffected() throws {
        var result = try Self.demo()
        let json = RunSummaryJSON.render(result)
        #expect(!json.contains("requests_per_second"))
        result.series = []
        #expect(RunSummaryJSON.render(result) == json)
        #expect(SimulationRun.digest(events: result.events, rollouts: result.rollouts) == String(result.digest.dropFirst("sha256:".count)))
    }
}
