import Testing
@testable import RolloutSim

/// User operations (reference §6.5) and analysis reactions (§8.3) through whole simulated updates.
@Suite("Canary user operations and analysis")
struct CanaryOperationTests {
    static let steps = """
            - setWeight: 20
            - pause: {duration: 1h}
            - setWeight: 60
            - pause: {}
    """

    @Test("promote on a canary that is not paused skips the current step")
    func promoteSkipsStep() throws {
        // Version 2 never becomes ready, so setWeight 20 can never complete on its own.
        let versions = """
            - image: example/app:2
              readiness: never

        """
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 3m, promote: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m",
                                                                            timeline: timeline, versions: versions))
        let rollout = result.rollouts[0]
        #expect(rollout.status.currentStepIndex == 1)
        #expect(rollout.phase == .paused)
        #expect(rollout.steps.first?.completedAt == nil)
        let pause = try #require(rollout.steps.first { $0.index == 1 })
        #expect(pause.startedAt == VirtualTime.zero + .minutes(3))
        #expect(!result.events.contains { $0.reason == "RolloutStepCompleted" && $0.message.contains("setWeight: 20") })
    }

    @Test("promote --full sends every pod to the new revision and skips the remaining steps")
    func promoteFull() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 3m, promote: {rollout: app, full: true}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "10m", timeline: timeline))
        let rollout = result.rollouts[0]
        #expect(rollout.phase == .healthy)
        #expect(rollout.status.currentStepIndex == 4)
        #expect(result.events.contains { $0.reason == "RolloutCompleted" && $0.message.hasSuffix(": Full promotion requested") })
        #expect(rollout.replicaSets.map(\.specReplicas) == [0, 4])
        // The router holds the recorded weight until the cut-over, then everything goes to the new stable.
        #expect(rollout.weights.map(\.routerWeight).max() == 20)
    }

    @Test("abort sends the router to 0 at once, Degraded with upstream's message, sticky until retry")
    func abortIsStickyUntilRetry() throws {
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 5m, abort: {rollout: app}}
        """
        let aborted = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.steps, nginx: true, duration: "40m", timeline: timeline))
        let rollout = aborted.rollouts[0]
        let fiveMinutes = VirtualTime.zero + .minutes(5)
        let atAbort = try #require(rollout.weights.first { $0.t == fiveMinutes })
        #expect(atAbort.desiredWeight == 0 && atAbort.routerWeight == 0)
        #expect(rollout.phase == .degraded)
        #expect(rollout.status.message == "RolloutAborted: Rollout aborted update to revision 2")
        #expect(rollout.isAborted)
        #expect(rollout.abortedAt == fiveMinutes)
        #expect(rollout.argocdHealth.status == .degraded)
        // The 15- and 30-minute resyncs reconcile again; the phase stays Degraded throughout.
        #expect(rollout.phases.last.map { $0.t } == fiveMinutes)
        #expect(aborted.events.filter { $0.reason == "RolloutAborted" }.count == 1)
        // The canary goes 30 s after the stable is fully available.
        #expect(rollout.replicaSets.map(\.specReplicas) == [4, 0])
        #expect(aborted.exitCode == 1)

        let retried = try SimulationFixture.run(SimulationFixture.scenario(
            replicas: 4, steps: Self.steps, nginx: true, duration: "40m",
            timeline: timeline + "\n    - {at: 20m, retry: {rollout: app}}"))
        let afterRetry = retried.rollouts[0]
        #expect(!afterRetry.isAborted)
        #expect(afterRetry.phase == .paused)
        #expect(afterRetry.status.currentStepIndex == 1)
        #expect(retried.events.contains { $0.message == "rollout 'app' retried" })
        let degraded = afterRetry.phases.filter { $0.phase == .degraded }
        #expect(degraded.count == 1)
    }

    static let analysisTemplate = """
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata:
      name: gate
      namespace: default
    spec:
      metrics:
        - name: gate
          interval: 30s
          count: 2
          successCondition: result[0] >= 0.9
          failureCondition: result[0] < 0.5
          provider:
            prometheus:
              address: http://prometheus:9090
              query: QUERY

    """

    static let analysisSteps = """
            - setWeight: 20
            - analysis:
                templates:
                  - templateName: gate
            - pause: {}
    """

    @Test("an Inconclusive step analysis pauses the rollout")
    func inconclusivePauses() throws {
        let template = Self.analysisTemplate.replacingOccurrences(of: "QUERY", with: "vector(NaN)")
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.analysisSteps, nginx: true, duration: "10m",
                                                                            extraManifests: template))
        let rollout = result.rollouts[0]
        #expect(rollout.analysisRuns.first?.run.status.phase == .inconclusive)
        #expect(rollout.phase == .paused)
        #expect(rollout.status.message == "InconclusiveAnalysisRun")
        #expect(rollout.status.currentStepIndex == 1)
        #expect(result.events.contains { $0.message == "Rollout is paused (InconclusiveAnalysisRun)" })
    }

    @Test("promote moves past an Inconclusive step analysis")
    func promotePastInconclusive() throws {
        let template = Self.analysisTemplate.replacingOccurrences(of: "QUERY", with: "vector(NaN)")
        let timeline = """
            - {at: 1m, setImage: {rollout: app, container: app, image: example/app:2}}
            - {at: 8m, promote: {rollout: app}}
        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.analysisSteps, nginx: true, duration: "10m",
                                                                            timeline: timeline, extraManifests: template))
        let rollout = result.rollouts[0]
        #expect(rollout.status.currentStepIndex == 2)
        #expect(rollout.phase == .paused)
        #expect(rollout.status.message == "CanaryPauseStep")
        #expect(rollout.analysisRuns.count == 1)
    }

    @Test("a Successful step analysis completes its step")
    func successfulAnalysisCompletes() throws {
        let template = Self.analysisTemplate.replacingOccurrences(of: "QUERY", with: "vector(1)")
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.analysisSteps, nginx: true, duration: "10m",
                                                                            extraManifests: template))
        let rollout = result.rollouts[0]
        #expect(rollout.analysisRuns.first?.run.status.phase == .successful)
        #expect(rollout.status.currentStepIndex == 2)
        #expect(rollout.phase == .paused)
        #expect(result.events.contains { $0.message == "Rollout step 2/3 completed (analysis)" })
    }

    @Test("a Prometheus outage longer than the error limit aborts the rollout")
    func outageAborts() throws {
        let template = Self.analysisTemplate.replacingOccurrences(of: "QUERY", with: "vector(1)")
        let prometheus = """
            outages: [{from: 1m, to: 15m}]

        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(replicas: 4, steps: Self.analysisSteps, nginx: true, duration: "20m",
                                                                            prometheus: prometheus, extraManifests: template))
        let rollout = result.rollouts[0]
        let run = try #require(rollout.analysisRuns.first)
        #expect(run.run.status.phase == .error)
        #expect(rollout.phase == .degraded)
        #expect(rollout.status.message.hasPrefix("RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase error/failed: "))
        // Five consecutive errors, 10 s apart (error retries ignore the interval).
        let errors = run.summary.metrics[0].measurements.filter { $0.phase == "Error" }
        #expect(errors.count == 5)
    }

    @Test("a web metric reading the canary's live error rate fails a canary that answers 10% 5xx", arguments: [
        ("10%", AnalysisPhase.failed, RolloutPhase.degraded), ("0%", AnalysisPhase.successful, RolloutPhase.paused),
    ])
    func webCanaryErrorRate(errorRate: String, runPhase: AnalysisPhase, rolloutPhase: RolloutPhase) throws {
        let template = """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata:
          name: gate
          namespace: default
        spec:
          metrics:
            - name: errors
              initialDelay: 1m
              count: 1
              successCondition: result < 0.05
              failureCondition: result >= 0.05
              provider:
                web:
                  url: http://errors.example/rate
                  jsonPath: "{$.value}"

        """
        let versions = """
            - image: example/app:2
              errorRate: \(errorRate)

        """
        let providers = """
          providers:
            web:
              errors: {canaryErrorRate: 1m}

        """
        let result = try SimulationFixture.run(SimulationFixture.scenario(
            replicas: 4, steps: Self.analysisSteps, nginx: true, duration: "10m", versions: versions, specExtra: providers,
            extraManifests: template))
        let rollout = result.rollouts[0]
        let run = try #require(rollout.analysisRuns.first)
        #expect(run.run.status.phase == runPhase)
        #expect(rollout.phase == rolloutPhase)
        let value = try #require(Double(run.summary.metrics[0].measurements.last?.value ?? ""))
        if runPhase == .failed { #expect(value > 0.05 && value < 0.2) } else { #expect(value == 0) }
    }
}
