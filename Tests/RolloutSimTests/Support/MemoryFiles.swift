import Foundation
@testable import RolloutSim

/// An in-memory file tree for loader tests: paths are plain strings, folders are implied by them.
struct MemoryFiles: FileReading {
    var files: [String: String]

    init(_ files: [String: String]) {
        self.files = files
    }

    func contents(of path: String) throws -> String {
        guard let text = files[path] else { throw CocoaError(.fileReadNoSuchFile) }
        return text
    }

    func isDirectory(_ path: String) -> Bool {
        files.keys.contains { $0.hasPrefix(path.hasSuffix("/") ? path : path + "/") }
    }

    func exists(_ path: String) -> Bool { files[path] != nil || isDirectory(path) }

    func listing(of directory: String) throws -> [String] {
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        let names = files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count).split(separator: "/")[0]) }
        return Array(Set(names)).sorted()
    }
}

/// Loads one in-memory scenario and returns it with its diagnostics rendered as text, sorted.
func loadScenario(_ text: String, extraFiles: [String: String] = [:]) -> (LoadedScenario?, [String]) {
    var files = extraFiles
    files["s/scenario.yaml"] = text
    let sink = DiagnosticSink()
    let loaded = ScenarioLoader(files: MemoryFiles(files)).load("s/scenario.yaml", sink: sink)
    return (loaded, sink.sorted.map(\.description))
}
