import Foundation
import Testing
@testable import RolloutSim

/// Statistical tests of the traffic split and error accounting, with fixed seeds.
///
/// Tolerances. Each pod's requests in a segment are Poisson; sums of independent Poissons are
/// Poisson, so over the run the canary count C and the total N satisfy C | N ~ Binomial(N, p) where
/// p is the intended share. The observed share C/N then has standard deviation √(p(1−p)/N); with
/// N ≈ 360 000 (1 h at 100 rps) a 5σ band (two-sided probability 6e-7) is a few tenths of a
/// percentage point of share. Errors likewise: E | C ~ Binomial(C, errorRate).
@Suite("Traffic shares and served totals")
struct TrafficShareTests {
    typealias F = WorldFixture

    static func fiveSigma(p: Double, n: Int) -> Double { 5 * (p * (1 - p) / Double(n)).squareRoot() }

    /// 8 stable pods; one canary pod ready at 20s; then one hour of traffic.
    static func run(provider: TrafficProvider, weight: Int?, versions: [VersionBehaviour] = [], seed: UInt64 = 11)
        -> (stable: ServedTotals, canary: ServedTotals, unserved: Int, world: World) {
        let (world, stable, canary) = F.make(F.configuration(seed: seed, versions: versions), stable: 8, provider: provider)
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .seconds(20))
        if let weight { world.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: weight) }
        let before = (world.servedTotals(of: stable), world.servedTotals(of: canary))
        world.advance(to: .seconds(20 + 3600))
        let stableTotals = world.servedTotals(of: stable), canaryTotals = world.servedTotals(of: canary)
        return (ServedTotals(requests: stableTotals.requests - before.0.requests, errors: stableTotals.errors - before.0.errors),
                ServedTotals(requests: canaryTotals.requests - before.1.requests, errors: canaryTotals.errors - before.1.errors),
                world.unservedRequests(rolloutName: F.rollout, namespace: F.namespace), world)
    }

    @Test("NGINX canary-weight 5 sends 5% of requests to the canary")
    func nginxFivePercent() {
        let r = Self.run(provider: F.nginx(), weight: 5)
        let n = r.stable.requests + r.canary.requests
        let share = Double(r.canary.requests) / Double(n)
        #expect(abs(share - 0.05) <= Self.fiveSigma(p: 0.05, n: n), "share \(share) n \(n)")
        // The total itself is Poisson(360 000): 5σ = 5·600.
        #expect(abs(Double(n) - 360_000) <= 3000)
        let shares = r.world.trafficShares(rolloutName: F.rollout, namespace: F.namespace).shares
        let intended = shares.map(\.share).sorted()
        #expect(intended.count == 2 && abs(intended[0] - 0.05) < 1e-12 && abs(intended[1] - 0.95) < 1e-12)
    }

    @Test("NGINX canary-weight-total 1000: weight 25 is 2.5%")
    func nginxWeightTotal() {
        let r = Self.run(provider: F.nginx(total: 1000), weight: 25)
        let n = r.stable.requests + r.canary.requests
        #expect(abs(Double(r.canary.requests) / Double(n) - 0.025) <= Self.fiveSigma(p: 0.025, n: n))
    }

    @Test("no provider: 8 stable pods and 1 canary pod give the canary 1/9")
    func replicaRatio() {
        let r = Self.run(provider: .none(service: "checkout"), weight: nil)
        let n = r.stable.requests + r.canary.requests
        #expect(abs(Double(r.canary.requests) / Double(n) - 1.0 / 9) <= Self.fiveSigma(p: 1.0 / 9, n: n))
    }

    @Test("Istio and SMI route their integer weights; weightStep 5 turns 7 into 5")
    func istioAndSMI() {
        for provider in [TrafficProvider.istio(stableService: "checkout-stable", canaryService: "checkout-canary"),
                         .smi(stableService: "checkout-stable", canaryService: "checkout-canary")] {
            let r = Self.run(provider: provider, weight: 20)
            let n = r.stable.requests + r.canary.requests
            #expect(abs(Double(r.canary.requests) / Double(n) - 0.2) <= Self.fiveSigma(p: 0.2, n: n))
        }
        let world = F.make(F.configuration(weightStep: 5), provider: .istio(stableService: "checkout-stable", canaryService: "checkout-canary")).0
        let router = world.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 7)
        #expect(router.desiredWeight == 7 && router.routerWeight == 5)
    }

    @Test("a canary backend without endpoints: NGINX skips it, Istio answers 503")
    func emptyCanaryBackend() {
        let (nginxWorld, _, _) = F.make(F.configuration(), provider: F.nginx())
        nginxWorld.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 10)
        nginxWorld.advance(to: .minutes(10))
        #expect(nginxWorld.unservedRequests(rolloutName: F.rollout, namespace: F.namespace) == 0)

        let (istioWorld, _, _) = F.make(F.configuration(), provider: .istio(stableService: "checkout-stable", canaryService: "checkout-canary"))
        istioWorld.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 10)
        istioWorld.advance(to: .minutes(10))
        // Poisson(10% of 60 000 = 6000): 5σ ≈ 387.
        let unserved = istioWorld.unservedRequests(rolloutName: F.rollout, namespace: F.namespace)
        #expect(abs(Double(unserved) - 6000) <= 5 * 6000.0.squareRoot())
    }

    @Test("Istio subsets follow the DestinationRule's hashes")
    func istioSubsets() {
        let (world, stable, canary) = F.make(F.configuration(), provider: .istioSubsets(service: "checkout"))
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .seconds(20))
        world.setDestinationRuleSubsets(rolloutName: F.rollout, namespace: F.namespace,
                                        stableHash: world.replicaSets[stable.index].podTemplateHash,
                                        canaryHash: world.replicaSets[canary.index].podTemplateHash)
        world.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 30)
        let shares = world.trafficShares(rolloutName: F.rollout, namespace: F.namespace).shares
        let canaryShare = shares.first { $0.podTemplateHash == world.replicaSets[canary.index].podTemplateHash }?.share
        #expect(canaryShare.map { abs($0 - 0.3) < 1e-12 } == true)
    }

    @Test("error counts match the configured error rate")
    func errorRate() {
        let r = Self.run(provider: F.nginx(), weight: 50,
                         versions: [F.version(F.stableImage, errorRate: 0.001), F.version(F.canaryImage, errorRate: 0.02)])
        #expect(abs(Double(r.canary.errors) / Double(r.canary.requests) - 0.02) <= Self.fiveSigma(p: 0.02, n: r.canary.requests))
        #expect(abs(Double(r.stable.errors) / Double(r.stable.requests) - 0.001) <= Self.fiveSigma(p: 0.001, n: r.stable.requests))
    }

    @Test("above capacity the excess share is shed: 8 pods of capacity 10 at 100 rps shed 20%")
    func capacityGap() {
        let r = Self.run(provider: .none(service: "checkout"), weight: nil,
                         versions: [F.version("ghcr.io/acme/checkout:*", capacityRps: 10)])
        // 9 pods after the canary is ready: 100/9 = 11.1 rps per pod, ρ = 1.11, shed 1 − 1/ρ = 0.1.
        let n = r.stable.requests + r.canary.requests
        let errors = r.stable.errors + r.canary.errors
        #expect(abs(Double(errors) / Double(n) - 0.1) <= Self.fiveSigma(p: 0.1, n: n))
    }

    @Test("setVersion changes the error rate from its time on")
    func setVersion() {
        let (world, stable, _) = F.make(F.configuration(versions: [F.version(F.stableImage)]), stable: 4)
        world.advance(to: .minutes(10))
        let first = world.servedTotals(of: stable)
        #expect(first.errors == 0)
        world.setVersion(image: F.stableImage, errorRate: 0.5)
        world.advance(to: .minutes(20))
        let totals = world.servedTotals(of: stable)
        // Errors of the second ten minutes ~ Binomial(n, 0.5).
        let n = totals.requests - first.requests
        #expect(abs(Double(totals.errors) - Double(n) / 2) <= Self.fiveSigma(p: 0.5, n: n) * Double(n))
    }

    @Test("setLoad: rps 100 then 5 from 10m")
    func setLoad() {
        let (world, stable, _) = F.make(F.configuration(), stable: 4)
        world.advance(to: .minutes(10))
        let first = world.servedTotals(of: stable).requests
        world.setLoad(.constant(rps: 5))
        world.advance(to: .minutes(20))
        let second = world.servedTotals(of: stable).requests - first
        #expect(abs(Double(first) - 60_000) <= 5 * 60_000.0.squareRoot())
        #expect(abs(Double(second) - 3000) <= 5 * 3000.0.squareRoot())
    }
}

@Suite("Weight history")
struct WeightHistoryTests {
    typealias F = WorldFixture

    @Test("desired, router and effective weights are recorded at every change")
    func history() {
        let (world, stable, canary) = F.make(F.configuration(weightStep: 5), provider: F.nginx())
        let stableHash = world.replicaSets[stable.index].podTemplateHash, canaryHash = world.replicaSets[canary.index].podTemplateHash
        world.advance(to: .minutes(1))
        world.setDesiredCanaryWeight(rolloutName: F.rollout, namespace: F.namespace, weight: 12)   // no canary pods yet
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .minutes(2))
        let records = world.weightHistory(rolloutName: F.rollout, namespace: F.namespace)
        #expect(records.map(\.t) == [VirtualTime.zero, .minutes(1), .seconds(80)])
        #expect(records[1].desiredWeight == 12 && records[1].routerWeight == 10)
        // NGINX skips the canary backend while it has no endpoints: all load stays on stable.
        #expect(records[1].effectiveShares == [TrafficShare(podTemplateHash: stableHash, share: 1)])
        let last = records[2].effectiveShares.first { $0.podTemplateHash == canaryHash }!.share
        #expect(abs(last - 0.1) < 1e-12)
    }
}
