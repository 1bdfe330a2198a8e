import Testing
@testable import RolloutSim

/// Regression tests for the review of Manifests/Validation (findings F2, F3, F6a–c, C5b and the
/// maxTrafficWeight rule). Each states the upstream behaviour it pins.
@Suite("validation review regressions")
struct ValidationReviewTests {
    // MARK: F2 — Istio route selection (getHttpRouteIndexesToPatch, searchTlsRoute)

    static func istioRollout(virtualService: String, canaryLines: String = "") -> String {
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "x:1"}]}
          strategy:
            canary:
              canaryService: web-canary
              stableService: web-stable
              trafficRouting:
                managedRoutes: [{name: header-route}]
                istio:
                  virtualService: {name: web-vs\(canaryLines)}
              steps:
              - setWeight: 10
              - setHeaderRoute: {name: header-route, match: [{headerName: X-Canary, headerValue: {exact: "yes"}}]}
              - pause: {}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-canary}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-stable}
        spec: {selector: {app: web}, ports: [{port: 80}]}
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: web-vs}
        spec:
        \(virtualService)
        """
    }

    static let headerRoute = """
      hosts: [web]
      http:
      - name: header-route
        match: [{headers: {X-Canary: {exact: "yes"}}}]
        route:
        - destination: {host: web-canary}
          weight: 100
    """

    @Test("F2: without routes, the first unnamed HTTP route is the managed one (/tmp/review/vs.yaml)")
    func firstUnnamedHTTPRoute() {
        let vs = Self.headerRoute + """

          - route:
            - destination: {host: web-stable}
              weight: 100
            - destination: {host: web-canary}
              weight: 0
        """
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs))
        #expect(errorTexts(diagnostics) == [])
    }

    @Test("F2: the unnamed route is the one checked for both destinations")
    func unnamedRouteChecked() {
        let vs = Self.headerRoute + """

          - route:
            - destination: {host: web-stable}
              weight: 100
        """
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs))
        #expect(errorTexts(diagnostics).map { $0.contains("Error: Canary Service 'web-canary' not found in route") } == [true])
    }

    @Test("F2: several named routes and none unnamed: no route is patched, only the count rule applies")
    func onlyNamedRoutes() {
        let vs = Self.headerRoute + """

          - name: primary
            route:
            - destination: {host: web-stable}
          - name: secondary
            route:
            - destination: {host: web-stable}
        """
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs))
        let errors = errorTexts(diagnostics)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("Error: spec.http[] should be set in VirtualService and it must have exactly one route") == true)
    }

    @Test("F2: a TLS match without a port counts as port 0, so a route with two matches has two ports")
    func tlsPortZero() {
        let vs = """
          hosts: [web]
          tls:
          - match:
            - {port: 443, sniHosts: [web.example.com]}
            - {sniHosts: [web.example.com]}
            route:
            - destination: {host: web-stable}
            - destination: {host: web-canary}
        """
        let lines = ", tlsRoutes: [{port: 443, sniHosts: [web.example.com]}]"
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs, canaryLines: lines))
        #expect(errorTexts(diagnostics).contains { $0.contains("invalid TLS routes. Error: No matching TLS routes found in the defined Virtual Service.") })

        let matching = vs.replacingOccurrences(of: "    - {sniHosts: [web.example.com]}\n", with: "")
        let (_, ok) = loadManifests(Self.istioRollout(virtualService: matching, canaryLines: lines))
        #expect(!errorTexts(ok).contains { $0.contains("TLS") })
    }

    @Test("F2: TLS SNI hosts compare as evaluate.Equal: a repeated host in tlsRoutes does not match")
    func tlsRepeatedHost() {
        let vs = """
          hosts: [web]
          tls:
          - match: [{port: 443, sniHosts: [a.example.com]}]
            route:
            - destination: {host: web-stable}
            - destination: {host: web-canary}
        """
        let lines = ", tlsRoutes: [{port: 443, sniHosts: [a.example.com, a.example.com]}]"
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs, canaryLines: lines))
        #expect(errorTexts(diagnostics).contains { $0.contains("No matching TLS routes found") })
    }

    @Test("F2: a tcpRoutes entry without a port looks for port 0 (Go's zero value)")
    func tcpRouteWithoutPort() {
        let vs = """
          hosts: [web]
          tcp:
          - match: [{port: 8080}]
            route:
            - destination: {host: web-stable}
            - destination: {host: web-canary}
        """
        let (_, diagnostics) = loadManifests(Self.istioRollout(virtualService: vs, canaryLines: ", tcpRoutes: [{}]"))
        #expect(errorTexts(diagnostics).contains { $0.contains("invalid TCP routes. Error: No matching TCP routes found in the defined Virtual Service.") })
        let (_, ok) = loadManifests(Self.istioRollout(virtualService: vs, canaryLines: ", tcpRoutes: [{port: 8080}]"))
        #expect(!errorTexts(ok).contains { $0.contains("TCP") })
    }

    // MARK: F6c — GetStableAndCanaryServices

    @Test("F6c: ping-pong stands in only without stable and canary services; with empty status stable is pong")
    func pingPongServices() {
        let text = """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: {name: web}
        spec:
          replicas: 4
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "x:1"}]}
          strategy:
            canary:
              pingPong: {pingService: web-ping, pongService: web-pong}
              trafficRouting:
                istio:
                  virtualService: {name: web-vs}
              steps: [{setWeight: 10}]
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-ping}
        spec: {selector: {app: web}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web-pong}
        spec: {selector: {app: web}}
        ---
        apiVersion: networking.istio.io/v1beta1
        kind: VirtualService
        metadata: {name: web-vs}
        spec:
          http:
          - route:
            - destination: {host: web-ping}
        """
        let (set, diagnostics) = loadManifests(text)
        #expect(errorTexts(diagnostics).map { $0.contains("Error: Stable Service 'web-pong' not found in route") } == [true])

        var canary = try! #require(set.rollout(named: "web")?.spec.strategy.canary)
        #expect(RolloutValidation.stableAndCanaryServices(canary) == ("web-pong", "web-ping"))
        canary.canaryService = "web-canary"
        #expect(RolloutValidation.stableAndCanaryServices(canary) == ("", "web-canary"))
    }

    // MARK: F3 — dryRun / measurementRetention rules per run

    static let twoTemplates = """
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: ta}
    spec:
      dryRun: [{metricName: m-b}]
      metrics:
      - name: m-a
        successCondition: "result[0] > 0"
        provider: {prometheus: {address: "http://p", query: "up"}}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: AnalysisTemplate
    metadata: {name: tb}
    spec:
      metrics:
      - name: m-b
        successCondition: "result[0] > 0"
        provider: {prometheus: {address: "http://p", query: "up"}}
    """

    @Test("F3: a template's dryRun rule may match a metric of another template of the run (/tmp/review/dr.yaml)")
    func dryRunAcrossTemplates() {
        let rollout = canaryRollout("steps:\n- analysis:\n    templates: [{templateName: ta}, {templateName: tb}]", extraDocuments: Self.twoTemplates)
        let (_, diagnostics) = loadManifests(rollout)
        #expect(errorTexts(diagnostics) == [])
    }

    @Test("F3: a template's rules are not checked on their own, only in the runs that use it")
    func templateAlone() {
        let (_, diagnostics) = loadManifests(String(Self.twoTemplates.dropFirst(4)))
        #expect(errorTexts(diagnostics) == [])
    }

    @Test("F3: the run's rules are the rollout's then the templates'; the first that matches nothing is reported")
    func unmatchedRuleIndex() {
        let rollout = canaryRollout("""
        steps:
        - analysis:
            templates: [{templateName: ta}, {templateName: tb}]
            dryRun: [{metricName: "-a$"}]
            measurementRetention: [{metricName: "^a", limit: 5}]
        """, extraDocuments: Self.twoTemplates)
        let (_, diagnostics) = loadManifests(rollout)
        // "-a$" is searched, not fully matched, so it finds m-a; rule 1 (template ta's m-b) also matches.
        let errors = errorTexts(diagnostics)
        #expect(errors.count == 1)
        #expect(errors.first?.contains("spec.strategy.canary.steps[0].analysis.templates: the AnalysisRun ends in Error: Analysis spec invalid: measurementRetention[0]: Rule didn't match any metric name(s)") == true)
    }

    @Test("F3: \"*\" is not a Go regular expression, so the rule matches nothing")
    func starRule() {
        let rollout = canaryRollout("""
        analysis:
          templates: [{templateName: tb}]
          dryRun: [{metricName: "*"}]
        """, extraDocuments: Self.twoTemplates)
        let (_, diagnostics) = loadManifests(rollout)
        #expect(errorTexts(diagnostics).map { $0.contains("spec.strategy.canary.analysis.templates: the AnalysisRun ends in Error: Analysis spec invalid: dryRun[0]: Rule didn't match any metric name(s)") } == [true])
    }

    @Test("F3: Go regexp syntax", arguments: [
        ("*", false), ("+m", false), ("m**", false), ("m*+", false), ("m++", false), ("m*?", true), ("m*??", false),
        (".*", true), ("m-.*", true), ("(?i)M", true), ("(?P<x>m)", true), ("(?<x>m)", true), ("(?=m)", false), ("(?>m)", false),
        ("(m)\\1", false), ("\\101", true), ("m{2}", true), ("m{1001}", false), ("m{2}{3}", false), ("{", true), ("m{x}", true),
        ("[a-z]+", true), ("[[:alpha:]]", true), ("\\d+", true), ("\\h", false), ("\\Z", false), ("\\z", true), ("(?x)m", false),
        ("[abc", false), ("\\Q*\\E", true),
    ])
    func goRegexpSyntax(_ pattern: String, _ valid: Bool) {
        #expect(GoRegexp.isValid(pattern) == valid)
    }

    @Test("F3: rules are unanchored searches")
    func goRegexpSearch() {
        #expect(GoRegexp.matchesAny(pattern: "b", in: ["m-b"]))
        #expect(!GoRegexp.matchesAny(pattern: "^b", in: ["m-b"]))
        #expect(GoRegexp.matchesAny(pattern: "(?P<x>m)-b", in: ["m-b"]))
        #expect(!GoRegexp.matchesAny(pattern: "*", in: ["*"]))
        #expect(GoRegexp.matchesAny(pattern: "\\Q*\\E", in: ["a*"]))
    }

    // MARK: F6a — flattenArgs

    @Test("F6a: a later bare argument replaces an earlier valueFrom one, so the argument is unresolved")
    func flattenArgsReplacesValueFrom() {
        let documents = """
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: s}
        stringData: {k: v}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: ta}
        spec:
          args: [{name: x, valueFrom: {secretKeyRef: {name: s, key: k}}}]
          metrics: [{name: m-a, provider: {prometheus: {address: "http://p", query: "up"}}}]
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: tb}
        spec:
          args: [{name: x}]
          metrics: [{name: m-b, provider: {prometheus: {address: "http://p", query: "up"}}}]
        """
        let rollout = canaryRollout("steps:\n- analysis:\n    templates: [{templateName: ta}, {templateName: tb}]", extraDocuments: documents)
        let (_, diagnostics) = loadManifests(rollout)
        #expect(errorTexts(diagnostics).map { $0.contains("Invalid value: \"templateNames: [ta tb]\": args.x was not resolved") } == [true])

        // The other order resolves: ta's valueFrom argument comes last and replaces the bare one.
        let reversed = canaryRollout("steps:\n- analysis:\n    templates: [{templateName: tb}, {templateName: ta}]", extraDocuments: documents)
        #expect(errorTexts(loadManifests(reversed).diagnostics) == [])
    }

    // MARK: F6b — fieldRef subscripts

    @Test("F6b: metadata subscripts are ['key'] with a qualified-name key", arguments: [
        ("metadata.labels['app']", true), ("metadata.labels[\"app\"]", false), ("metadata.annotations['example.com/Key']", true),
        ("metadata.annotations['Example.com/key']", true), ("metadata.labels['Example.com/key']", false), ("metadata.labels['a b']", false),
        ("metadata.labels['']", false), ("metadata.labels['a/b/c']", false), ("metadata.name['x']", false), ("metadata.labels", true),
        ("metadata.uid", true), ("metadata.generation", false), ("metadata.labels['-a']", false),
    ])
    func metadataPaths(_ path: String, _ supported: Bool) {
        #expect(RolloutValidation.isSupportedMetadataPath(path) == supported)
    }

    @Test("F6b: a double-quoted subscript is InvalidSpec")
    func doubleQuotedSubscript() {
        let documents = """
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          args: [{name: app}]
          metrics: [{name: m, provider: {prometheus: {address: "http://p", query: "up"}}}]
        """
        let rollout = canaryRollout("""
        steps:
        - analysis:
            templates: [{templateName: t}]
            args: [{name: app, valueFrom: {fieldRef: {fieldPath: "metadata.labels[\\"app\\"]"}}}]
        """, extraDocuments: documents)
        let (_, diagnostics) = loadManifests(rollout)
        #expect(errorTexts(diagnostics).map { $0.contains("spec.strategy.steps[0].analyses: Invalid value: [app]: Analyses arguments must refer to valid object metadata supported by downwardAPI") } == [true])
    }

    // MARK: C5b — percentages in float64

    @Test("C5b: huge percentages resolve as Go does, without trapping")
    func hugePercent() {
        // float64(4e18) * 4 / 100 = 1.6e17, then int32(…) keeps the low 32 bits.
        let surge = IntOrString.string("4000000000000000000%").scaledValue(total: 4, roundUp: true)
        #expect(surge == Int(Int32(truncatingIfNeeded: 160_000_000_000_000_000)))
        // Beyond Int64: amd64 gives Int64.min, whose low 32 bits are 0.
        #expect(IntOrString.string("9000000000000000000").scaledValue(total: 1000, roundUp: false) == 0)
        #expect(IntOrString.goInt(9.0e19) == Int.min)
        #expect(IntOrString.goInt(-1.5) == -1)
        // Small values are unchanged: ceil/floor of the float product.
        #expect(IntOrString.string("33%").scaledValue(total: 3, roundUp: true) == 1)
        #expect(IntOrString.string("33%").scaledValue(total: 3, roundUp: false) == 0)
        #expect(IntOrString.string("-10%").scaledValue(total: 5, roundUp: true) == 0)
        #expect(IntOrString.string("-10%").scaledValue(total: 5, roundUp: false) == -1)
        let fenceposts = IntOrString.resolveFenceposts(maxSurge: .string("4000000000000000000%"), maxUnavailable: .int(0), replicas: 4)
        #expect(fenceposts == Fenceposts(maxSurge: Int(Int32(truncatingIfNeeded: 160_000_000_000_000_000)), maxUnavailable: 0))
        // Upstream tests zero before int32(…): 2^32 is not zero, so unavailable stays 0.
        let wrapped = IntOrString.resolveFenceposts(maxSurge: .int(1 << 32), maxUnavailable: .int(0), replicas: 4)
        #expect(wrapped == Fenceposts(maxSurge: 0, maxUnavailable: 0))
    }

    @Test("C5b: a huge maxSurge passes validation")
    func hugePercentValidates() {
        let (_, diagnostics) = loadManifests(canaryRollout("maxSurge: \"4000000000000000000%\""))
        #expect(errorTexts(diagnostics) == [])
    }

    // MARK: maxTrafficWeight (our own rule)

    @Test("maxTrafficWeight 0 with nginx is refused (not an upstream rule)")
    func zeroMaxTrafficWeight() {
        let rollout = canaryRollout("""
        canaryService: web-canary
        stableService: web-stable
        trafficRouting:
          maxTrafficWeight: 0
          nginx: {stableIngress: web}
        """, extraDocuments: ManifestValidatorTests.services)
        let (_, diagnostics) = loadManifests(rollout)
        let errors = errorTexts(diagnostics).filter { $0.contains("maxTrafficWeight") }
        #expect(errors == ["test.yaml:21:27: Rollout web: spec.strategy.canary.trafficRouting.maxTrafficWeight: maxTrafficWeight must be greater than 0 (found 0) (expected a positive integer)"])
        let (_, positive) = loadManifests(rollout.replacingOccurrences(of: "maxTrafficWeight: 0", with: "maxTrafficWeight: 1000"))
        #expect(errorTexts(positive).filter { $0.contains("maxTrafficWeight") } == [])
    }
}
