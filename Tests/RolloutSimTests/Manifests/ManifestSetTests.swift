import Testing
@testable import RolloutSim

@Suite("manifest set")
struct ManifestSetTests {
    static let text = """
    apiVersion: v1
    kind: Service
    metadata: {name: web, namespace: shop}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: ClusterAnalysisTemplate
    metadata: {name: smoke}
    spec: {metrics: [{name: m, provider: {job: {spec: {template: {spec: {containers: []}}}}}}]}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web}
    """

    @Test("lookups honour kind and namespace, and keep source order")
    func lookups() {
        let (set, diagnostics) = loadManifests(Self.text)
        #expect(diagnostics.map(\.description) == [])
        #expect(set.manifests.map(\.kind) == ["Service", "ClusterAnalysisTemplate", "Service"])
        #expect(set.manifests.map(\.namespace) == ["shop", "", "default"])
        #expect(set.service(named: "web", namespace: "shop")?.location == SourceLocation(file: "test.yaml", line: 1, column: 1))
        #expect(set.service(named: "web")?.location == SourceLocation(file: "test.yaml", line: 10, column: 1))
        #expect(set.clusterAnalysisTemplate(named: "smoke")?.spec.metrics.first?.provider.names == ["job"])
        #expect(set.analysisTemplate(named: "smoke") == nil)
    }

    @Test("a rollout on a Deployment's template validates against that template")
    func workloadRef() throws {
        let text = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web}
        spec:
          selector: {matchLabels: {app: web}}
          template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: web:2}]}}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web, scaleDown: progressively}
          strategy: {canary: {steps: [{setWeight: 50}, {pause: {}}]}}
        """
        let (set, diagnostics) = loadManifests(text)
        #expect(diagnostics.map(\.description) == [])
        let rollout = try #require(set.rollout(named: "web"))
        #expect(rollout.spec.workloadRef?.scaleDown == "progressively")
        #expect(set.deployment(named: "web")?.template?.containers.map(\.image) == ["web:2"])
    }

    @Test("duplicate metric names in one template are errors; its dryRun rules are checked per run")
    func templateRules() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          dryRun: [{metricName: nothing-.*}]
          metrics:
          - {name: m, provider: {prometheus: {query: up}}}
          - {name: m, provider: {prometheus: {query: up}}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:8:12: AnalysisTemplate t: metrics[1]: duplicate name 'm' (expected unique metric names)",
        ])
    }

    @Test("metric providers the simulator does not model are kept and reported")
    func unsupportedMetricProvider() throws {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - name: dd
            provider:
              datadog: {query: "avg:x", interval: 5m}
        """
        let (set, diagnostics) = loadManifests(text)
        let provider = try #require(set.analysisTemplate(named: "t")?.spec.metrics.first?.provider)
        #expect(provider.names == ["datadog"])
        #expect(provider.isSimulated == false)
        #expect(provider.others.first?.node["query"]?.scalar == "avg:x")
        #expect(diagnostics.map(\.description) == [
            "test.yaml:8:7: warning: metric provider datadog is not simulated; its outcome comes from the scenario's providers section (expected prometheus, web or job)",
        ])
    }
}
