import Testing
@testable import RolloutSim

/// A minimal Rollout manifest for scenarios to name.
let checkoutRollout = """
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 8
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: ghcr.io/acme/checkout:1.8.0
  strategy:
    canary:
      steps:
        - setWeight: 5
        - pause: {}
"""

@Suite("Scenario files")
struct ScenarioDecoderTests {
    @Test("a minimal scenario gets the contract's defaults")
    func defaults() throws {
        let (loaded, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata: {name: minimal}
        spec: {}
        ---
        \(checkoutRollout)
        """)
        #expect(diagnostics == [])
        let scenario = try #require(loaded?.scenario)
        #expect(scenario.name == "minimal")
        #expect(scenario.seed == 1)
        #expect(scenario.duration == nil)
        #expect(scenario.history == .minutes(60))
        #expect(scenario.traffic.weightStep == 1)
        #expect(scenario.prometheus.scrapeInterval == .seconds(30))
        #expect(scenario.prometheus.lookbackDelta == .minutes(5))
        #expect(scenario.prometheus.requestsMetric == "http_requests_total")
        #expect(scenario.prometheus.durationBuckets == PrometheusSettings.defaultBuckets)
        #expect(scenario.prometheus.targetLabels.map(\.name) == ["namespace", "pod", "service", "app", "rollouts_pod_template_hash"])
        #expect(loaded?.manifests.manifests.count == 1)
    }

    @Test("every section of the contract's example is read")
    func fullExample() throws {
        let (loaded, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata:
          name: checkout-canary-hash-windowing
          description: free text
        spec:
          seed: 42
          duration: 45m
          history: 30m
          manifests: [manifests/]
          cluster:
            podStartup: {min: 10s, max: 40s}
            podShutdown: 5s
          traffic:
            rps: [{at: 0s, rps: 200}, {at: 30m, rps: 2}]
            weightStep: 5
          versions:
            - image: ghcr.io/acme/checkout:1.8.0
              errorRate: 0.1%
              latency: {p50: 40ms, p99: 250ms}
              capacityRps: 100
            - image: ghcr.io/acme/checkout:1.9.*
              errorRate: 0.02
              readiness: {crashAfter: 5m}
          prometheus:
            address: http://prometheus-operated.monitoring:9090
            scrapeInterval: 60s
            evaluationInterval: 30s
            metrics:
              requests: {name: http_requests_total}
              duration: {name: http_request_duration_seconds, buckets: [0.1, 0.5, 1]}
            targetLabels:
              pod: "{{pod.name}}"
              rollouts_pod_template_hash: "{{pod.labels.rollouts-pod-template-hash}}"
            outages: [{from: 10m, to: 14m}]
          secrets: {dd-secret: {b: "2", a: "1"}}
          providers:
            job:
              smoke-test: {succeed: false, after: 30s}
            web:
              version: {body: {major: "1", minor: "30"}}
            datadog:
              error-rate: {values: [{at: 0s, value: 0.01}, {at: 10m, value: 0.2}]}
          timeline:
            - {at: 1m, setImage: {rollout: checkout, container: checkout, image: ghcr.io/acme/checkout:1.9.0}}
            - {at: 20m, promote: {rollout: checkout, full: true}}
            - {at: 25m, abort: {rollout: shop/checkout}}
            - {at: 26m, retry: {rollout: checkout}}
            - {at: 27m, undo: {rollout: checkout, toRevision: 1}}
            - {at: 30m, setVersion: {image: ghcr.io/acme/checkout:1.9.0, errorRate: 5%}}
            - {at: 31m, setTraffic: {rps: {diurnal: {min: 5, max: 400, period: 24h, peakAt: 14h}}}}
          expect:
            - {rollout: checkout, phase: Degraded}
            - {rollout: checkout, phase: Paused, at: 7m}
            - {rollout: checkout, abortedWithin: 15m}
            - {rollout: checkout, maxRouterWeight: 25}
            - {rollout: checkout, canaryErrorsServed: {max: 500}}
            - {event: {reason: RolloutAborted, object: Rollout/checkout}}
            - {noEvent: {reason: RolloutCompleted}}
        """, extraFiles: ["s/manifests/rollout.yaml": checkoutRollout])
        #expect(diagnostics == [])
        let scenario = try #require(loaded?.scenario)
        #expect(scenario.seed == 42)
        #expect(scenario.duration == .minutes(45))
        #expect(scenario.history == .minutes(30))
        #expect(scenario.cluster.podStartup == .uniform(min: .seconds(10), max: .seconds(40)))
        #expect(scenario.traffic.load == .steps([LoadStep(at: .zero, rps: 200), LoadStep(at: .minutes(30), rps: 2)]))
        #expect(scenario.traffic.weightStep == 5)
        #expect(scenario.versions.map(\.errorRate) == [0.001, 0.02])
        #expect(scenario.versions[0].capacityRps == 100)
        #expect(scenario.versions[1].readiness == .crashAfter(.minutes(5)))
        #expect(scenario.versions[1].latency == VersionBehaviour.defaultLatency)
        #expect(scenario.prometheus.durationBuckets == [0.1, 0.5, 1])
        #expect(scenario.prometheus.targetLabels.map(\.name) == ["pod", "rollouts_pod_template_hash"])
        #expect(scenario.prometheus.outages == [TimeWindow(from: .minutes(10), to: .minutes(14))])
        #expect(scenario.secrets.map(\.name) == ["dd-secret"])
        #expect(scenario.secrets[0].data.map(\.key) == ["a", "b"])
        #expect(scenario.providers.jobs.map(\.metric) == ["smoke-test"])
        #expect(scenario.providers.jobs.first?.succeed == false)
        #expect(scenario.providers.web.map(\.metric) == ["version"])
        #expect(scenario.providers.synthetic.first?.values.map(\.value) == [0.01, 0.2])
        #expect(scenario.timeline.map(\.verb) == ["setImage", "promote", "abort", "retry", "undo", "setVersion", "setTraffic"])
        #expect(scenario.timeline.map(\.at) == [.minutes(1), .minutes(20), .minutes(25), .minutes(26), .minutes(27), .minutes(30), .minutes(31)])
        #expect(scenario.expectations.count == 7)
        #expect(loaded?.sources.map(\.path) == ["s/scenario.yaml", "s/manifests/rollout.yaml"])
    }

    @Test("every problem is reported at once, with file:line:column and what was expected")
    func badInput() {
        let (loaded, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata: {name: broken}
        spec:
          seed: -3
          duration: 45
          durration: 45m
          traffic: {rps: -5, weightStep: 0}
          versions:
            - {image: a, errorRate: 150%}
            - {image: b, latency: {p50: 2s, p99: 1s}}
          cluster: {podStartup: {min: 40s, max: 10s}}
          prometheus: {scrapeInterval: 0s, outages: [{from: 10m, to: 5m}], targetLabels: {pod: "{{pod.nmae}}"}}
          timeline:
            - {at: 1m, setImage: {rollout: chekout, image: x}}
            - {at: 2m}
            - {at: 3m, promote: {rollout: checkout}, abort: {rollout: checkout}}
          expect:
            - {rollout: checkout, phase: Degradd}
            - {rollout: checkout, maxRouterWeight: 120}
            - {analysisRun: {rollout: checkout, template: nope}, phase: Failed}
        ---
        \(checkoutRollout)
        """)
        #expect(loaded != nil)
        #expect(diagnostics == [
            "s/scenario.yaml:5:9: spec.seed must be a non-negative integer, got '-3' (expected an integer such as 42)",
            "s/scenario.yaml:6:13: spec.duration: invalid duration '45': missing unit after '45' (expected a duration such as 30s, 1m30s, 2h or 500ms)",
            "s/scenario.yaml:7:3: unknown field 'durration' in spec (expected one of: cluster, duration, expect, history, manifests, prometheus, providers, secrets, seed, timeline, traffic, versions; did you mean 'duration'?)",
            "s/scenario.yaml:8:18: spec.traffic.rps must be a finite number ≥ 0, got '-5' (expected a number such as 200)",
            "s/scenario.yaml:8:34: traffic.weightStep 0 is out of range (expected an integer from 1 to 100)",
            "s/scenario.yaml:10:29: spec.versions[0].errorRate 150% is outside 0%–100% (expected a percentage such as 2% or a fraction from 0 to 1)",
            "s/scenario.yaml:11:27: latency p99 1s is below p50 2s (expected p50 ≤ p99)",
            "s/scenario.yaml:12:25: podStartup min 40s is greater than max 10s (expected min ≤ max)",
            "s/scenario.yaml:13:32: spec.prometheus.scrapeInterval must be longer than 0s (expected a duration such as 30s, 1m30s, 2h or 500ms)",
            "s/scenario.yaml:13:46: spec.prometheus.outages[0] ends (5m) before it starts (10m) (expected from < to)",
            "s/scenario.yaml:13:88: unknown template variable 'pod.nmae' in '{{pod.nmae}}' (expected templates over {{pod.name}}, {{pod.namespace}}, {{pod.labels.KEY}}, {{rollout.name}}, {{rollout.namespace}})",
            "s/scenario.yaml:15:36: unknown rollout 'chekout' (expected one of: shop/checkout; did you mean 'checkout'?)",
            "s/scenario.yaml:16:7: spec.timeline[1] has no action (expected exactly one of: setImage, promote, abort, retry, pause, undo, apply, setVersion, setTraffic)",
            "s/scenario.yaml:17:7: spec.timeline[2] has several actions (promote, abort) (expected exactly one of: setImage, promote, abort, retry, pause, undo, apply, setVersion, setTraffic)",
            "s/scenario.yaml:19:34: 'Degradd' is not a phase (expected Healthy, Progressing, Paused, Degraded; did you mean 'Degraded'?)",
            "s/scenario.yaml:20:44: spec.expect[1].maxRouterWeight 120.0 is over 100 (expected a weight from 0 to 100)",
            "s/scenario.yaml:21:7: no analysis template 'nope' (expected the rollout uses no analysis template)",
        ])
    }

    @Test("a file without a Scenario document, or with two, is refused")
    func scenarioDocumentCount() {
        let (none, noneDiagnostics) = loadScenario(checkoutRollout)
        #expect(none == nil)
        #expect(noneDiagnostics == ["s/scenario.yaml:1:1: no Scenario document in this file (expected a document with kind: Scenario)"])
        let twice = "apiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: a}\n---\napiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: b}\n"
        let (_, twiceDiagnostics) = loadScenario(twice)
        #expect(twiceDiagnostics == ["s/scenario.yaml:5:1: a second Scenario document in one file (expected one Scenario per file)"])
    }

    @Test("paths resolve relative to the scenario file, and missing ones are named")
    func missingPaths() {
        let (_, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata: {name: paths}
        spec:
          manifests: [missing/, rollout.yaml]
          prometheus: {ruleFiles: [rules.yaml]}
          timeline:
            - {at: 5m, apply: {file: v2.yaml}}
        """, extraFiles: ["s/rollout.yaml": checkoutRollout])
        #expect(diagnostics == [
            "s/scenario.yaml:5:15: manifest path 'missing/' does not exist (expected a file or folder relative to the scenario)",
            "s/scenario.yaml:6:28: rule file 'rules.yaml' does not exist (expected a Prometheus rule file relative to s/scenario.yaml)",
            "s/scenario.yaml:8:30: apply: file 'v2.yaml' does not exist (expected a manifest file relative to s/scenario.yaml)",
        ])
    }

    @Test("setImage must name an existing container when the pod has several")
    func containers() {
        let twoContainers = checkoutRollout.replacingOccurrences(of: "          image: ghcr.io/acme/checkout:1.8.0", with: "          image: ghcr.io/acme/checkout:1.8.0\n        - name: sidecar\n          image: envoy:1")
        let (_, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata: {name: containers}
        spec:
          timeline:
            - {at: 1m, setImage: {rollout: checkout, image: x}}
            - {at: 2m, setImage: {rollout: checkout, container: web, image: x}}
        ---
        \(twoContainers)
        """)
        #expect(diagnostics == [
            "s/scenario.yaml:6:7: rollout 'checkout' has 2 containers: setImage must name one (expected container: one of checkout, sidecar)",
            "s/scenario.yaml:7:7: rollout 'checkout' has no container 'web' (expected one of: checkout, sidecar)",
        ])
    }

    @Test("request rates above what the simulator can count exactly are refused")
    func hugeRate() {
        let (_, diagnostics) = loadScenario("""
        apiVersion: rollout-sim/v1alpha1
        kind: Scenario
        metadata: {name: huge}
        spec:
          traffic: {rps: 1e16}
        ---
        \(checkoutRollout)
        """)
        #expect(diagnostics == ["s/scenario.yaml:5:18: spec.traffic.rps 1e16 is more than the simulator can count (expected at most 10000000 requests per second)"])
    }
}
