import Testing
@testable import PromQL
@testable import RolloutSim

@Suite("Prometheus queries, outages, recording rules, determinism")
struct PrometheusQueryTests {
    typealias F = WorldFixture
    static let address = "http://prometheus-operated.monitoring:9090"

    @Test("outages make queries fail as an unreachable server does")
    func outage() throws {
        let (world, _, _) = F.make(F.configuration(outages: [TimeWindow(from: .minutes(10), to: .minutes(14))], address: Self.address))
        world.advance(to: .minutes(15))
        #expect(throws: PrometheusQueryError.unreachable(message:
            #"Post "http://prometheus-operated.monitoring:9090/api/v1/query": dial tcp prometheus-operated.monitoring:9090: connect: connection refused"#)) {
            try world.prometheusQuery(address: Self.address, query: "up", at: .minutes(10))
        }
        _ = try world.prometheusQuery(address: Self.address + "/", query: "sum(http_requests_total)", at: .minutes(14))
        _ = try world.prometheusQuery(address: Self.address, query: "sum(http_requests_total)", at: VirtualTime(milliseconds: 599_999))
    }

    @Test("an address that is not the scenario's Prometheus fails like a DNS miss")
    func wrongAddress() {
        let (world, _, _) = F.make(F.configuration(address: Self.address))
        #expect(throws: PrometheusQueryError.unreachable(message:
            #"Post "http://prometheus.wrong:9090/api/v1/query": dial tcp: lookup prometheus.wrong: no such host"#)) {
            try world.prometheusQuery(address: "http://prometheus.wrong:9090", query: "up", at: .zero)
        }
    }

    @Test("a bad query is a bad_data error")
    func badQuery() {
        let (world, _, _) = F.make(F.configuration())
        do {
            _ = try world.prometheusQuery(address: "any", query: "sum(", at: .zero)
            Issue.record("expected an error")
        } catch {
            guard case .query(let promError) = error else { Issue.record("wrong error \(error)"); return }
            #expect(promError.kind == .parse)
        }
    }

    @Test("recording rules run every evaluation interval at the group's offset, history included")
    func recordingRules() throws {
        let expression = "sum(rate(http_requests_total[1m]))"
        let rule = RecordingRule(record: "job:requests:rate1m", expression: try parseExpression(expression), expressionText: expression,
                                 labels: [], location: SourceLocation(file: "rules.yaml", line: 1, column: 1))
        let group = RuleGroup(name: "checkout", interval: nil, recordingRules: [rule], alertNames: [],
                              location: SourceLocation(file: "rules.yaml", line: 1, column: 1))
        let file = RuleFile(path: "rules.yaml", groups: [group])
        let (world, _, _) = F.make(F.configuration(history: .minutes(5), ruleFiles: [file]))
        world.advance(to: .minutes(5))
        let recorded = rawSamples(world) { $0.metricName == "job:requests:rate1m" }
        #expect(recorded.count == 1)
        let offset = TargetOffsets.offsetMs(groupName: "checkout", file: "rules.yaml", intervalMs: 15_000)
        let first = TargetOffsets.nextSlot(atOrAfter: .minutes(-5), offsetMs: offset, intervalMs: 15_000).milliseconds
        // The first minute of history has no full rate window yet: those evaluations give nothing.
        let times = recorded[0].times
        #expect(times.allSatisfy { ($0 - first) % 15_000 == 0 } && times.last! > 285_000 - 15_000)
        #expect(world.ruleFailures.isEmpty)
        let value = try world.prometheusQuery(address: "x", query: "job:requests:rate1m", at: .minutes(5))
        #expect(abs(F.scalar(value)! - 100) < 15)
    }

    /// A busy world: 8 stable pods, a crashing canary at 20% NGINX weight with errors and a
    /// capacity limit, a load change and a version change, 10 minutes of history.
    static func busyWorld(seed: UInt64) -> World {
        let versions = [F.version(F.stableImage, errorRate: 0.001, capacityRps: 20),
                        F.version(F.canaryImage, errorRate: 0.05, p50Ms: 60, p99Ms: 900, readiness: .crashAfter(.minutes(4)))]
        let (world, _, canary) = F.make(F.configuration(seed: seed, history: .minutes(10), versions: versions), stable: 8, provider: F.nginx())
        world.advance(to: .minutes(1))
        world.scaleReplicaSet(canary, to: 2)
        world.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 20)
        world.advance(to: .minutes(12))
        world.setLoad(.steps([LoadStep(at: .zero, rps: 100), LoadStep(at: .minutes(15), rps: 220)]))
        world.advance(to: .minutes(20))
        world.setVersion(image: F.canaryImage, errorRate: 0.2)
        world.advance(to: .minutes(30))
        return world
    }

    @Test("same seed, same samples: every series and every value bit for bit")
    func determinism() {
        let a = Self.busyWorld(seed: 99), b = Self.busyWorld(seed: 99)
        #expect(a.storage.sortedSeriesLabels == b.storage.sortedSeriesLabels)
        #expect(a.storage.records.count == b.storage.records.count)
        var compared = 0
        for (ra, rb) in zip(a.storage.records, b.storage.records) {
            #expect(ra.labels == rb.labels)
            #expect(ra.times == rb.times)
            #expect(ra.values.map(\.bitPattern) == rb.values.map(\.bitPattern))
            compared += ra.values.count
        }
        #expect(compared > 10_000)
        #expect(a.events == b.events)
        let c = Self.busyWorld(seed: 100)
        #expect(zip(a.storage.records, c.storage.records).contains { $0.values.map(\.bitPattern) != $1.values.map(\.bitPattern) })
    }
}

@Suite("Saturation seen through PromQL")
struct SaturationQueryTests {
    typealias F = WorldFixture

    @Test("a capacity gap (10 pods scaled to 5, capacity 15 rps each) shows as 503s and a latency step")
    func capacityGap() throws {
        let (world, stable, _) = F.make(F.configuration(history: .minutes(10),
                                                          versions: [F.version(F.stableImage, capacityRps: 15)]), stable: 10)
        world.advance(to: .zero)
        let ratio = "sum(rate(http_requests_total{code=\"503\"}[5m])) / sum(rate(http_requests_total[5m]))"
        let p50 = "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"
        // ρ = 10/15: nothing shed, no 503 series, p50 in the configured bucket (0.025, 0.05].
        #expect(try world.prometheusQuery(address: "x", query: ratio, at: .zero) == .vector([]))
        #expect(F.scalar(try world.prometheusQuery(address: "x", query: p50, at: .zero))! <= 0.05)
        world.scaleReplicaSet(stable, to: 5)
        world.advance(to: .minutes(6))
        // ρ = 20/15: shed 1 − 1/ρ = 0.25 of ≈ 30 000 requests in the window, σ = √(0.25·0.75/30 000)
        // ≈ 0.0025, 5σ ≈ 0.0125; the latency ×10 moves p50 from 40 ms to 400 ms, in (0.25, 0.5].
        let shed = F.scalar(try world.prometheusQuery(address: "x", query: ratio, at: .minutes(6)))!
        #expect(abs(shed - 0.25) <= 0.0125, "shed \(shed)")
        let median = F.scalar(try world.prometheusQuery(address: "x", query: p50, at: .minutes(6)))!
        #expect(median > 0.25 && median <= 0.5, "p50 \(median)")
    }
}
