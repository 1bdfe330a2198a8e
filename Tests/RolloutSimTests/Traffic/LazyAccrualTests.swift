import Foundation
import Testing
@testable import PromQL
@testable import RolloutSim

@Suite("Lazy accrual")
struct LazyAccrualTests {
    typealias F = WorldFixture

    @Test("a scrape reads exactly the requests the pod served up to the scrape's time")
    func scrapeReadsServed() {
        let (world, stable, _) = F.make(F.configuration(versions: [F.version(F.stableImage, errorRate: 0.01)]), stable: 1)
        let pod = world.livePods(of: stable)[0]
        let offset = world.scrapeTarget(of: pod.id).offsetMs
        let slot = TargetOffsets.nextSlot(atOrAfter: .minutes(10), offsetMs: offset, intervalMs: 15_000)
        world.advance(to: slot)
        let served = world.servedTotals(of: stable)
        func last(_ code: String) -> Double {
            rawSamples(world) { $0["code"] == code && $0.metricName == "http_requests_total" }[0].values.last!
        }
        #expect(Double(served.requests) == last("200") + last("500"))
        #expect(Double(served.errors) == last("500"))
        let count = rawSamples(world) { $0.metricName == "http_request_duration_seconds_count" }[0].values.last!
        let inf = rawSamples(world) { $0["le"] == "+Inf" }[0].values.last!
        #expect(count == Double(served.requests) && inf == count)
    }

    @Test("diurnal load: the requests served follow the exact integral of the curve")
    func diurnalServed() {
        var configuration = F.configuration()
        let curve = LoadCurve.diurnal(min: 10, max: 300, period: .minutes(60), peakAt: .minutes(15))
        configuration.traffic.load = curve
        let (world, stable, _) = F.make(configuration, stable: 4)
        world.advance(to: .minutes(30))
        // One Poisson per segment; the sum is Poisson(∫ load) exactly, so 5σ = 5·√mean.
        let expected = curve.requests(from: .zero, to: .minutes(30))
        let served = Double(world.servedTotals(of: stable).requests)
        #expect(abs(served - expected) <= 5 * expected.squareRoot(), "served \(served) expected \(expected)")
        // The curve is symmetric about its peak at 15m, and its trough half carries less.
        let rising = curve.requests(from: .zero, to: .minutes(15)), falling = curve.requests(from: .minutes(15), to: .minutes(30))
        #expect(abs(rising - falling) < 1e-9 * rising)
        #expect(curve.requests(from: .minutes(30), to: .minutes(60)) < rising + falling)
    }

    @Test("the draws do not depend on the rate: the same segments at 1 rps and 1 000 000 rps")
    func costIndependentOfRate() {
        // Same seed and structure: the number of samples written is the same whatever the rate.
        let slow = F.make(F.configuration(rps: 1), stable: 4).0, fast = F.make(F.configuration(rps: 1_000_000), stable: 4).0
        slow.advance(to: .minutes(30))
        fast.advance(to: .minutes(30))
        #expect(slow.storage.sampleCount == fast.storage.sampleCount)
        #expect(fast.replicaSets[0].served.requests > 1_000_000_000)
    }
}
