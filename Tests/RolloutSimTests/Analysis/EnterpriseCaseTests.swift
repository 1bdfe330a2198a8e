import PromQL
import Testing
@testable import RolloutSim

/// The article's enterprise case at the engine level: 60 s scrapes, `rate(...[2m])`, and a query
/// that is or is not scoped to the canary's pod-template-hash.
@Suite("Enterprise case: windowing and hash scoping")
struct EnterpriseCaseTests {
    static let stableHash = "5c7d8f9b4"
    static let canaryHash = "6d9f8b7c5"
    static let scrapeIntervalSeconds: Int64 = 60
    static let requestsPerMinute = 6000  // 100 rps per pod

    /// Counters of 19 stable pods and 1 canary pod, scraped every 60 s from t = 0 to 15 m, each
    /// pod at the same request rate, with exact error counts per minute.
    ///
    /// - Parameter canaryErrors: the canary's 5xx count in minute `m` (the minute ending at m·60 s).
    static func storage(stableErrorsPerMinute: Int = 6, canaryErrors: @escaping (Int) -> Int) -> SeriesStorage {
        let storage = SeriesStorage()
        func labels(pod: String, hash: String, code: String) -> Labels {
            Labels([Label(name: "__name__", value: "http_requests_total"), Label(name: "code", value: code),
                    Label(name: "namespace", value: "shop"), Label(name: "pod", value: pod),
                    Label(name: "rollouts_pod_template_hash", value: hash), Label(name: "service", value: "checkout")])
        }
        var pods: [(name: String, hash: String, errors: (Int) -> Int)] = []
        for index in 0..<19 {
            pods.append((name: "checkout-\(stableHash)-\(index)", hash: stableHash, errors: { _ in stableErrorsPerMinute }))
        }
        pods.append((name: "checkout-\(canaryHash)-0", hash: canaryHash, errors: canaryErrors))
        for pod in pods {
            var ok = 0
            var errors = 0
            for minute in 0...15 {
                if minute > 0 {
                    let minuteErrors = pod.errors(minute)
                    errors += minuteErrors
                    ok += requestsPerMinute - minuteErrors
                }
                let time = Int64(minute) * scrapeIntervalSeconds * 1000
                storage.append(labels(pod: pod.name, hash: pod.hash, code: "200"), timestampMs: time, value: Double(ok))
                storage.append(labels(pod: pod.name, hash: pod.hash, code: "500"), timestampMs: time, value: Double(errors))
            }
        }
        return storage
    }

    static let manifests = """
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata:
      name: error-rate
      namespace: shop
    spec:
      args:
        - name: service
        - name: namespace
        - name: canary-hash
      metrics:
        - name: error-rate-unscoped
          interval: 30s
          count: 4
          successCondition: result[0] <= 0.01
          provider:
            prometheus:
              address: http://prometheus.monitoring:9090
              query: |
                sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}",code=~"5.."}[2m]))
                /
                sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}"}[2m]))
        - name: error-rate-canary
          interval: 30s
          count: 4
          successCondition: result[0] <= 0.01
          provider:
            prometheus:
              address: http://prometheus.monitoring:9090
              query: |
                sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}",rollouts_pod_template_hash="{{args.canary-hash}}",code=~"5.."}[2m]))
                /
                sum(rate(http_requests_total{namespace="{{args.namespace}}",service="{{args.service}}",rollouts_pod_template_hash="{{args.canary-hash}}"}[2m]))
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata:
      name: checkout
      namespace: shop
    spec:
      replicas: 20
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
          steps:
            - setWeight: 5
            - analysis:
                templates:
                  - templateName: error-rate
                args:
                  - name: service
                    valueFrom:
                      fieldRef: {fieldPath: metadata.name}
                  - name: namespace
                    valueFrom:
                      fieldRef: {fieldPath: metadata.namespace}
                  - name: canary-hash
                    valueFrom:
                      podTemplateHashValue: Latest
    """

    static func stepRun() throws -> AnalysisRun {
        let (set, diagnostics) = AnalysisFixture.decodeManifests(manifests)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty)
        let rollout = try #require(set.rollouts.first)
        let analysis = try #require(rollout.spec.strategy.canary?.steps[1].analysis)
        return try AnalysisRun.fromRollout(rollout, analysis: analysis, kind: .step(index: 1), templates: set.analysisTemplates,
                                           latestPodTemplateHash: canaryHash, stablePodTemplateHash: stableHash, revision: 2)
    }

    static func context(_ storage: SeriesStorage) -> StorageContext {
        StorageContext(storage: storage, address: "http://prometheus.monitoring:9090")
    }

    static func firstValue(_ run: AnalysisRun, _ metric: String) -> Double? {
        guard let text = run.status.result(named: metric)?.measurements.first?.rawValue else { return nil }
        return Double(text.dropFirst().dropLast())
    }

    @Test("unscoped, a 5% canary behind a 95% stable at 0.1% reads as 0.345%; scoped by hash it reads 5%")
    func hashScoping() throws {
        // Goal: the article's numbers. Method: 19 stable pods (6 errors / 6000 per minute) and one
        // canary pod (300 / 6000); the run is built from the rollout's step with the canary hash arg.
        let run = try Self.stepRun()
        #expect(run.name == "checkout-\(Self.canaryHash)-2-1")
        let (measured, _) = AnalysisController.reconcile(run, now: VirtualTime(milliseconds: 600_500),
                                                         context: Self.context(Self.storage { _ in 300 }))
        let unscoped = try #require(Self.firstValue(measured, "error-rate-unscoped"))
        let scoped = try #require(Self.firstValue(measured, "error-rate-canary"))
        // (19 · 6 + 300) / (20 · 6000) and 300 / 6000.
        #expect(abs(unscoped - 0.00345) < 1e-12)
        #expect(abs(scoped - 0.05) < 1e-12)
        // The unscoped metric passes the 1% bar the canary alone fails.
        #expect(measured.status.result(named: "error-rate-unscoped")?.measurements.first?.phase == .successful)
        #expect(measured.status.result(named: "error-rate-canary")?.measurements.first?.phase == .failed)
        #expect(measured.status.result(named: "error-rate-canary")?.measurements.first?.condition == .failure)
        // The stored query names the canary's hash.
        let query = measured.status.result(named: "error-rate-canary")?.measurements.first?.query ?? ""
        #expect(query.contains("rollouts_pod_template_hash=\"\(Self.canaryHash)\""))
        #expect(query.contains("service=\"checkout\""))
        let summary = measured.summary()
        #expect(summary.kind == "step")
        #expect(summary.templates == ["error-rate"])
        #expect(summary.metrics.map(\.name) == ["error-rate-unscoped", "error-rate-canary"])
        #expect(summary.metrics[1].measurements.first?.value == measured.status.result(named: "error-rate-canary")?.measurements.first?.value)
        #expect(summary.metrics[1].measurements.first?.condition == "failure")
    }

    @Test("with 60 s scrapes, measurements every 30 s read each 2-sample window twice")
    func underFilledWindowReread() throws {
        // Goal: `rate(...[2m])` over 60 s scrapes holds two samples, so a 30 s interval re-reads the
        // same minute. Method: the canary's errors grow by 30 each minute, so each minute's ratio is
        // distinct; four measurements from 600.5 s give two pairs of equal values.
        var run = try Self.stepRun()
        // Keep the canary metric measuring through its failures.
        run.spec.metrics[1].failureLimit = .int(4)
        var driver = VirtualClockDriver(run: run, context: Self.context(Self.storage { minute in 300 + 30 * minute }),
                                        start: VirtualTime(milliseconds: 600_500))
        driver.drive(until: VirtualTime(milliseconds: 900_000))
        #expect(driver.measurementTimes("error-rate-canary") == [600_000, 630_000, 660_000, 690_000])
        let values = driver.run.status.result(named: "error-rate-canary")?.measurements.compactMap { Double($0.rawValue?.dropFirst().dropLast() ?? "") } ?? []
        #expect(values.count == 4)
        // Minute 10 (540 → 600 s): 600 / 6000; minute 11 (600 → 660 s): 630 / 6000.
        #expect(abs(values[0] - 0.1) < 1e-12)
        #expect(values[1] == values[0])
        #expect(abs(values[2] - 0.105) < 1e-12)
        #expect(values[3] == values[2])

        // And the window really holds two samples.
        let samples = try SimulatedPrometheus(storage: Self.storage { _ in 300 })
            .query(address: nil, query: "count_over_time(http_requests_total{pod=\"checkout-\(Self.canaryHash)-0\",code=\"500\"}[2m])",
                   at: VirtualTime(milliseconds: 630_001))
        guard case .vector(let vector) = samples else {
            Issue.record("expected a vector, got \(samples.resultType)")
            return
        }
        #expect(vector.map(\.value) == [2])
    }
}
