import Foundation
@testable import RolloutSim

/// Decodes and validates a YAML text as the scenario loader does, returning the manifests and every
/// diagnostic in report order.
func loadManifests(_ text: String, file: String = "test.yaml", extraSecrets: [String: [String: String]] = [:],
                   validate: Bool = true) -> (set: ManifestSet, diagnostics: [Diagnostic]) {
    let sink = DiagnosticSink()
    let manifests = ManifestDecoder.decodeAll(text, file: file, sink: sink)
    let set = ManifestSet(manifests)
    if validate { ManifestValidator.validate(set, extraSecrets: extraSecrets, sink: sink) }
    return (set, sink.sorted)
}

/// The descriptions of the errors only.
func errorTexts(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .error }.map(\.description)
}

func warningTexts(_ diagnostics: [Diagnostic]) -> [String] {
    diagnostics.filter { $0.severity == .warning }.map(\.description)
}

/// The repository root: the nearest folder above this file holding Package.swift.
func packageRoot(from file: String = #filePath) -> URL? {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        url = url.deletingLastPathComponent()
    }
    return nil
}

func fixtureText(_ name: String, file: String = #filePath) throws -> String {
    let url = URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/Manifests/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}

/// A minimal valid canary Rollout, with the given lines spliced into `spec.strategy.canary`
/// (indented by six spaces), plus its two services.
func canaryRollout(_ canaryLines: String = "", name: String = "web", extraDocuments: String = "") -> String {
    let indented = canaryLines.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "      " + $0 }.joined(separator: "\n")
    return """
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    metadata:
      name: \(name)
    spec:
      replicas: 4
      selector:
        matchLabels: {app: web}
      template:
        metadata:
          labels: {app: web}
        spec:
          containers:
          - name: web
            image: web:1
      strategy:
        canary:
    \(indented)
    \(extraDocuments)
    """
}
