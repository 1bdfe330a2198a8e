import Testing
@testable import RolloutSim

/// Building runs from templates and a Rollout's args (reference §8.2; Argo's
/// NewAnalysisRunFromTemplates, FlattenTemplates, MergeArgs, BuildArgumentsForRolloutAnalysisRun).
@Suite("AnalysisRun construction")
struct AnalysisRunConstructionTests {
    typealias F = AnalysisFixture
    let now = VirtualTime(milliseconds: 60_000)

    static let rolloutYAML = """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata:
      name: checkout
      namespace: shop
      labels: {team: payments}
    spec:
      replicas: 4
      selector:
        matchLabels: {app: checkout}
      template:
        metadata:
          labels: {app: checkout}
        spec:
          containers:
            - name: checkout
              image: ghcr.io/acme/checkout:1.9.0
      strategy:
        canary:
          analysis:
            templates:
              - templateName: success-rate
              - templateName: cluster-latency
                clusterScope: true
            args:
              - name: service
                value: checkout-canary
              - name: stable-hash
                valueFrom: {podTemplateHashValue: Stable}
              - name: latest-hash
                valueFrom: {podTemplateHashValue: Latest}
              - name: team
                valueFrom:
                  fieldRef: {fieldPath: "metadata.labels['team']"}
              - name: replicas
                valueFrom:
                  fieldRef: {fieldPath: spec.replicas}
              - name: undeclared
                value: dropped
          steps:
            - setWeight: 20
    """

    static let templatesYAML = """
    apiVersion: argoproj.io/v1alpha1
    kind: ClusterAnalysisTemplate
    metadata: {name: cluster-latency}
    spec:
      args:
        - name: service
      metrics:
        - name: latency
          successCondition: result[0] < 0.5
          provider:
            prometheus:
              address: http://prometheus:9090
              query: histogram_quantile(0.99, rate(latency_bucket{service="{{args.service}}"}[2m]))
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: success-rate, namespace: shop}
    spec:
      args:
        - name: service
        - name: stable-hash
        - name: latest-hash
        - name: team
        - name: replicas
        - name: threshold
          value: "0.99"
        - name: api-key
          valueFrom:
            secretKeyRef: {name: prom-auth, key: token}
      metrics:
        - name: success-rate
          successCondition: result[0] >= {{args.threshold}}
          provider:
            prometheus:
              address: http://prometheus:9090
              query: ratio{service="{{args.service}}",hash="{{args.latest-hash}}",stable="{{args.stable-hash}}",team="{{args.team}}",replicas="{{args.replicas}}",key="{{args.api-key}}"}
    """

    func build(_ extraTemplates: String = "") throws -> AnalysisRun {
        let (set, diagnostics) = F.decodeManifests(Self.rolloutYAML + "\n---\n" + Self.templatesYAML + extraTemplates)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message) == [])
        let rollout = try #require(set.rollouts.first)
        let analysis = try #require(rollout.spec.strategy.canary?.analysis)
        return try AnalysisRun.fromRollout(rollout, analysis: analysis, kind: .background,
                                           templates: set.analysisTemplates + set.clusterAnalysisTemplates,
                                           latestPodTemplateHash: "abc123", stablePodTemplateHash: "def456", revision: 3)
    }

    @Test("metrics come namespaced templates first, then cluster templates; name and labels as upstream")
    func mergedTemplates() throws {
        let run = try build()
        #expect(run.spec.metrics.map(\.name) == ["success-rate", "latency"])
        #expect(run.name == "checkout-abc123-3")
        #expect(run.namespace == "shop")
        #expect(run.labels.map(\.key) == ["app", "rollout-type", "rollouts-pod-template-hash"])
        #expect(run.labels.map(\.value) == ["checkout", "Background", "abc123"])
        #expect(run.annotations.map(\.value) == ["3"])
    }

    @Test("args resolve as upstream: literal, podTemplateHashValue, fieldRef; undeclared rollout args are dropped")
    func arguments() throws {
        let run = try build()
        let byName = Dictionary(uniqueKeysWithValues: run.spec.args.map { ($0.name, $0) })
        #expect(run.spec.args.map(\.name) == ["service", "stable-hash", "latest-hash", "team", "replicas", "threshold", "api-key"])
        #expect(byName["service"]?.value == "checkout-canary")
        #expect(byName["stable-hash"]?.value == "def456")
        #expect(byName["latest-hash"]?.value == "abc123")
        #expect(byName["team"]?.value == "payments")
        #expect(byName["replicas"]?.value == "4")
        #expect(byName["threshold"]?.value == "0.99")
        #expect(byName["api-key"]?.secretKeyRef == AnalysisRunArgument.SecretKeyRef(name: "prom-auth", key: "token"))
    }

    @Test("the query and condition are templated at measurement time, with the secret read then and redacted")
    func templatingAndSecrets() throws {
        var context = StorageContext()
        context.secrets.add(name: "prom-auth", namespace: "shop", data: [(key: "token", value: "s3cr3t")])
        let (run, _) = AnalysisController.reconcile(try build(), now: now, context: context)
        let measurement = try #require(run.status.result(named: "success-rate")?.measurements.first)
        #expect(measurement.query == "ratio{service=\"checkout-canary\",hash=\"abc123\",stable=\"def456\",team=\"payments\",replicas=\"4\",key=\"*****\"}")
        // No series: an empty vector, and the condition on it errors.
        #expect(measurement.phase == .error)
        #expect(measurement.message == "could not evaluate successCondition \"result[0] >= 0.99\": metric result is nil or empty: no data returned from the metric provider")
    }

    @Test("a secret that does not exist errors the run with Kubernetes' message")
    func missingSecret() throws {
        let (run, _) = AnalysisController.reconcile(try build(), now: now, context: StorageContext())
        #expect(run.status.phase == .error)
        #expect(run.status.message == "Unable to resolve metric arguments: secrets \"prom-auth\" not found")
        var wrongKey = StorageContext()
        wrongKey.secrets.add(name: "prom-auth", data: [(key: "other", value: "x")])
        let (keyRun, _) = AnalysisController.reconcile(try build(), now: now, context: wrongKey)
        #expect(keyRun.status.message == "Unable to resolve metric arguments: key 'token' does not exist in secret 'prom-auth'")
    }

    @Test("scenario secrets and Secret manifests both resolve secretKeyRef")
    func secretStore() throws {
        let scenarioSecret = ScenarioSecret(name: "dd", data: [(key: "api-key", value: "xyz")], location: F.here)
        let store = SecretStore(scenarioSecrets: [scenarioSecret])
        #expect(try store.value(name: "dd", key: "api-key", namespace: "any") == "xyz")
        #expect(throws: ProviderError("secrets \"nope\" not found")) { try store.value(name: "nope", key: "k", namespace: "x") }
    }

    @Test("a Secret manifest in the run's namespace wins over a scenario secret of the same name")
    func secretManifest() throws {
        let (set, diagnostics) = F.decodeManifests("""
        apiVersion: v1
        kind: Secret
        metadata: {name: prom-auth, namespace: shop}
        data: {token: czNjcjN0}
        """)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        let store = SecretStore(scenarioSecrets: [ScenarioSecret(name: "prom-auth", data: [(key: "token", value: "scenario")], location: F.here)],
                                manifests: set.secrets)
        #expect(try store.value(name: "prom-auth", key: "token", namespace: "shop") == "s3cr3t")
        #expect(try store.value(name: "prom-auth", key: "token", namespace: "other") == "scenario")
    }

    @Test("two templates with the same metric name are refused")
    func duplicateMetricNames() throws {
        let duplicate = """

        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: success-rate-2, namespace: shop}
        spec:
          metrics:
            - name: latency
              provider: {prometheus: {address: "http://p:9090", query: up}}
        """
        let (set, _) = F.decodeManifests(Self.templatesYAML + duplicate)
        #expect(throws: AnalysisRunConstructionError(message: "two metrics have the same name 'latency'")) {
            try AnalysisRun.fromTemplates(set.analysisTemplates + set.clusterAnalysisTemplates,
                                          args: [AnalysisRunArgument(name: "service", value: "s")], name: "r", namespace: "shop")
        }
    }

    @Test("a template arg nobody supplies is refused with upstream's message")
    func unresolvedArgument() throws {
        let (set, _) = F.decodeManifests(Self.templatesYAML)
        #expect(throws: AnalysisRunConstructionError(message: "args.service was not resolved")) {
            try AnalysisRun.fromTemplates(set.clusterAnalysisTemplates, args: [], name: "r", namespace: "shop")
        }
    }

    @Test("a template that does not exist is named as the API server would")
    func missingTemplate() throws {
        let (set, _) = F.decodeManifests(Self.rolloutYAML)
        let rollout = try #require(set.rollouts.first)
        let analysis = try #require(rollout.spec.strategy.canary?.analysis)
        #expect(throws: AnalysisRunConstructionError(message: "analysistemplate.argoproj.io \"success-rate\" not found")) {
            try AnalysisRun.fromRollout(rollout, analysis: analysis, kind: .step(index: 0), templates: [],
                                        latestPodTemplateHash: "a", stablePodTemplateHash: "b", revision: 1)
        }
    }

    @Test("two different literal values for one arg across templates are refused")
    func conflictingArgumentValues() throws {
        let conflicting = """

        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: other, namespace: shop}
        spec:
          args:
            - name: threshold
              value: "0.95"
          metrics:
            - name: other
              provider: {prometheus: {address: "http://p:9090", query: up}}
        """
        let (set, _) = F.decodeManifests(Self.templatesYAML + conflicting)
        #expect(throws: AnalysisRunConstructionError(
            message: "Argument `threshold` specified multiple times with different values: '0.99', '0.95'")) {
            try AnalysisRun.fromTemplates(set.analysisTemplates, args: [], name: "r", namespace: "shop")
        }
    }

    @Test("an undeclared {{args.x}} makes the run Error with upstream's message")
    func undeclaredArgumentInQuery() {
        let metric = F.metric("m", successCondition: "result[0] > {{args.limit}}", provider: .prometheus(query: "up"))
        let (run, requeue) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])), now: now,
                                                          context: StorageContext())
        #expect(run.status.phase == .error)
        #expect(run.status.message == "Unable to resolve metric arguments: failed to resolve {{args.limit}}")
        #expect(requeue == nil)
    }

    @Test("count, interval and limits can be templated")
    func templatedNumbers() throws {
        var metric = F.metric("m", successCondition: "true", provider: .prometheus(query: "vector(1)"))
        metric.count = .string("{{args.n}}")
        metric.interval = "{{args.every}}"
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric], args: [
            AnalysisRunArgument(name: "n", value: "2"), AnalysisRunArgument(name: "every", value: "30s"),
        ]))
        var driver = VirtualClockDriver(run: run, context: StorageContext(), start: now)
        driver.drive(until: VirtualTime(milliseconds: 600_000))
        #expect(driver.run.status.phase == .successful)
        #expect(driver.measurementTimes("m") == [60_000, 90_000])
    }

    @Test("validation errors put the run in Error before any measurement: count 1 with failureLimit 3")
    func validation() {
        let metric = F.metric("m", count: 1, failureLimit: 3, provider: .prometheus(query: "up"))
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])), now: now,
                                                    context: StorageContext())
        #expect(run.status.phase == .error)
        #expect(run.status.message == "Analysis spec invalid: metrics[0]: count (1) must be >= failureLimit + consecutiveSuccessLimit (3 + 0) if both >= 0")
        #expect(run.status.metricResults.isEmpty)
    }
}

/// Upstream's secret tests (TestSecretResolution, TestSecretNotFound, TestKeyNotInSecret,
/// TestSecretContentReferenceProviderError).
@Suite("Secret arguments")
struct SecretArgumentTests {
    typealias F = AnalysisFixture

    @Test("TestSecretResolution: the secret's value replaces the arg and is listed for redaction")
    func resolution() throws {
        var store = SecretStore()
        store.add(name: "web-metric-secret", namespace: "default", data: [(key: "apikey", value: "12345")])
        let args = [AnalysisRunArgument(name: "secret", secretKeyRef: .init(name: "web-metric-secret", key: "apikey"))]
        let resolved = try AnalysisController.resolveSecrets(args, namespace: "default", store: store)
        #expect(resolved.args.map(\.value) == ["12345"])
        #expect(resolved.secrets == ["12345"])
        let metric = try F.metric("metric-name", successCondition: "{{args.secret}}").resolvingArguments(resolved.args)
        #expect(metric.successCondition == "12345")
    }

    @Test("TestSecretNotFound and TestKeyNotInSecret: Kubernetes' and Argo's messages")
    func notFound() {
        var store = SecretStore()
        store.add(name: "secret-name", namespace: "default", data: [])
        #expect(throws: ProviderError("secrets \"secret-does-not-exist\" not found")) {
            try AnalysisController.resolveSecrets([AnalysisRunArgument(name: "s", secretKeyRef: .init(name: "secret-does-not-exist", key: ""))],
                                                  namespace: "default", store: store)
        }
        #expect(throws: ProviderError("key 'key-name' does not exist in secret 'secret-name'")) {
            try AnalysisController.resolveSecrets([AnalysisRunArgument(name: "s", secretKeyRef: .init(name: "secret-name", key: "key-name"))],
                                                  namespace: "default", store: store)
        }
    }

    @Test("TestSecretContentReferenceProviderError: a secret in a provider's error message is redacted")
    func redaction() {
        var context = StorageContext(address: "http://prometheus.monitoring:9090")
        context.secrets.add(name: "prom", data: [(key: "host", value: "secret-host")])
        let metric = F.metric("rate", successCondition: "result[0] > 0",
                              provider: .prometheus(query: "up", address: "http://{{args.host}}:9090"))
        let run = AnalysisRun(spec: AnalysisRunSpec(metrics: [metric], args: [
            AnalysisRunArgument(name: "host", secretKeyRef: .init(name: "prom", key: "host")),
        ]))
        let (reconciled, _) = AnalysisController.reconcile(run, now: VirtualTime(milliseconds: 60_000), context: context)
        let message = reconciled.status.result(named: "rate")?.measurements.first?.message
        #expect(message == "Post \"http://*****:9090/api/v1/query\": dial tcp: lookup *****: no such host")
    }

    @Test("a web metric can read the canary's live error rate")
    func webCanaryErrorRate() {
        var context = StorageContext()
        context.canaryErrorRateValue = 0.02
        context.providerOutcomes.web = [WebOutcome(metric: "errors", body: nil, canaryErrorRateWindow: .minutes(1), status: 200,
                                                   location: F.here)]
        let metric = F.metric("errors", successCondition: "result < 0.01", provider: .web)
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [metric])),
                                                    now: VirtualTime(milliseconds: 60_000), context: context)
        #expect(run.status.phase == .failed)
        #expect(run.status.result(named: "errors")?.measurements.first?.value == "0.02")
    }

    @Test("a web endpoint answering non-2xx is an Error measurement")
    func webNon2xx() {
        var context = StorageContext()
        context.providerOutcomes.web = [WebOutcome(metric: "errors", body: nil, canaryErrorRateWindow: nil, status: 503, location: F.here)]
        let (run, _) = AnalysisController.reconcile(AnalysisRun(spec: AnalysisRunSpec(metrics: [F.metric("errors", provider: .web)])),
                                                    now: VirtualTime(milliseconds: 60_000), context: context)
        #expect(run.status.result(named: "errors")?.measurements.first?.message == "received non 2xx response code: 503")
    }
}
