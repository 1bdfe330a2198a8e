/// The built-in demo of `rollout-sim run` without a scenario: the checkout canary of
/// `scenarios/checkout-canary.yaml`, embedded so the binary needs no files (a test checks the
/// copy equals the file).
public enum DemoScenario {
    /// The path the demo's diagnostics name.
    public static let path = "scenarios/checkout-canary.yaml"

    /// Loads the embedded demo. Problems go to `sink`.
    public static func load(sink: DiagnosticSink) -> LoadedScenario? {
        ScenarioLoader(files: EmbeddedFiles(files: [path: text])).load(path, sink: sink)
    }

    public static let text = #"""
# The checkout canary of the seed article: 8 replicas behind NGINX, a 5% canary with a metric gate.
#
# What to look for when it runs: checkout 1.9.0 answers 2% of requests with a 5xx and has a slow
# tail. The AnalysisTemplate below measures the canary alone (its queries are scoped by the
# canary's pod-template-hash), so the regression is caught at the 5% step and the rollout aborts:
# NGINX sends all traffic back to the stable pods and the Rollout goes Degraded.
apiVersion: rollout-sim/v1alpha1
kind: Scenario
metadata:
  name: checkout-canary
  description: The seed article's checkout canary; 1.9.0 regresses and the analysis aborts it.
spec:
  seed: 42
  duration: 30m
  cluster:
    podStartup: {min: 10s, max: 25s}
    podShutdown: 5s
  traffic:
    rps: 200
  versions:
    - image: ghcr.io/acme/checkout:1.8.0
      errorRate: 0.1%
      latency: {p50: 40ms, p99: 250ms}
      capacityRps: 60
    - image: ghcr.io/acme/checkout:1.9.0
      errorRate: 2%
      latency: {p50: 45ms, p99: 1200ms}
  prometheus:
    scrapeInterval: 15s
  timeline:
    - {at: 1m, setImage: {rollout: checkout, container: checkout, image: ghcr.io/acme/checkout:1.9.0}}
  expect:
    - {rollout: checkout, phase: Degraded}
    - {rollout: checkout, abortedWithin: 10m}
    - {rollout: checkout, maxRouterWeight: 5}
    - {analysisRun: {rollout: checkout, template: success-rate-latency}, phase: Failed}
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 8
  revisionHistoryLimit: 3
  selector:
    matchLabels:
      app: checkout
  template:
    metadata:
      labels:
        app: checkout
    spec:
      containers:
        - name: checkout
          image: ghcr.io/acme/checkout:1.8.0
          ports:
            - containerPort: 8080
  strategy:
    canary:
      canaryService: checkout-canary
      stableService: checkout-stable
      trafficRouting:
        nginx:
          stableIngress: checkout
      steps:
        - setWeight: 5
        - pause: {duration: 2m}
        - analysis:
            templates:
              - templateName: success-rate-latency
            args:
              - name: canary-hash
                valueFrom:
                  podTemplateHashValue: Latest
        - setWeight: 25
        - pause: {duration: 5m}
        - setWeight: 50
        - pause: {duration: 5m}
        - setWeight: 100
---
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate-latency
  namespace: shop
spec:
  args:
    - name: canary-hash
  metrics:
    - name: success-rate
      interval: 30s
      count: 4
      failureLimit: 1
      successCondition: len(result) == 0 || result[0] >= 0.99
      failureCondition: len(result) > 0 && result[0] < 0.99
      provider:
        prometheus:
          address: http://prometheus-operated.monitoring:9090
          query: |
            sum(rate(http_requests_total{namespace="shop", rollouts_pod_template_hash="{{args.canary-hash}}", code!~"5.."}[1m]))
            /
            sum(rate(http_requests_total{namespace="shop", rollouts_pod_template_hash="{{args.canary-hash}}"}[1m]))
    - name: latency-p99
      interval: 30s
      count: 4
      failureLimit: 1
      successCondition: len(result) == 0 || result[0] <= 0.5
      failureCondition: len(result) > 0 && result[0] > 0.5
      provider:
        prometheus:
          address: http://prometheus-operated.monitoring:9090
          query: |
            histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop", rollouts_pod_template_hash="{{args.canary-hash}}"}[1m])))
---
apiVersion: v1
kind: Service
metadata:
  name: checkout-stable
  namespace: shop
spec:
  selector:
    app: checkout
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: checkout-canary
  namespace: shop
spec:
  selector:
    app: checkout
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  rules:
    - host: checkout.acme.example
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: checkout-stable
                port:
                  number: 80

"""#
}

/// Files held in memory, for the embedded demo.
struct EmbeddedFiles: FileReading {
    let files: [String: String]

    func contents(of path: String) throws -> String {
        guard let text = files[path] else { throw EmbeddedFileError(path: path) }
        return text
    }
    func isDirectory(_ path: String) -> Bool { false }
    func exists(_ path: String) -> Bool { files[path] != nil }
    func listing(of directory: String) throws -> [String] { [] }
}

struct EmbeddedFileError: Error {
    var path: String
}
