import Foundation

/// A scenario with everything it pulls in, ready to simulate.
public struct LoadedScenario: Sendable {
    public var scenario: Scenario
    public var manifests: ManifestSet
    /// Manifests of `apply` actions, by the path written in the action.
    public var appliedManifests: [(path: String, manifests: [Manifest])]
    /// The text of every file read, in reading order, so a run's digest covers its inputs.
    public var sources: [SourceFile]
}

public struct SourceFile: Sendable, Hashable {
    public var path: String
    public var text: String
}

/// Reads files from disk. Tests pass an in-memory one; nothing else below the CLI touches files.
public protocol FileReading: Sendable {
    func contents(of path: String) throws -> String
    func isDirectory(_ path: String) -> Bool
    func exists(_ path: String) -> Bool
    /// Entries of a folder, sorted by name.
    func listing(of directory: String) throws -> [String]
}

public struct DiskFiles: FileReading {
    public init() {}

    public func contents(of path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let text = String(data: data, encoding: .utf8) else {
            throw CocoaError(.fileReadInapplicableStringEncoding)
        }
        return text
    }

    public func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    public func listing(of directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}

/// Loads scenario files and the manifests they name, checking every reference between them.
public struct ScenarioLoader {
    public let files: any FileReading

    public init(files: any FileReading = DiskFiles()) {
        self.files = files
    }

    /// Loads one scenario file. Problems go to `sink`; the result is nil when the file has no
    /// usable Scenario document.
    public func load(_ path: String, sink: DiagnosticSink) -> LoadedScenario? {
        guard let text = readText(path, sink: sink, at: nil) else { return nil }
        var sources = [SourceFile(path: path, text: text)]
        let parsed = YAMLLoader.documents(in: text, file: path)
        sink.append(contentsOf: parsed.diagnostics)
        let scenarioDocuments = parsed.documents.filter { $0.root["kind"]?.scalar == "Scenario" }
        guard let scenarioDocument = scenarioDocuments.first else {
            if !parsed.diagnostics.contains(where: { $0.severity == .error }) {
                sink.error(SourceLocation(file: path, line: 1, column: 1), "no Scenario document in this file", expected: "a document with kind: Scenario")
            }
            return nil
        }
        for extra in scenarioDocuments.dropFirst() {
            sink.error(extra.root.location, "a second Scenario document in one file", expected: "one Scenario per file")
        }
        guard let scenario = ScenarioDecoder(sink: sink, file: path).decode(scenarioDocument.root) else { return nil }

        var manifests: [Manifest] = parsed.documents
            .filter { $0.root["kind"]?.scalar != "Scenario" }
            .compactMap { ManifestDecoder.decode($0, sink: sink) }
        let folder = (path as NSString).deletingLastPathComponent
        for reference in scenario.manifestPaths {
            for file in yamlFiles(at: resolve(reference.path, relativeTo: folder), reference: reference, sink: sink) {
                guard let text = readText(file, sink: sink, at: reference.location) else { continue }
                sources.append(SourceFile(path: file, text: text))
                manifests += decodeManifests(text, file: file, sink: sink)
            }
        }
        let set = ManifestSet(manifests)
        ManifestValidator.validate(set, extraSecrets: secretDictionary(scenario.secrets), sink: sink)

        var applied: [(path: String, manifests: [Manifest])] = []
        for action in scenario.timeline {
            guard case .apply(let reference) = action.action else { continue }
            let file = resolve(reference.path, relativeTo: folder)
            guard files.exists(file), !files.isDirectory(file) else {
                sink.error(reference.location, "apply: file '\(reference.path)' does not exist", expected: "a manifest file relative to \(path)")
                continue
            }
            guard let text = readText(file, sink: sink, at: reference.location) else { continue }
            sources.append(SourceFile(path: file, text: text))
            let decoded = decodeManifests(text, file: file, sink: sink)
            if decoded.isEmpty {
                sink.error(reference.location, "apply: '\(reference.path)' holds no manifest", expected: "a Rollout or other manifest")
            }
            applied.append((reference.path, decoded))
        }
        ScenarioReferenceChecker(scenario: scenario, manifests: set, applied: applied.flatMap(\.manifests), sink: sink).check()
        for rule in scenario.prometheus.ruleFiles {
            let file = resolve(rule.path, relativeTo: folder)
            if !files.exists(file) {
                sink.error(rule.location, "rule file '\(rule.path)' does not exist", expected: "a Prometheus rule file relative to \(path)")
            }
        }
        return LoadedScenario(scenario: scenario, manifests: set, appliedManifests: applied, sources: sources)
    }

    /// Decodes every document of a manifest file; a Scenario document in it is reported.
    public func decodeManifests(_ text: String, file: String, sink: DiagnosticSink) -> [Manifest] {
        let parsed = YAMLLoader.documents(in: text, file: file)
        sink.append(contentsOf: parsed.diagnostics)
        return parsed.documents.compactMap { document in
            if document.root["kind"]?.scalar == "Scenario" {
                sink.error(document.root.location, "a Scenario document inside a manifest file", expected: "manifests only")
                return nil
            }
            return ManifestDecoder.decode(document, sink: sink)
        }
    }

    /// The YAML files of a path: the file itself, or a folder's `*.yaml`/`*.yml` files in name order
    /// (sub-folders included), so that loading is the same on every machine.
    public func yamlFiles(at path: String, reference: PathReference?, sink: DiagnosticSink) -> [String] {
        guard files.exists(path) else {
            if let reference {
                sink.error(reference.location, "manifest path '\(reference.path)' does not exist", expected: "a file or folder relative to the scenario")
            } else {
                sink.error(SourceLocation(file: path, line: 1, column: 1), "no such file or folder", expected: "a YAML file or a folder of them")
            }
            return []
        }
        guard files.isDirectory(path) else { return [path] }
        var result: [String] = []
        for entry in (try? files.listing(of: path)) ?? [] where !entry.hasPrefix(".") {
            let child = (path as NSString).appendingPathComponent(entry)
            if files.isDirectory(child) {
                result += yamlFiles(at: child, reference: reference, sink: sink)
            } else if entry.hasSuffix(".yaml") || entry.hasSuffix(".yml") {
                result.append(child)
            }
        }
        return result
    }

    func readText(_ path: String, sink: DiagnosticSink, at location: SourceLocation?) -> String? {
        do {
            return try files.contents(of: path)
        } catch {
            sink.error(location ?? SourceLocation(file: path, line: 1, column: 1), "cannot read '\(path)': not a readable UTF-8 text file", expected: "a YAML file")
            return nil
        }
    }

    func resolve(_ path: String, relativeTo folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return (folder as NSString).appendingPathComponent(path)
    }

    private func secretDictionary(_ secrets: [ScenarioSecret]) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for secret in secrets {
            result[secret.name] = Dictionary(secret.data.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        return result
    }
}
