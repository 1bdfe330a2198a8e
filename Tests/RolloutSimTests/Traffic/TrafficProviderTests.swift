import Foundation
import Testing
@testable import RolloutSim

@Suite("Traffic providers, weightStep and load curves")
struct TrafficProviderTests {
    @Test("weightStep rounds to the nearest multiple, halves up, never to 0 or the total")
    func weightStepRounding() {
        let cases: [(weight: Int, step: Int, expected: Int)] = [
            (5, 1, 5), (0, 5, 0), (100, 5, 100), (1, 5, 5), (2, 5, 5), (7, 5, 5), (8, 5, 10), (12, 5, 10),
            (13, 5, 15), (98, 5, 95), (99, 5, 95), (2, 4, 4), (6, 4, 8), (50, 30, 60), (95, 30, 90), (-3, 5, 0), (120, 5, 100),
        ]
        for c in cases {
            #expect(WeightStep.round(c.weight, step: c.step, total: 100) == c.expected, "weight \(c.weight) step \(c.step)")
        }
    }

    @Test("each provider encodes the weight as an integer of its own total")
    func encodings() {
        let nginx = WeightStep.encode(desired: 50, provider: .nginx(stableService: "s", canaryService: "c", weightTotal: 1000), step: 1)
        #expect(nginx.routerWeight == 50 && nginx.intendedCanaryShare == 0.05)
        #expect(nginx.encoding == #"canary-weight: "50", canary-weight-total: "1000""#)
        let istio = WeightStep.encode(desired: 7, provider: .istio(stableService: "s", canaryService: "c"), step: 5)
        #expect(istio.routerWeight == 5 && istio.encoding == "route: s=95 c=5")
        let smi = WeightStep.encode(desired: 33, provider: .smi(stableService: "s", canaryService: "c"), step: 1)
        #expect(smi.encoding == "backends: s=67 c=33")
    }

    @Test("step loads integrate piecewise; before the first step its rate holds")
    func stepIntegral() {
        let curve = LoadCurve.steps([LoadStep(at: .zero, rps: 200), LoadStep(at: .minutes(30), rps: 2)])
        #expect(curve.requests(from: .seconds(-60), to: .zero) == 12_000)
        #expect(curve.requests(from: .minutes(29), to: .minutes(31)) == 200 * 60 + 2 * 60)
        #expect(curve.stepChanges(after: .zero, through: .minutes(60)) == [.minutes(30)])
    }

    @Test("the diurnal integral is exact: it matches Simpson's rule on the sinusoid")
    func diurnalIntegral() {
        let curve = LoadCurve.diurnal(min: 5, max: 400, period: SimDuration.minutes(24 * 60), peakAt: SimDuration.minutes(14 * 60))
        let from = VirtualTime.minutes(-60), to = VirtualTime.minutes(200)
        // Composite Simpson with 20 000 panels: error ~ (b−a)h⁴·max|f⁗|/180, far below 1e-6 relative.
        let n = 20_000
        let h = Double(to.milliseconds - from.milliseconds) / 1000 / Double(n)
        var sum = 0.0
        for i in 0...n {
            let t = VirtualTime(milliseconds: from.milliseconds + Int64((Double(i) * h * 1000).rounded()))
            let weight: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            sum += weight * curve.rps(at: t)
        }
        let simpson = sum * h / 3
        #expect(abs(curve.requests(from: from, to: to) - simpson) / simpson < 1e-6)
        #expect(curve.rps(at: .minutes(14 * 60)) == 400)
    }

    @Test("globs pick a version; an exact image wins; unknown images get the fallback")
    func versionLookup() {
        let catalog = VersionCatalog([WorldFixture.version("ghcr.io/acme/checkout:*", errorRate: 0.01),
                                      WorldFixture.version("ghcr.io/acme/checkout:1.9.0", errorRate: 0.02)])
        #expect(catalog.behaviour(for: "ghcr.io/acme/checkout:1.9.0").errorRate == 0.02)
        #expect(catalog.behaviour(for: "ghcr.io/acme/checkout:1.8.0").errorRate == 0.01)
        #expect(catalog.behaviour(for: "nginx:1.25").errorRate == 0)
        #expect(Glob.matches(pattern: "a?c*", "abcdef") && !Glob.matches(pattern: "a?c", "abcd"))
    }

    @Test("saturation: shedding is 1 − 1/ρ above capacity; latency grows from ρ = 0.8")
    func saturationModel() {
        let behaviour = WorldFixture.version("x", errorRate: 0.01, capacityRps: 10)
        let under = ServiceLevel(behaviour: behaviour, podRPS: 5)
        #expect(under.shedProbability == 0 && under.latency.median == LogNormalDistribution(p50: 0.04, p99: 0.25).median)
        let over = ServiceLevel(behaviour: behaviour, podRPS: 12.5)
        #expect(abs(over.shedProbability - 0.2) < 1e-12)
        #expect(abs(over.latency.median - 0.4) < 1e-9)            // ×10 from ρ ≥ 0.98
        #expect(abs(ServiceLevel.latencyFactor(utilisation: 0.9) - 2) < 1e-9)
    }
}
