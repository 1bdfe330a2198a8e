import Testing
@testable import RolloutSim

/// Each InvalidSpec rule of reference §14 with upstream's message (validation.go constants).
@Suite("manifest validation")
struct ManifestValidatorTests {
    static let services = """
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web-canary}
    spec: {selector: {app: web}}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: web-stable}
    spec: {selector: {app: web}}
    """

    @Test("maxSurge and maxUnavailable both zero")
    func bothZero() {
        let (_, diagnostics) = loadManifests(canaryRollout("maxSurge: 0%\nmaxUnavailable: 0"))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:17: The Rollout \"web\" is invalid: spec.strategy.maxSurge: Invalid value: 0%: MaxSurge and MaxUnavailable both can not be zero (expected maxSurge or maxUnavailable above zero)",
        ])
    }

    @Test("canary and stable service must differ")
    func sameServices() {
        let (_, diagnostics) = loadManifests(canaryRollout("canaryService: web-stable\nstableService: web-stable", extraDocuments: Self.services))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:22: The Rollout \"web\" is invalid: spec.strategy.stableService: Invalid value: \"web-stable\": This rollout uses the same service for the stable and canary services, but two different services are required.",
        ])
    }

    @Test("traffic routing requires canary and stable services")
    func routingNeedsServices() {
        let (_, diagnostics) = loadManifests(canaryRollout("trafficRouting:\n  smi: {}"))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:7: The Rollout \"web\" is invalid: spec.strategy.canaryService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing (expected canaryService)",
            "test.yaml:18:7: The Rollout \"web\" is invalid: spec.strategy.stableService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing (expected stableService)",
        ])
    }

    @Test("dynamicStableScale and scaleDownDelaySeconds need traffic routing")
    func needsRouting() {
        let (_, diagnostics) = loadManifests(canaryRollout("dynamicStableScale: true\nscaleDownDelaySeconds: 30\nsteps:\n- setCanaryScale: {replicas: 1}"))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:27: The Rollout \"web\" is invalid: spec.strategy.dynamicStableScale: Invalid value: true: Canary dynamicStableScale can only be used with traffic routing",
            "test.yaml:19:30: The Rollout \"web\" is invalid: spec.strategy.scaleDownDelaySeconds: Invalid value: 30: Canary scaleDownDelaySeconds can only be used with traffic routing",
            "test.yaml:21:25: The Rollout \"web\" is invalid: spec.strategy.trafficRouting: Required value: SetCanaryScale requires TrafficRouting to be set",
        ])
    }

    @Test("a step with two types, and a step with none")
    func stepTypes() {
        let (_, diagnostics) = loadManifests(canaryRollout("steps:\n- setWeight: 10\n  pause: {}\n- {}"))
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:9: The Rollout \"web\" is invalid: spec.strategy.steps[0]: Invalid value: \"step.Experiment: false step.Pause: true step.SetWeight: true step.Analysis: false\": Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause (expected one step type per list item; fields set: setWeight, pause)",
            "test.yaml:21:9: The Rollout \"web\" is invalid: spec.strategy.steps[1]: Invalid value: \"step.Experiment: true step.Pause: true step.SetWeight: true step.Analysis: true step.SetCanaryScale: true step.SetHeaderRoute: true step.SetMirrorRoute: true step.Plugin: true\": Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause",
        ])
    }

    @Test("blue-green active and preview services must differ")
    func blueGreenSameService() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: bg}
        spec:
          selector: {matchLabels: {app: bg}}
          template: {metadata: {labels: {app: bg}}, spec: {containers: [{name: bg, image: bg:1}]}}
          strategy:
            blueGreen: {activeService: bg, previewService: bg}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: bg}
        spec: {selector: {app: bg}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:8:32: The Rollout \"bg\" is invalid: spec.strategy.activeService: Invalid value: \"bg\": This rollout uses the same service for the active and preview services, but two different services are required.",
        ])
    }

    @Test("selector must match the template labels, progressDeadlineSeconds above minReadySeconds")
    func specRules() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          replicas: -1
          minReadySeconds: 700
          selector: {matchLabels: {app: other}}
          template: {metadata: {labels: {app: r}}, spec: {containers: [{name: r, image: r:1}]}}
          strategy: {canary: {}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:5:3: The Rollout \"r\" is invalid: spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds",
            "test.yaml:5:13: The Rollout \"r\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            "test.yaml:8:13: The Rollout \"r\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"r\"}: `selector` does not match template `labels`",
        ])
    }

    @Test("a missing strategy and a missing selector")
    func missingParts() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          template: {metadata: {labels: {app: r}}, spec: {containers: [{name: r, image: r:1}]}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:5:3: The Rollout \"r\" is invalid: spec.selector: Required value: Rollout has missing field '.spec.selector' (expected spec.selector.matchLabels matching the pod template's labels)",
            "test.yaml:5:3: The Rollout \"r\" is invalid: spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen' (expected strategy.canary or strategy.blueGreen)",
        ])
    }

    @Test("analysis templates must resolve; duplicate metric names across templates are refused")
    func templateReferences() {
        let text = canaryRollout("""
        steps:
        - analysis: {templates: [{templateName: missing}]}
        - analysis: {templates: [{templateName: a}, {templateName: b}]}
        """, extraDocuments: """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: a}
        spec: {metrics: [{name: m, provider: {prometheus: {query: up}}}]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: b}
        spec: {metrics: [{name: m, provider: {prometheus: {query: up}}}]}
        """)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:19:32: The Rollout \"web\" is invalid: spec.strategy.canary.steps[0].analysis.templates: Invalid value: \"missing\": AnalysisTemplate 'missing' not found (expected an AnalysisTemplate manifest named missing in namespace default)",
            "test.yaml:20:31: The Rollout \"web\" is invalid: spec.strategy.canary.steps[1].analysis.templates: Invalid value: \"templateNames: [a b]\": two metrics have the same name 'm'",
        ])
    }

    @Test("step analysis must not run indefinitely; missing args are refused")
    func indefiniteAndArgs() {
        let text = canaryRollout("""
        analysis: {templates: [{templateName: needs-arg}]}
        steps:
        - analysis: {templates: [{templateName: forever}]}
        """, extraDocuments: """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: forever}
        spec: {metrics: [{name: m, interval: 1m, provider: {prometheus: {query: up}}}]}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: needs-arg}
        spec:
          args: [{name: service}]
          metrics: [{name: m, provider: {prometheus: {query: "up{service='{{args.service}}'}"}}}]
        """)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:29: The Rollout \"web\" is invalid: spec.strategy.canary.analysis.templates: Invalid value: \"templateNames: [needs-arg]\": args.service was not resolved",
            "test.yaml:20:31: The Rollout \"web\" is invalid: spec.strategy.canary.steps[0].analysis.templates: Invalid value: \"forever\": AnalysisTemplate forever has metric m which runs indefinitely. Invalid value for count: <nil> (expected a count on metric m (test.yaml:25:18); only background analysis may run until promotion)",
        ])
    }

    @Test("metric rules that put a run in Error", arguments: [
        ("count: 1, failureLimit: 3, interval: 1m", "metrics[0]: count (1) must be >= failureLimit + consecutiveSuccessLimit (3 + 0) if both >= 0"),
        ("count: 3", "metrics[0]: interval must be specified when count > 1"),
        ("failureLimit: -2", "metrics[0]: failureLimit must be >= 0, or -1 to be disabled"),
        ("failureLimit: -1", "metrics[0]: failureLimit and consecutiveSuccessLimit cannot both be disabled"),
        ("inconclusiveLimit: -1", "metrics[0]: inconclusiveLimit must be >= 0"),
        ("consecutiveErrorLimit: -1", "metrics[0]: consecutiveErrorLimit must be >= 0"),
        ("consecutiveSuccessLimit: -1", "metrics[0]: consecutiveSuccessLimit must be >= 0"),
        ("count: 2, interval: 1m, inconclusiveLimit: 3", "metrics[0]: count must be >= inconclusiveLimit"),
    ])
    func metricRules(_ fields: String, _ message: String) {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - {name: m, \(fields), provider: {prometheus: {query: up}}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.message) == ["AnalysisTemplate t: \(message)"])
        #expect(errorTexts(diagnostics).first?.hasPrefix("test.yaml:6:") == true)
    }

    @Test("a metric needs exactly one provider")
    func providers() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - name: none
            provider: {}
          - name: two
            provider: {prometheus: {query: up}, web: {url: "http://x"}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:7:15: AnalysisTemplate t: metrics[0]: no provider specified (expected one provider such as prometheus, web or job)",
            "test.yaml:9:15: AnalysisTemplate t: metrics[1]: multiple providers specified (expected one provider, found prometheus, web)",
        ])
    }

    @Test("secretKeyRef must name a secret and key from the manifests or the scenario")
    func secrets() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          args:
          - {name: a, valueFrom: {secretKeyRef: {name: dd, key: api-key}}}
          - {name: b, valueFrom: {secretKeyRef: {name: dd, key: app-key}}}
          - {name: c, valueFrom: {secretKeyRef: {name: nope, key: k}}}
          metrics: [{name: m, provider: {prometheus: {query: up}}}]
        """
        let (_, diagnostics) = loadManifests(text, extraSecrets: ["dd": ["api-key": "x"]])
        #expect(errorTexts(diagnostics) == [
            "test.yaml:7:26: AnalysisTemplate t: args.b: key 'app-key' does not exist in secret 'dd' (expected a key of secret dd)",
            "test.yaml:8:26: AnalysisTemplate t: args.c: secrets \"nope\" not found (expected a Secret manifest named nope, or an entry nope under the scenario's secrets)",
        ])
    }

    @Test("referenced services and ingresses must exist and route to the stable service")
    func references() {
        let text = canaryRollout("""
        canaryService: web-canary
        stableService: web-stable
        trafficRouting:
          nginx: {stableIngress: web}
        """, extraDocuments: """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-stable}
        spec: {selector: {app: web, tier: front}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec:
          rules:
          - http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: web-canary, port: {number: 80}}}}
        """)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:22: The Rollout \"web\" is invalid: spec.strategy.canary.canaryService: Invalid value: \"web-canary\": service \"web-canary\" not found (expected a Service manifest named web-canary in namespace default)",
            "test.yaml:19:22: The Rollout \"web\" is invalid: spec.strategy.canary.stableService: Invalid value: \"web-stable\": Service \"web-stable\" has unmatch label \"tier\" in rollout (expected the pod template to carry tier: front (selector at test.yaml:23:1))",
            "test.yaml:21:32: The Rollout \"web\" is invalid: spec.strategy.canary.trafficRouting.nginx.stableIngress: Invalid value: \"web\": ingress `web` has no rules using service web-stable backend (expected a rule of the Ingress at test.yaml:28:1 with backend service web-stable)",
        ])
    }

    @Test("duplicate objects of one kind, namespace and name are an error")
    func duplicates() {
        let text = "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: a}\n"
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:5:1: duplicate Service default/a: already defined at test.yaml:1:1 (expected each kind, namespace and name once)",
        ])
    }

    @Test("the fixture validates clean")
    func fixtureClean() throws {
        let (_, diagnostics) = loadManifests(try fixtureText("checkout.yaml"), file: "checkout.yaml")
        #expect(diagnostics.map(\.description) == [])
    }
    @Test("header and mirror routes need a supporting router and managed routes")
    func routes() {
        let text = canaryRollout("""
        canaryService: web-canary
        stableService: web-stable
        trafficRouting:
          nginx: {stableIngress: web}
          maxTrafficWeight: 1000
        steps:
        - setHeaderRoute: {name: h, match: [{headerName: x, headerValue: {exact: a, prefix: b}}]}
        - setMirrorRoute: {name: m}
        - setWeight: 1001
        """, extraDocuments: Self.services + """

        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web}
        spec: {rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web-stable, port: {number: 80}}}}]}}]}
        """)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:21:9: The Rollout \"web\" is invalid: spec.strategy.trafficRouting.managedRoutes: Required value: Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'",
            "test.yaml:21:9: The Rollout \"web\" is invalid: spec.strategy.trafficRouting.managedRoutes: Required value: Rollout has missing field 'spec.strategy.canary.trafficRouting.managedRoutes'",
            "test.yaml:24:25: The Rollout \"web\" is invalid: spec.strategy.steps[0].setHeaderRoute: Invalid value: SetHeaderRoute{Name:\"h\"}: SetHeaderRoute requires TrafficRouting, supports Istio and ALB and Apisix",
            "test.yaml:25:25: The Rollout \"web\" is invalid: spec.strategy.steps[1].setMirrorRoute: Invalid value: SetMirrorRoute{Name:\"m\"}: SetMirrorRoute requires TrafficRouting, supports Istio and Plugins",
            "test.yaml:26:20: The Rollout \"web\" is invalid: spec.strategy.steps[2].setWeight: Invalid value: 1001: SetWeight needs to be between 0 and 1000",
        ])
    }

    @Test("Istio: the VirtualService must exist and its route must carry both services")
    func istio() {
        let text = canaryRollout("""
        canaryService: web-canary
        stableService: web-stable
        trafficRouting:
          istio:
            virtualService: {name: web-vs, routes: [primary]}
        """, extraDocuments: Self.services + """

        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: web-vs}
        spec:
          hosts: [web]
          http:
          - name: primary
            route:
            - destination: {host: web-stable}
              weight: 100
        """)
        let (set, diagnostics) = loadManifests(text)
        #expect(set.virtualServices.first?.http.first?.destinations.map(\.host) == ["web-stable"])
        #expect(errorTexts(diagnostics) == [
            "test.yaml:22:34: The Rollout \"web\" is invalid: spec.strategy.canary.trafficRouting.istio.virtualService.name: Invalid value: \"web-vs\": Istio VirtualService has invalid HTTP routes. Error: Canary Service 'web-canary' not found in route (expected routes of the VirtualService at test.yaml:34:1 with the canary and stable destinations)",
        ])
    }

    @Test("ping-pong, maxTrafficWeight and anti-affinity rules")
    func pingPongAndAffinity() {
        let text = canaryRollout("""
        pingPong: {pingService: p, pongService: p}
        trafficRouting:
          smi: {}
          maxTrafficWeight: 50
        antiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution: {weight: 0}
          requiredDuringSchedulingIgnoredDuringExecution: {}
        """)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:18:7: The Rollout \"web\" is invalid: spec.strategy.canaryService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing (expected canaryService)",
            "test.yaml:18:7: The Rollout \"web\" is invalid: spec.strategy.stableService: Invalid value: \"\": Canary service and Stable service must to be set to use Traffic Routing (expected stableService)",
            "test.yaml:18:31: The Rollout \"web\" is invalid: spec.strategy.canary.pingPong.pingService: Invalid value: \"p\": service \"p\" not found (expected a Service manifest named p in namespace default)",
            "test.yaml:18:31: The Rollout \"web\" is invalid: spec.strategy.pingPong.pingService: Invalid value: \"p\": This rollout uses the same service for the ping and pong services, but two different services are required.",
            "test.yaml:18:47: The Rollout \"web\" is invalid: spec.strategy.canary.pingPong.pongService: Invalid value: \"p\": service \"p\" not found (expected a Service manifest named p in namespace default)",
            "test.yaml:20:9: The Rollout \"web\" is invalid: spec.strategy.trafficRouting.alb: Invalid value: null: Ping-pong feature works with the ALB, Istio, and plugin-based traffic routers only",
            "test.yaml:21:27: The Rollout \"web\" is invalid: spec.strategy.trafficRouting.maxTrafficWeight: Invalid value: 50: Canary maxTrafficWeight in traffic routing only supported in Nginx and Plugins",
            "test.yaml:23:9: The Rollout \"web\" is invalid: spec.strategy.antiAffinity: Invalid value: \"antiAffinity.PreferredDuringSchedulingIgnoredDuringExecution: true antiAffinity.RequiredDuringSchedulingIgnoredDuringExecution: true\": AntiAffinity must have exactly one strategy listed",
            "test.yaml:23:58: The Rollout \"web\" is invalid: spec.strategy.antiAffinity.weight: Invalid value: 0: AntiAffinity weight must be between 1-100",
        ])
    }

    @Test("a workloadRef must name an existing Deployment, and the rollout's own template must be empty")
    func workloadRef() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          workloadRef: {apiVersion: apps/v1, kind: Deployment, name: missing}
          template: {spec: {containers: [{name: r, image: r:1}]}}
          strategy: {canary: {}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:5:62: The Rollout \"r\" is invalid: spec.workloadRef: Invalid value: \"missing\": deployments.apps \"missing\" not found (expected a Deployment manifest named missing in namespace default)",
            "test.yaml:6:13: The Rollout \"r\" is invalid: spec.template: Internal error: template must be empty for workload reference rollout",
        ])
    }

    @Test("a misspelt metric field is a warning with a did-you-mean")
    func metricTypo() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - name: m
            sucessCondition: result[0] > 0
            provider: {prometheus: {query: up}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [])
        #expect(warningTexts(diagnostics).count == 1)
        #expect(warningTexts(diagnostics).first?.hasPrefix("test.yaml:7:5: warning: unknown field 'sucessCondition' in spec.metrics[0] (expected one of: ") == true)
        #expect(warningTexts(diagnostics).first?.hasSuffix("did you mean 'successCondition'?)") == true)
    }
    @Test("setCanaryScale with several fields is a warning: replicas wins, as GetCanaryReplicasOrWeight does")
    func canaryScaleFields() {
        let text = canaryRollout("""
        canaryService: web-canary
        stableService: web-stable
        trafficRouting:
          smi: {}
        steps:
        - setCanaryScale: {replicas: 1, weight: 20}
        """, extraDocuments: Self.services)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [])
        #expect(warningTexts(diagnostics) == [
            "test.yaml:23:25: warning: spec.strategy.steps[0].setCanaryScale sets replicas and weight; only replicas takes effect (expected one of weight, replicas or matchTrafficWeight)",
        ])
    }
    @Test("a service already managed by another rollout is refused for the later one")
    func sharedService() {
        let second = canaryRollout("canaryService: web-canary2\nstableService: web-stable", name: "b", extraDocuments: Self.services)
        let text = canaryRollout("canaryService: web-canary\nstableService: web-stable", name: "a", extraDocuments: "---\n" + second)
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:38:22: The Rollout \"b\" is invalid: spec.strategy.canary.canaryService: Invalid value: \"web-canary2\": service \"web-canary2\" not found (expected a Service manifest named web-canary2 in namespace default)",
            "test.yaml:39:22: The Rollout \"b\" is invalid: spec.strategy.canary.stableService: Invalid value: \"web-stable\": Service \"web-stable\" is managed by another Rollout",
        ])
    }
    @Test("a pod template needs containers")
    func noContainers() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: r}
        spec:
          selector: {matchLabels: {app: r}}
          template: {metadata: {labels: {app: r}}, spec: {containers: []}}
          strategy: {canary: {}}
        """
        let (_, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:6:63: The Rollout \"r\" is invalid: spec.template.spec.containers: Required value (expected at least one container)",
        ])
    }
}
