import Testing
@testable import RolloutSim

@Suite("manifest decoding")
struct ManifestDecodingTests {
    @Test("the checkout fixture decodes into typed models with positions and no diagnostics")
    func checkoutFixture() throws {
        let (set, diagnostics) = loadManifests(try fixtureText("checkout.yaml"), file: "checkout.yaml")
        #expect(diagnostics.map(\.description) == [])
        #expect(set.manifests.map(\.kind) == ["Rollout", "AnalysisTemplate", "Service", "Service", "Ingress", "Secret"])

        let rollout = try #require(set.rollout(named: "checkout", namespace: "shop"))
        #expect(rollout.location == SourceLocation(file: "checkout.yaml", line: 1, column: 1))
        #expect(rollout.spec.replicasOrDefault == 8)
        #expect(rollout.spec.revisionHistoryLimitOrDefault == 3)
        #expect(rollout.spec.progressDeadlineSecondsOrDefault == 300)
        #expect(rollout.spec.progressDeadlineAbort)
        #expect(rollout.spec.template?.containers.map(\.image) == ["ghcr.io/acme/checkout:1.8.0"])
        #expect(rollout.spec.template?.labels["app"] == "checkout")
        #expect(rollout.containers.map(\.name) == ["checkout"])
        #expect(rollout.templateNames == ["success-rate"])
        #expect(rollout.analysisBlocks.count == 2)

        let canary = try #require(rollout.spec.strategy.canary)
        #expect(canary.maxSurge == .string("25%"))
        #expect(canary.maxUnavailable == .int(0))
        #expect(canary.locations["maxSurge"] == SourceLocation(file: "checkout.yaml", line: 28, column: 17))
        #expect(canary.trafficRouting?.simulatedProviders == ["nginx"])
        #expect(canary.trafficRouting?.nginx?.stableIngress == "checkout")
        #expect(canary.analysis?.startingStep == 2)
        #expect(canary.analysis?.args.map(\.source) == [.value("checkout"), .podTemplateHash(.latest)])
        #expect(canary.steps.count == 7)
        #expect(canary.steps[1].pause?.durationSeconds == 120)
        #expect(canary.steps[4].pause?.durationSeconds == nil)
        #expect(canary.steps[6].pause?.simDuration == .seconds(90))
        #expect(canary.steps[2].setCanaryScale?.replicas == 3)
        #expect(canary.steps[3].analysis?.templates.map(\.templateName) == ["success-rate"])
        #expect(canary.steps[0].locations["setWeight"] == SourceLocation(file: "checkout.yaml", line: 46, column: 20))

        let template = try #require(set.analysisTemplate(named: "success-rate", namespace: "shop"))
        #expect(template.spec.args.map(\.source) == [.unset, .value("none"), .secretKeyRef(name: "prom-token", key: "token")])
        let metric = template.spec.metrics[0]
        #expect(metric.intervalDuration == .minutes(1))
        #expect(metric.count == .int(5))
        #expect(metric.effectiveCount == 5)
        #expect(metric.provider.prometheus?.timeout == 20)
        #expect(metric.provider.prometheus?.query?.hasPrefix("sum(rate(http_requests_total{service=\"{{args.service}}\"") == true)
        #expect(template.spec.metrics[1].provider.web?.jsonPath == "{$.version}")
        #expect(template.spec.metrics[1].effectiveCount == 1)

        #expect(set.ingress(named: "checkout", namespace: "shop")?.ruleServiceNames == ["checkout-stable"])
        #expect(set.service(named: "checkout-stable", namespace: "shop")?.ports.first?.targetPort == .string("http"))
        let secret = try #require(set.secret(named: "prom-token", namespace: "shop"))
        #expect(secret.data.entries == [.init(key: "token", value: "secret-token"), .init(key: "user", value: "admin")])
    }

    @Test("an unknown field is a warning with its position and a did-you-mean")
    func unknownFieldWarning() {
        let (_, diagnostics) = loadManifests(canaryRollout("stepz:\n- setWeight: 5"))
        #expect(warningTexts(diagnostics) == [
            "test.yaml:18:7: warning: unknown field 'stepz' in spec.strategy.canary (expected one of: abortScaleDownDelaySeconds, analysis, antiAffinity, canaryMetadata, canaryService, dynamicStableScale, maxSurge, maxUnavailable, minPodsPerReplicaSet, pingPong, replicaProgressThreshold, scaleDownDelayRevisionLimit, scaleDownDelaySeconds, stableMetadata, stableService, steps, trafficRouting; did you mean 'steps'?)",
        ])
        #expect(errorTexts(diagnostics) == [])
    }

    @Test("a kind the simulator does not model is kept and reported as a warning")
    func otherKind() {
        let text = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
        data: {a: b}
        """
        let (set, diagnostics) = loadManifests(text)
        #expect(set.others.map(\.kind) == ["ConfigMap"])
        #expect(set.manifests.first?.name == "settings")
        #expect(diagnostics.map(\.description) == [
            "test.yaml:2:7: warning: kind ConfigMap is not simulated; the object is kept but has no effect (expected Rollout, AnalysisTemplate, ClusterAnalysisTemplate, Service, Ingress, VirtualService, DestinationRule, TrafficSplit, Secret or Deployment)",
        ])
    }

    @Test("a misspelt kind is kept as not simulated, with a did-you-mean")
    func misspeltKind() {
        let (set, diagnostics) = loadManifests("apiVersion: argoproj.io/v1alpha1\nkind: Rolout\nmetadata: {name: web}\n")
        #expect(set.rollouts.isEmpty)
        #expect(diagnostics.map(\.description) == [
            "test.yaml:2:7: warning: kind Rolout is not simulated; the object is kept but has no effect (expected Rollout, AnalysisTemplate, ClusterAnalysisTemplate, Service, Ingress, VirtualService, DestinationRule, TrafficSplit, Secret or Deployment; did you mean 'Rollout'?)",
        ])
    }

    @Test("a document without kind or apiVersion is an error at the document")
    func missingKind() {
        let (set, diagnostics) = loadManifests("metadata:\n  name: x\n")
        #expect(set.manifests.isEmpty)
        #expect(errorTexts(diagnostics) == [
            "test.yaml:1:1: missing required field 'apiVersion' in document (expected an apiVersion such as argoproj.io/v1alpha1)",
            "test.yaml:1:1: missing required field 'kind' in document (expected a kind such as Rollout)",
        ])
    }

    @Test("metadata.name is required and namespace defaults to default")
    func metadataName() {
        let (set, diagnostics) = loadManifests("apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n", validate: false)
        #expect(errorTexts(diagnostics) == ["test.yaml:4:3: missing required field 'name' in metadata (expected the object's name)"])
        #expect(set.services.map(\.metadata.namespace) == ["default"])
    }

    @Test("unsupported traffic routers are kept and listed, not dropped")
    func unsupportedProviders() throws {
        let text = canaryRollout("""
        canaryService: c
        stableService: s
        trafficRouting:
          ambassador:
            mappings: [m]
          plugins:
            argoproj-labs/gatewayAPI: {httpRoute: r}
        """)
        let (set, _) = loadManifests(text, validate: false)
        let routing = try #require(set.rollouts.first?.spec.strategy.canary?.trafficRouting)
        #expect(routing.simulatedProviders == [])
        #expect(routing.unsupportedProviders == ["ambassador", "plugins/argoproj-labs/gatewayAPI"])
        #expect(routing.plugins.first?.node["httpRoute"]?.scalar == "r")
    }

    @Test("every canary step type decodes")
    func stepTypes() throws {
        let text = canaryRollout("""
        steps:
        - setWeight: 10
        - pause: {duration: 1h}
        - setCanaryScale: {matchTrafficWeight: true}
        - analysis: {templates: [{templateName: t}], dryRun: [{metricName: m}], measurementRetention: [{metricName: m, limit: 20}]}
        - experiment: {duration: 5m, templates: [{name: baseline, specRef: stable, weight: 5}], analyses: [{name: a, templateName: t}]}
        - setHeaderRoute: {name: h, match: [{headerName: x, headerValue: {exact: y}}]}
        - setMirrorRoute: {name: m, percentage: 50, match: [{method: {exact: GET}}]}
        - plugin: {name: my/plugin, config: {a: 1}}
        """)
        let (set, _) = loadManifests(text, validate: false)
        let steps = try #require(set.rollouts.first?.spec.strategy.canary?.steps)
        let names = steps.map { step -> String in
            switch step.action {
            case .setWeight(let weight)?: return "setWeight \(weight)"
            case .pause(let pause)?: return "pause \(pause.durationSeconds ?? -99)"
            case .setCanaryScale(let scale)?: return "setCanaryScale \(scale.matchTrafficWeight)"
            case .analysis(let analysis)?: return "analysis \(analysis.measurementRetention.first?.limit ?? 0)"
            case .experiment(let experiment)?: return "experiment \(experiment.templates.first?.weight ?? 0)"
            case .setHeaderRoute(let route)?: return "setHeaderRoute \(route.match.first?.headerValue?.exact ?? "")"
            case .setMirrorRoute(let route)?: return "setMirrorRoute \(route.percentage ?? 0)"
            case .plugin(let plugin)?: return "plugin \(plugin.name ?? "")"
            case nil: return "none"
            }
        }
        #expect(names == ["setWeight 10", "pause 3600", "setCanaryScale true", "analysis 20", "experiment 5",
                          "setHeaderRoute y", "setMirrorRoute 50", "plugin my/plugin"])
    }

    @Test("blue-green fields decode with their defaults")
    func blueGreen() throws {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: bg}
        spec:
          selector: {matchLabels: {app: bg}}
          template: {metadata: {labels: {app: bg}}, spec: {containers: [{name: bg, image: bg:1}]}}
          strategy:
            blueGreen:
              activeService: bg-active
              previewService: bg-preview
              autoPromotionEnabled: false
              previewReplicaCount: 1
              prePromotionAnalysis: {templates: [{templateName: smoke, clusterScope: true}]}
        """
        let (set, _) = loadManifests(text, validate: false)
        let blueGreen = try #require(set.rollouts.first?.spec.strategy.blueGreen)
        #expect(blueGreen.autoPromotionEnabledOrDefault == false)
        #expect(blueGreen.scaleDownDelaySecondsOrDefault == 30)
        #expect(blueGreen.previewReplicaCount == 1)
        #expect(blueGreen.prePromotionAnalysis?.templates.first?.clusterScope == true)
    }
    @Test("older Ingress, DestinationRule and TrafficSplit forms decode")
    func meshObjects() throws {
        let text = """
        apiVersion: extensions/v1beta1
        kind: Ingress
        metadata: {name: old}
        spec:
          backend: {serviceName: fallback, servicePort: 80}
          rules:
          - host: a.example.com
            http:
              paths:
              - {path: /, backend: {serviceName: web-stable, servicePort: http}}
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata: {name: web}
        spec:
          host: web
          subsets:
          - {name: canary, labels: {app: web}}
          - {name: stable, labels: {app: web}}
        ---
        apiVersion: split.smi-spec.io/v1alpha2
        kind: TrafficSplit
        metadata: {name: web}
        spec:
          service: web
          backends:
          - {service: web-stable, weight: 90}
          - {service: web-canary, weight: 10}
        """
        let (set, diagnostics) = loadManifests(text)
        #expect(diagnostics.map(\.description) == [])
        let ingress = try #require(set.ingress(named: "old"))
        #expect(ingress.ruleServiceNames == ["web-stable"])
        #expect(ingress.rules.first?.paths.first?.servicePort == .string("http"))
        #expect(ingress.defaultBackendService == "fallback")
        #expect(set.destinationRule(named: "web")?.subsets.map(\.name) == ["canary", "stable"])
        #expect(set.trafficSplit(named: "web")?.backends.map(\.weight) == [.int(90), .int(10)])
    }
}
