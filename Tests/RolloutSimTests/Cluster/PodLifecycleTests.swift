import Testing
@testable import RolloutSim

@Suite("Pod life cycle and ReplicaSets")
struct PodLifecycleTests {
    typealias F = WorldFixture

    @Test("scaling up creates Pending pods that become Running and Ready after start-up")
    func scaleUp() {
        let (world, _, canary) = F.make(F.configuration(), stable: 2)
        world.advance(to: .seconds(60))
        world.scaleReplicaSet(canary, to: 2)
        #expect(world.status(of: canary) == ReplicaSetStatus(replicas: 2, readyReplicas: 0, availableReplicas: 0))
        let pods = world.livePods(of: canary)
        #expect(pods.allSatisfy { $0.phase == .pending && $0.name.hasPrefix("checkout-\(world.replicaSets[canary.index].podTemplateHash)-") })
        #expect(pods.allSatisfy { $0.label("rollouts-pod-template-hash") == world.replicaSets[canary.index].podTemplateHash })
        // Creating the pods changed status.replicas; readiness changes it again at 80s.
        #expect(world.advance(to: .seconds(79)) == [canary])
        #expect(world.advance(to: .seconds(79)) == [])
        #expect(world.advance(to: .seconds(80)) == [canary])
        #expect(world.status(of: canary) == ReplicaSetStatus(replicas: 2, readyReplicas: 2, availableReplicas: 2))
        let reasons = world.events.map { "\($0.t) \($0.object.split(separator: "/")[0]) \($0.reason)" }
        #expect(reasons == ["1m ReplicaSet SuccessfulCreate", "1m Pod Scheduled", "1m ReplicaSet SuccessfulCreate", "1m Pod Scheduled",
                            "1m20s Pod Started", "1m20s Pod Started"])
    }

    @Test("minReadySeconds delays availability, and the change is reported")
    func minReadySeconds() {
        let world = World(configuration: F.configuration())
        let rs = world.createReplicaSet(rolloutName: "checkout", namespace: "shop", podTemplate: F.template(image: F.stableImage),
                                        revision: 1, minReadySeconds: .seconds(30))
        world.scaleReplicaSet(rs, to: 1)
        world.advance(to: .seconds(20))
        #expect(world.status(of: rs) == ReplicaSetStatus(replicas: 1, readyReplicas: 1, availableReplicas: 0))
        #expect(world.advance(to: .seconds(49)) == [])
        #expect(world.advance(to: .seconds(50)) == [rs])
        #expect(world.status(of: rs).availableReplicas == 1)
    }

    @Test("start-up times drawn from {min, max} are uniform in range and reproducible")
    func uniformStartup() {
        func readyTimes(seed: UInt64) -> [VirtualTime] {
            let world = World(configuration: F.configuration(seed: seed, podStartup: .uniform(min: .seconds(10), max: .seconds(40))))
            let rs = world.createReplicaSet(rolloutName: "checkout", namespace: "shop", podTemplate: F.template(image: F.stableImage), revision: 1)
            world.scaleReplicaSet(rs, to: 20)
            world.advance(to: .seconds(60))
            return world.livePods(of: rs).map { $0.readySince! }
        }
        let times = readyTimes(seed: 3)
        #expect(times == readyTimes(seed: 3))
        #expect(times != readyTimes(seed: 4))
        #expect(times.allSatisfy { $0 >= .seconds(10) && $0 <= .seconds(40) })
    }

    @Test("scaling down deletes not-ready pods first, then the newest ready ones")
    func victims() {
        let (world, stable, _) = F.make(F.configuration(), stable: 3)
        world.advance(to: .seconds(10))
        world.scaleReplicaSet(stable, to: 5)           // two more, created at 10s, ready at 30s
        world.advance(to: .seconds(30))
        world.scaleReplicaSet(stable, to: 6)           // one more, still Pending
        let pending = world.livePods(of: stable).last!
        let newestReady = world.livePods(of: stable)[3...4].map(\.name)
        world.scaleReplicaSet(stable, to: 4)
        let deleted = world.events.filter { $0.reason == "SuccessfulDelete" }.map(\.message)
        #expect(deleted.first == "Deleted pod: \(pending.name)")
        #expect(deleted.count == 2)
        #expect(newestReady.contains(String(deleted[1].dropFirst("Deleted pod: ".count))))
        world.scaleReplicaSet(stable, to: 3)
        let third = world.events.filter { $0.reason == "SuccessfulDelete" }.map(\.message)[2]
        #expect(newestReady.contains(String(third.dropFirst("Deleted pod: ".count))))
        #expect(world.status(of: stable) == ReplicaSetStatus(replicas: 3, readyReplicas: 3, availableReplicas: 3, terminating: 3))
    }

    @Test("the deletion order follows controller.ActivePodsWithRanks rule by rule")
    func deletionOrder() {
        func pod(_ uid: String, phase: PodPhase = .running, readySince: Int64? = 0, restarts: Int = 0, created: Int64 = 0,
                 cost: String? = nil) -> Pod {
            var pod = Pod(id: PodID(index: 0), name: "p-" + uid, namespace: "ns", replicaSet: ReplicaSetID(index: 0), rolloutName: "r",
                          labels: [], annotations: cost.map { [LabelPair(PodDeletionOrder.deletionCostAnnotation, $0)] } ?? [],
                          containerName: "c", image: "i", createdAt: VirtualTime(milliseconds: created), ip: "", uid: uid)
            pod.phase = phase
            pod.readySince = readySince.map { VirtualTime(milliseconds: $0) }
            pod.restartCount = restarts
            return pod
        }
        let now = VirtualTime.minutes(60)
        let before = { (a: Pod, b: Pod) in PodDeletionOrder.deletedBefore(a, b, now: now) }
        #expect(before(pod("b", phase: .pending, readySince: nil), pod("a", phase: .unknown, readySince: nil)))
        #expect(before(pod("b", phase: .unknown, readySince: nil), pod("a")))
        #expect(before(pod("b", readySince: nil), pod("a")))
        #expect(before(pod("b", cost: "-5"), pod("a")) && before(pod("b"), pod("a", cost: "100")))
        // Ready 10 min ago (2^39 ns ≈ 9.2 min ≤ 6e11 ns < 2^40) against 50 min ago (rank 41): the newer goes first.
        #expect(before(pod("b", readySince: 50 * 60_000), pod("a", readySince: 10 * 60_000)))
        // Ready 40 s and 50 s ago: both ⌊log₂⌋ = 35, so the UID decides, not the time.
        #expect(before(pod("a", readySince: 3_550_000), pod("b", readySince: 3_560_000)))
        #expect(before(pod("b", restarts: 2), pod("a", restarts: 1)))
        #expect(before(pod("b", created: 59 * 60_000), pod("a", created: 1)))
        #expect(before(pod("a"), pod("b")) && !before(pod("b"), pod("a")))
    }

    @Test("a terminating pod leaves the endpoints at once and is gone after podShutdown")
    func termination() {
        let (world, stable, _) = F.make(F.configuration(), stable: 3)
        let service = world.service(named: "checkout", namespace: "shop")!
        #expect(world.endpoints(of: service).count == 3)
        world.advance(to: .seconds(10))
        world.scaleReplicaSet(stable, to: 2)
        #expect(world.endpoints(of: service).count == 2)
        let victim = world.livePods(of: stable).first { $0.isTerminating }!
        #expect(world.events.suffix(2).map(\.reason) == ["SuccessfulDelete", "Killing"])
        world.advance(to: .seconds(14))
        #expect(world.pods[victim.id.index].isGone == false)
        world.advance(to: .seconds(15))
        #expect(world.pods[victim.id.index].isGone)
        #expect(world.livePods(of: stable).count == 2)
    }

    @Test("readiness never: Running, never Ready, one Unhealthy event")
    func neverReady() {
        let (world, _, canary) = F.make(F.configuration(versions: [F.version(F.canaryImage, readiness: .never)]), stable: 1)
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .minutes(5))
        let pod = world.livePods(of: canary)[0]
        #expect(pod.phase == .running && !pod.isReady)
        #expect(world.status(of: canary) == ReplicaSetStatus(replicas: 1, readyReplicas: 0, availableReplicas: 0))
        #expect(world.events.filter { $0.reason == "Unhealthy" }.count == 1)
    }

    @Test("crashAfter: restarts at once, then CrashLoopBackOff waits 10s, 20s, 40s … capped at 5m")
    func crashLoop() {
        let (world, _, canary) = F.make(F.configuration(versions: [F.version(F.canaryImage, readiness: .crashAfter(.seconds(30)))]), stable: 1)
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .minutes(30))
        let name = world.livePods(of: canary)[0].name
        let starts = world.events.filter { $0.object == "Pod/\(name)" && $0.reason == "Started" }.map(\.t.milliseconds)
        // Ready at 20s, runs 30s, crashes at 50s; restart 1s later (no back-off entry yet).
        // Then each crash waits the back-off (10, 20, 40, 80, 160, 300, 300 s) plus the 1s start.
        var expected: [Int64] = [20_000, 51_000]
        var t: Int64 = 51_000
        for wait in [10, 20, 40, 80, 160, 300, 300, 300] as [Int64] {
            t += 30_000 + wait * 1000 + 1000
            if t <= 30 * 60_000 { expected.append(t) }
        }
        #expect(starts == expected)
        // Every crash but the first (at 50s) waits a back-off; crashes come 30s after each start.
        let crashes = expected.map { $0 + 30_000 }.filter { $0 <= 30 * 60_000 }
        let backOffs = world.events.filter { $0.reason == "BackOff" }
        #expect(backOffs.map(\.t.milliseconds) == Array(crashes.dropFirst()))
        #expect(backOffs.first?.message == "Back-off restarting failed container checkout in pod \(name)_shop")
        #expect(world.livePods(of: canary)[0].restartCount == crashes.count)
    }

    @Test("a container that ran 10 minutes starts again without back-off")
    func backOffReset() {
        let (world, _, canary) = F.make(F.configuration(versions: [F.version(F.canaryImage, readiness: .crashAfter(.minutes(11)))]), stable: 1)
        world.scaleReplicaSet(canary, to: 1)
        world.advance(to: .minutes(60))
        #expect(world.events.filter { $0.reason == "BackOff" }.isEmpty)
        let starts = world.events.filter { $0.reason == "Started" && $0.object.hasPrefix("Pod/checkout-\(world.replicaSets[canary.index].podTemplateHash)") }
        // Each crash after 11 minutes finds the back-off entry expired: restart after the 1s start.
        let cycle: Int64 = 661_000
        let expected: [Int64] = (0..<6).map { 20_000 + Int64($0) * cycle }
        #expect(starts.map(\.t.milliseconds) == expected)
    }

    @Test("Service selectors choose the endpoints; only ready pods are endpoints")
    func serviceSelectors() {
        let (world, stable, canary) = F.make(F.configuration(), stable: 2)
        let stableService = world.service(named: "checkout-stable", namespace: "shop")!
        let canaryService = world.service(named: "checkout-canary", namespace: "shop")!
        world.scaleReplicaSet(canary, to: 1)
        #expect(world.endpoints(of: canaryService).isEmpty)
        world.advance(to: .seconds(20))
        #expect(world.endpoints(of: canaryService).count == 1)
        #expect(world.endpoints(of: world.service(named: "checkout", namespace: "shop")!).count == 3)
        world.setServiceSelector(stableService, podTemplateHash: world.replicaSets[canary.index].podTemplateHash)
        #expect(world.endpoints(of: stableService) == world.endpoints(of: canaryService))
        world.setServiceSelector(stableService, podTemplateHash: nil)
        #expect(world.endpoints(of: stableService).count == 3)
        _ = stable
    }
}

extension VirtualTime {
    static func seconds(_ s: Int64) -> VirtualTime { VirtualTime(milliseconds: s * 1000) }
    static func minutes(_ m: Int64) -> VirtualTime { VirtualTime(milliseconds: m * 60_000) }
}
