import Foundation

/// What `rollout-sim validate` found in a set of files and folders.
public struct ValidationReport: Sendable {
    /// Every problem, sorted by file, line and column.
    public var diagnostics: [Diagnostic]
    /// Files read, in order.
    public var files: [String]
    public var scenarioCount: Int
    public var manifestCount: Int

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
}

/// Loads manifests and scenarios the way `run` would, and reports every problem at once.
public struct InputValidation {
    public let loader: ScenarioLoader

    public init(files: any FileReading = DiskFiles()) {
        loader = ScenarioLoader(files: files)
    }

    /// Files holding a Scenario document are loaded as scenarios (with their own manifests); all
    /// other YAML files are treated as one set of manifests, so references across files resolve,
    /// the way `kubectl apply -f folder/` would see them.
    public func validate(paths: [String]) -> ValidationReport {
        let sink = DiagnosticSink()
        var files: [String] = []
        for path in paths {
            let found = loader.yamlFiles(at: path, reference: nil, sink: sink)
            if found.isEmpty && loader.files.isDirectory(path) {
                sink.error(SourceLocation(file: path, line: 1, column: 1), "no .yaml or .yml file in this folder", expected: "a folder of manifests or scenarios")
            }
            files += found
        }
        var manifests: [Manifest] = []
        var scenarioCount = 0
        var scenarioManifestCount = 0
        for file in files {
            guard let text = loader.readText(file, sink: sink, at: nil) else { continue }
            if Self.holdsScenario(text) {
                scenarioCount += 1
                scenarioManifestCount += loader.load(file, sink: sink)?.manifests.manifests.count ?? 0
            } else {
                let before = sink.diagnostics.count
                let decoded = loader.decodeManifests(text, file: file, sink: sink)
                if decoded.isEmpty && sink.diagnostics.count == before {
                    sink.warning(SourceLocation(file: file, line: 1, column: 1), "file holds no manifest", expected: "a Kubernetes or Argo manifest, or a Scenario")
                }
                manifests += decoded
            }
        }
        if !manifests.isEmpty {
            ManifestValidator.validate(ManifestSet(manifests), extraSecrets: [:], sink: sink)
        }
        return ValidationReport(diagnostics: Array(Set(sink.diagnostics)).sorted(), files: files,
                                scenarioCount: scenarioCount, manifestCount: manifests.count + scenarioManifestCount)
    }

    /// A cheap look for a `kind: Scenario` document, without decoding.
    public static func holdsScenario(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            line.hasPrefix("kind:") && line.dropFirst(5).trimmingCharacters(in: .whitespaces) == "Scenario"
        }
    }
}

extension ValidationReport {
    /// `--output json`: the problems as data, in the same order as the text form.
    public var json: String {
        var out = "{\"files\":\(files.count),\"scenarios\":\(scenarioCount),\"manifests\":\(manifestCount),"
        out += "\"errors\":\(errorCount),\"warnings\":\(warningCount),\"problems\":["
        out += diagnostics.map { diagnostic in
            var item = "{\"severity\":\(JSONText.quote(diagnostic.severity.rawValue)),\"file\":\(JSONText.quote(diagnostic.location.file)),"
            item += "\"line\":\(diagnostic.location.line),\"column\":\(diagnostic.location.column),\"message\":\(JSONText.quote(diagnostic.message))"
            if let expected = diagnostic.expected { item += ",\"expected\":\(JSONText.quote(expected))" }
            return item + "}"
        }.joined(separator: ",")
        return out + "]}"
    }
}
