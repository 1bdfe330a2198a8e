import Foundation
import Testing
@testable import RolloutSim

/// Goal: every manifest Argo Rollouts ships as an example or an e2e input loads, and the inputs the
/// controller rejects are reported with a position. Method: each YAML file of
/// `../shared/upstream/argo-rollouts` is decoded on its own; it is then validated together with
/// the objects of the other files of its group (upstream applies the shared AnalysisTemplates and
/// Services of a folder before the Rollout that uses them), keeping the diagnostics located in
/// the file itself. The files with errors, and the error lines, are compared with the lists below.
@Suite("upstream argo-rollouts manifests")
struct UpstreamManifestTests {
    static var upstreamRoot: URL? {
        // The main repository sits next to `shared/`; a work copy one level deeper finds it one further up.
        guard var folder = packageRoot()?.deletingLastPathComponent() else { return nil }
        for _ in 0..<2 {
            let url = folder.appendingPathComponent("shared/upstream/argo-rollouts")
            if FileManager.default.fileExists(atPath: url.path) { return url }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    static let skipMessage = "skipped: ../shared/upstream/argo-rollouts is absent (a plain clone of the project has no upstream data)"

    struct FileResult {
        var relativePath: String
        var errors: [String]
        var warnings: [String]
    }

    /// `examples/helm-blue-green/` is a Helm chart: its templates are not YAML until rendered, and
    /// Chart.yaml and values.yaml are Helm's own formats, not Kubernetes objects.
    static func isExcluded(_ relative: String) -> Bool {
        relative.hasPrefix("examples/helm-blue-green/")
    }

    /// Loads every .yaml/.yml under the folders (relative to the upstream root) as one group.
    static func load(_ folders: [String]) throws -> [FileResult] {
        guard let root = upstreamRoot else { return [] }
        var paths: [String] = []
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(atPath: root.appendingPathComponent(folder).path) else { continue }
            for case let path as String in enumerator where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                let relative = folder + "/" + path
                if !isExcluded(relative) { paths.append(relative) }
            }
        }
        paths.sort()
        var decoded: [(path: String, manifests: [Manifest], diagnostics: [Diagnostic])] = []
        for relative in paths {
            let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
            let sink = DiagnosticSink()
            let manifests = ManifestDecoder.decodeAll(text, file: relative, sink: sink)
            decoded.append((relative, manifests, sink.diagnostics))
        }
        let library = decoded.flatMap(\.manifests)
        return decoded.map { file in
            var own = file.manifests
            let keys = Set(own.map { "\($0.kind)|\($0.namespace)|\($0.name)" })
            var added: Set<String> = []
            for manifest in library where manifest.location.file != file.path {
                let key = "\(manifest.kind)|\(manifest.namespace)|\(manifest.name)"
                if !keys.contains(key), added.insert(key).inserted { own.append(manifest) }
            }
            let sink = DiagnosticSink()
            sink.append(contentsOf: file.diagnostics)
            let validation = DiagnosticSink()
            ManifestValidator.validate(ManifestSet(own), extraSecrets: [:], sink: validation)
            sink.append(contentsOf: validation.diagnostics.filter { $0.location.file == file.path })
            let sorted = sink.sorted
            return FileResult(relativePath: file.path, errors: errorTexts(sorted), warnings: warningTexts(sorted))
        }
    }

    static func report(_ results: [FileResult]) {
        for result in results where !result.errors.isEmpty || !result.warnings.isEmpty {
            print(([result.relativePath] + result.errors + result.warnings).joined(separator: "\n  "))
        }
    }

    @Test("every example loads; the broken linkerd example is reported")
    func examples() throws {
        guard Self.upstreamRoot != nil else { print(Self.skipMessage); return }
        let results = try Self.load(["examples"])
        Self.report(results)
        #expect(results.count == Self.exampleCount)
        #expect(results.flatMap(\.errors) == Self.exampleErrors)
        #expect(results.reduce(0) { $0 + $1.warnings.count } == Self.exampleWarnings)
    }

    static let exampleCount = 33
    static let exampleWarnings = 17
    /// rollout-linkerd.yaml writes `{{args.linkerd-enabled}}` unquoted: YAML reads a mapping used as
    /// a key, which `kubectl apply` cannot turn into JSON either.
    static let exampleErrors = [
        "examples/traffic-management/rollout-linkerd.yaml:101:39: mapping key is not a plain value (expected a field name)",
    ]

    @Test("every functional e2e input loads; the one upstream rejects is reported")
    func functional() throws {
        guard Self.upstreamRoot != nil else { print(Self.skipMessage); return }
        let results = try Self.load(["test/e2e/functional"])
        Self.report(results)
        #expect(results.count == Self.functionalCount)
        #expect(results.flatMap(\.errors) == Self.functionalErrors)
        #expect(results.reduce(0) { $0 + $1.warnings.count } == Self.functionalWarnings)
    }

    static let functionalCount = 50
    static let functionalWarnings = 8
    /// alb-canary-multi-ingress-rollout.yaml names `rootService: alb-canary-root`, but its Ingresses
    /// route to `alb-canary-multi-ingress-root`: validateAlbIngress refuses it (the e2e test that uses
    /// it only runs with ALB annotations configured, so upstream CI skips it).
    static let functionalErrors = [
        "test/e2e/functional/alb-canary-multi-ingress-rollout.yaml:110:15: The Rollout \"alb-canary-multi-ingress\" is invalid: spec.strategy.canary.trafficRouting.alb.ingresses: Invalid value: \"alb-canary-multi-ingress-1\": ingress `alb-canary-multi-ingress-1` has no rules using service alb-canary-root backend (expected a rule of the Ingress at test/e2e/functional/alb-canary-multi-ingress-rollout.yaml:43:1 with backend service alb-canary-root)",
        "test/e2e/functional/alb-canary-multi-ingress-rollout.yaml:111:15: The Rollout \"alb-canary-multi-ingress\" is invalid: spec.strategy.canary.trafficRouting.alb.ingresses: Invalid value: \"alb-canary-multi-ingress-2\": ingress `alb-canary-multi-ingress-2` has no rules using service alb-canary-root backend (expected a rule of the Ingress at test/e2e/functional/alb-canary-multi-ingress-rollout.yaml:61:1 with backend service alb-canary-root)",
    ]

    @Test("expected failures: the malformed YAML is reported with a position, runtime failures load clean")
    func expectedFailures() throws {
        guard Self.upstreamRoot != nil else { print(Self.skipMessage); return }
        let results = try Self.load(["test/e2e/expectedfailures"])
        Self.report(results)
        #expect(results.count == 12)
        #expect(results.flatMap(\.errors) == [
            "test/e2e/expectedfailures/analysis-run-failfast.yaml:19:5: invalid YAML: did not find expected key while parsing a block mapping (expected well-formed YAML)",
        ])
    }

    @Test("the other e2e inputs load")
    func otherE2E() throws {
        guard Self.upstreamRoot != nil else { print(Self.skipMessage); return }
        var results: [FileResult] = []
        for folder in ["alb", "apisix", "appmesh", "crds", "header-routing", "istio", "mirror-route", "smi", "smi_ingress", "step-plugin"] {
            results += try Self.load(["test/e2e/\(folder)"])
        }
        Self.report(results)
        #expect(results.count == 32)
        #expect(results.flatMap(\.errors) == [])
    }

}
