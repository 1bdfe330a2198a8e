import Testing
@testable import RolloutSim

/// Whole canary updates, checked against reference Appendix A and §4–§6 with exact numbers.
/// Method: a fixture scenario (`SimulationFixture`) is simulated and its event log and histories
/// are read; pods start 1 s after creation, so each scaling pass is followed by availability.
@Suite("Canary trajectories")
struct CanaryTrajectoryTests {
    static let appendixSteps = """
            - setWeight: 20
            - pause: {duration: 60}
            - setWeight: 50
            - pause: {}
    """

    @Test("Appendix A basic canary: the stable shrinks first, one ReplicaSet per pass, then waits for promote")
    func appendixBasicCanary() throws {
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 10, steps: Self.appendixSteps, duration: "10m"))
        #expect(SimulationFixture.scalings(result) == [
            "stable 10→8", "canary 0→2",
            "stable 8→6", "canary 2→5", "stable 6→5",
        ])
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .paused)
        #expect(rollout.status.message == "CanaryPauseStep")
        #expect(rollout.status.currentStepIndex == 3)
        #expect(rollout.steps.map(\.step) == ["setWeight: 20", "pause: 60", "setWeight: 50", "pause"])
        // The timed pause starts at the pass after step 0 completed (1-second resolution) and
        // ends strictly after 60 s.
        let pause = rollout.steps[1]
        let start = pause.startedAt.truncatedToSecond
        #expect(pause.completedAt == start + .seconds(60) + SimDuration(milliseconds: 1))
        #expect(result.exitCode == 2)
    }

    @Test("Appendix A basic canary after promote: every pod on the new revision, Healthy")
    func appendixBasicCanaryPromoted() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 6m, promote: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 10, steps: Self.appendixSteps, duration: "12m", timeline: timeline))
        let scalings = SimulationFixture.scalings(result)
        #expect(Array(scalings.prefix(5)) == ["stable 10→8", "canary 0→2", "stable 8→6", "canary 2→5", "stable 6→5"])
        #expect(scalings.last == "stable 3→0" || scalings.last == "stable 1→0" || scalings.last?.hasSuffix("→0") == true)
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .healthy)
        #expect(rollout.status.stableRS == rollout.status.currentPodHash)
        let counts = rollout.replicaSets.map(\.specReplicas)
        #expect(counts == [0, 10])
        #expect(result.events.contains { $0.reason == "RolloutCompleted" && $0.message.hasSuffix(": Completed all 4 canary steps") })
        #expect(result.exitCode == 0)
    }

    @Test("Appendix A traffic-routed: canary 0→2 in one pass, router follows availability, old RS waits 30 s")
    func appendixTrafficRouted() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 6m, promote: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 10, steps: Self.appendixSteps, nginx: true,
                                                                            duration: "12m", timeline: timeline))
        let scalings = SimulationFixture.scalings(result)
        #expect(scalings == ["canary 0→2", "canary 2→5", "canary 5→10", "stable 10→0"])
        let events = result.events.filter { $0.object == "Rollout/app" }
        // The weight changes and the step completes in the same pass, once the canary pods are up.
        let weight20 = try #require(events.first { $0.reason == "TrafficWeightUpdated" && $0.message == "Traffic weight updated from 0 to 20" })
        let step1 = try #require(events.first { $0.reason == "RolloutStepCompleted" && $0.message == "Rollout step 1/4 completed (setWeight: 20)" })
        #expect(weight20.t == step1.t)
        let scaleUp = try #require(result.events.first { $0.reason == "ScalingReplicaSet" && $0.message.hasSuffix("from 0 to 2") })
        #expect(weight20.t > scaleUp.t)
        // At the end the router goes to 100 and promotion happens in the same pass.
        let weight100 = try #require(events.first { $0.message == "Traffic weight updated from 50 to 100" })
        let completed = try #require(events.first { $0.reason == "RolloutCompleted" })
        #expect(weight100.t == completed.t)
        // Then the router goes back to 0 (all to the new stable) and the old stable waits 30 s.
        #expect(events.contains { $0.message == "Traffic weight updated from 100 to 0" && $0.t == completed.t })
        let scaleDown = try #require(result.events.last { $0.reason == "ScalingReplicaSet" })
        #expect(scaleDown.t == completed.t.truncatedToSecond + .seconds(30))
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .healthy)
        #expect(rollout.weights.map(\.routerWeight).contains(20))
        #expect(rollout.weights.last?.routerWeight == 0)
    }

    @Test("a basic canary of 8 replicas at setWeight 5 runs 1 canary pod; the canary's share is 1/9")
    func basicCanaryFivePercent() throws {
        let steps = """
                - setWeight: 5
                - pause: {}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 8, steps: steps, duration: "5m"))
        let rollout = result.rollouts[0]
        #expect(rollout.replicaSets.map(\.specReplicas) == [8, 1])
        #expect(rollout.phase == .paused)
        let last = try #require(rollout.weights.last)
        #expect(last.desiredWeight == 5)
        #expect(abs(last.effectiveShare - 1.0 / 9.0) < 1e-9)
        #expect(rollout.actualWeight == 100 * 1 / 9)
    }

    @Test("an indefinite pause waits for promote, then the next step runs")
    func indefinitePauseWaitsForPromote() throws {
        let steps = """
                - setWeight: 50
                - pause: {}
        """
        let waiting = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: steps, nginx: true, duration: "30m"))
        #expect(waiting.rollouts[0].phase == .paused)
        #expect(waiting.rollouts[0].status.currentStepIndex == 1)
        #expect(waiting.rollouts[0].argocdHealth.status == .suspended)

        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 20m, promote: {rollout: app}}
        """
        let promoted = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: steps, nginx: true, duration: "30m", timeline: timeline))
        let rollout = promoted.rollouts[0]
        #expect(rollout.phase == .healthy)
        let pause = try #require(rollout.steps.first { $0.index == 1 })
        #expect(pause.completedAt == VirtualTime.zero + .minutes(20))
        #expect(promoted.events.contains { $0.message == "rollout 'app' promoted" })
    }
}
