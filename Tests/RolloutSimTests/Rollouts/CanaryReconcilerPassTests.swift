import Testing
@testable import RolloutSim

/// Single reconcile passes of the pure controller, replaying reference Appendix A pass by pass:
/// each pass is fed the state the previous one left (its writes applied, pods available).
@Suite("Canary reconciler passes")
struct CanaryReconcilerPassTests {
    static let steps = """
            - setWeight: 20
            - pause: {duration: 60}
            - setWeight: 50
            - pause: {}
    """

    static func rollout(nginx: Bool) throws -> Rollout {
        let loaded = try SimulationFixture.load(SimulationFixture.scenario(replicas: 10, steps: steps, nginx: nginx))
        return try #require(loaded.manifests.rollouts.first)
    }

    /// The status right after the update's reset: step 0, stable and canary hashes known.
    static func status(_ rollout: Rollout, nginx: Bool) -> RolloutStatus {
        var status = RolloutStatus()
        status.observedGeneration = 2
        status.currentPodHash = "canary"
        status.stableRS = "stable"
        status.currentStepIndex = 0
        status.currentStepHash = CanaryReconciler.stepHash(rollout.spec.strategy.canary!.steps)
        if nginx {
            status.weights = CanaryWeightsStatus(canaryWeight: 0, canaryPodTemplateHash: "canary", stableWeight: 100, stablePodTemplateHash: "stable")
        }
        return status
    }

    static func observed(_ rollout: Rollout, _ status: RolloutStatus, stable: Int, canary: Int) -> ObservedCanary {
        func rs(_ index: Int, _ hash: String, _ revision: Int, _ count: Int) -> ObservedReplicaSet {
            ObservedReplicaSet(id: ReplicaSetID(index: index), name: "app-\(hash)", podTemplateHash: hash, revision: revision, specReplicas: count,
                               status: ReplicaSetStatus(replicas: count, readyReplicas: count, availableReplicas: count))
        }
        return ObservedCanary(rollout: rollout, generation: 2, templateHash: "canary", status: status,
                              replicaSets: [rs(0, "stable", 1, stable), rs(1, "canary", 2, canary)],
                              stableServiceHash: "stable", canaryServiceHash: "canary")
    }

    /// Passes at one instant until the status stops changing (condition bookkeeping such as
    /// `checkPausedConditions` takes passes of its own).
    static func settle(_ rollout: Rollout, _ status: RolloutStatus, stable: Int, canary: Int, now: VirtualTime) -> [CanaryReconciliation] {
        var passes: [CanaryReconciliation] = []
        var current = status
        for _ in 0..<10 {
            let pass = CanaryReconciler.reconcile(observed(rollout, current, stable: stable, canary: canary), now: now)
            passes.append(pass)
            if pass.status == current { break }
            current = pass.status
        }
        return passes
    }

    static func scalings(_ writes: [ControllerWrite]) -> [String] {
        writes.compactMap { write in
            if case .scaleReplicaSet(let id, let count) = write { return "\(id.index == 0 ? "stable" : "canary")→\(count)" }
            return nil
        }
    }

    static func weights(_ writes: [ControllerWrite]) -> [Int] {
        writes.compactMap { write in
            if case .setCanaryWeight(let weight) = write { return weight }
            return nil
        }
    }

    @Test("basic canary, Appendix A passes 1–4: stable down, canary up, step completes, pause starts")
    func basicPasses() throws {
        let rollout = try Self.rollout(nginx: false)
        let t = VirtualTime(milliseconds: 61_500)
        let pass1 = CanaryReconciler.reconcile(Self.observed(rollout, Self.status(rollout, nginx: false), stable: 10, canary: 0), now: t)
        #expect(Self.scalings(pass1.writes) == ["stable→8"])
        #expect(pass1.status.currentStepIndex == 0)

        let pass2 = CanaryReconciler.reconcile(Self.observed(rollout, pass1.status, stable: 8, canary: 0), now: t)
        #expect(Self.scalings(pass2.writes) == ["canary→2"])
        #expect(pass2.status.currentStepIndex == 0)

        let pass3 = CanaryReconciler.reconcile(Self.observed(rollout, pass2.status, stable: 8, canary: 2), now: t)
        #expect(Self.scalings(pass3.writes).isEmpty)
        #expect(pass3.status.currentStepIndex == 1)
        #expect(pass3.events.map(\.message).contains("Rollout step 1/4 completed (setWeight: 20)"))
        #expect(pass3.status.pauseConditions.isEmpty)

        // At most one step per pass: the pause is only entered on the next pass, at 1 s resolution.
        let pass4 = CanaryReconciler.reconcile(Self.observed(rollout, pass3.status, stable: 8, canary: 2), now: t)
        #expect(pass4.status.pauseConditions == [PauseCondition(reason: .canaryPauseStep, startTime: VirtualTime(milliseconds: 61_000))])
        #expect(pass4.status.controllerPause)
        #expect(pass4.status.phase == .paused)
        #expect(pass4.events.map(\.reason).contains("RolloutPaused"))

        // The next pass only records the Paused condition (checkPausedConditions).
        let paused = try #require(Self.settle(rollout, pass4.status, stable: 8, canary: 2, now: t).last)
        #expect(paused.status.condition(.paused)?.status == .true)
        #expect(paused.status.condition(.progressing)?.reason == "RolloutPaused")

        // The pause ends strictly after start + 60 s.
        let atExpiry = try #require(Self.settle(rollout, paused.status, stable: 8, canary: 2, now: VirtualTime(milliseconds: 121_000)).last)
        #expect(atExpiry.status.currentStepIndex == 1)
        #expect(atExpiry.requeueAt == VirtualTime(milliseconds: 121_001))
        let after = CanaryReconciler.reconcile(Self.observed(rollout, paused.status, stable: 8, canary: 2), now: VirtualTime(milliseconds: 121_001))
        #expect(after.status.currentStepIndex == 2)
        #expect(after.status.pauseConditions.isEmpty)
        #expect(after.events.map(\.message) == ["Rollout step 2/4 completed (pause: 60)", "Rollout is resumed"])
    }

    @Test("traffic-routed, Appendix A: canary to 2 in one pass with the router at 0; then weight 20 and the step in one pass")
    func trafficRoutedPasses() throws {
        let rollout = try Self.rollout(nginx: true)
        let t = VirtualTime(milliseconds: 61_000)
        let pass1 = CanaryReconciler.reconcile(Self.observed(rollout, Self.status(rollout, nginx: true), stable: 10, canary: 0), now: t)
        #expect(Self.scalings(pass1.writes) == ["canary→2"])
        #expect(Self.weights(pass1.writes) == [0])

        let pass2 = CanaryReconciler.reconcile(Self.observed(rollout, pass1.status, stable: 10, canary: 2), now: t)
        #expect(Self.scalings(pass2.writes).isEmpty)
        #expect(Self.weights(pass2.writes) == [20])
        #expect(pass2.status.weights?.canaryWeight == 20)
        #expect(pass2.status.currentStepIndex == 1)
    }

    @Test("an abort clears pauses, resets the step index and degrades with upstream's message; it stays on later passes")
    func abortIsSticky() throws {
        let rollout = try Self.rollout(nginx: true)
        var status = Self.status(rollout, nginx: true)
        status.currentStepIndex = 1
        status.pauseConditions = [PauseCondition(reason: .canaryPauseStep, startTime: .zero)]
        status.controllerPause = true
        status.weights?.canaryWeight = 20
        status.setCondition(.paused, .true, reason: "RolloutPaused", message: "Rollout is paused", now: .zero)
        status.setCondition(.progressing, .unknown, reason: "RolloutPaused", message: "Rollout is paused", now: .zero)
        status.abort = true
        let pass1 = CanaryReconciler.reconcile(Self.observed(rollout, status, stable: 10, canary: 2), now: VirtualTime(milliseconds: 90_500))
        #expect(Self.weights(pass1.writes) == [0])
        #expect(pass1.status.pauseConditions.isEmpty)
        #expect(pass1.status.currentStepIndex == 0)
        #expect(pass1.status.abortedAt == VirtualTime(milliseconds: 90_000))
        #expect(pass1.status.phase == .degraded)
        #expect(pass1.status.message == "RolloutAborted: Rollout aborted update to revision 2")
        #expect(pass1.events.filter { $0.reason == "RolloutAborted" }.map(\.isWarning) == [true])
        // The stable is full: the canary gets its 30 s scale-down deadline, not an immediate scale-down.
        #expect(Self.scalings(pass1.writes).isEmpty)

        let later = Self.settle(rollout, pass1.status, stable: 10, canary: 2, now: VirtualTime(milliseconds: 95_000))
        #expect(later.allSatisfy { $0.status.phase == .degraded && $0.status.abortedAt == VirtualTime(milliseconds: 90_000) })
        #expect(!later.contains { $0.events.contains { $0.reason == "RolloutAborted" } })
    }
}

@Suite("Canary reconciler managed routes")
struct CanaryManagedRouteTests {
    @Test("a setHeaderRoute step is recorded on the router and completes in the same pass")
    func headerRoute() throws {
        let steps = """
                - setWeight: 20
                - setHeaderRoute:
                    name: h1
                    match:
                      - headerName: x-canary
                        headerValue:
                          exact: "yes"
                - pause: {}
        """
        // Validation wants managedRoutes and a header-capable provider; the pass does not.
        let sink = DiagnosticSink()
        let text = SimulationFixture.scenario(replicas: 10, steps: steps, nginx: true)
        let loaded = try #require(ScenarioLoader(files: MemoryFiles(["fixture.yaml": text])).load("fixture.yaml", sink: sink))
        let rollout = try #require(loaded.manifests.rollouts.first)
        var status = CanaryReconcilerPassTests.status(rollout, nginx: true)
        status.currentStepIndex = 1
        status.weights?.canaryWeight = 20
        let pass = CanaryReconciler.reconcile(CanaryReconcilerPassTests.observed(rollout, status, stable: 10, canary: 2),
                                              now: VirtualTime(milliseconds: 70_000))
        let routes = pass.writes.compactMap { write -> String? in
            if case .setManagedRoute(let name, let kind) = write { return "\(kind):\(name)" }
            return nil
        }
        #expect(routes == ["header:h1"])
        #expect(pass.status.currentStepIndex == 2)
        #expect(pass.events.map(\.message).contains("Rollout step 2/3 completed (setHeaderRoute: h1)"))
    }
}
