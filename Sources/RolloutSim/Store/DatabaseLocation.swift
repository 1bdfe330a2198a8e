import Foundation

/// Where the run database lives (CONTRACT §2): the `--db` flag, else `$ROLLOUT_SIM_DB`, else
/// `.rollout-sim/runs.sqlite` under the current folder.
///
/// The library never reads the process environment (DESIGN principle 2); the CLI passes
/// `ProcessInfo.processInfo.environment` in.
///
///     let location = DatabaseLocation.resolve(flag: options.db, environment: ProcessInfo.processInfo.environment)
///     try location.createDirectoryIfDefault()
///     let store = try RunStore.open(at: location.path)
public struct DatabaseLocation: Equatable, Sendable {
    public enum Source: Equatable, Sendable {
        case flag
        case environment
        case defaultPath
    }

    public static let environmentVariable = "ROLLOUT_SIM_DB"
    public static let defaultPath = ".rollout-sim/runs.sqlite"

    public var path: String
    public var source: Source

    public init(path: String, source: Source) {
        self.path = path
        self.source = source
    }

    /// Picks the database path. An empty flag or variable counts as not given (`ROLLOUT_SIM_DB=`
    /// in a CI file should not point at a file named "").
    public static func resolve(flag: String?, environment: [String: String]) -> DatabaseLocation {
        if let flag, !flag.isEmpty { return DatabaseLocation(path: flag, source: .flag) }
        if let value = environment[environmentVariable], !value.isEmpty {
            return DatabaseLocation(path: value, source: .environment)
        }
        return DatabaseLocation(path: defaultPath, source: .defaultPath)
    }

    /// Creates the default location's folder (`.rollout-sim/`) if it is missing. A path the user
    /// chose is left alone: a missing folder there is more likely a typo, reported when opening.
    public func createDirectoryIfDefault() throws {
        guard source == .defaultPath else { return }
        let folder = (path as NSString).deletingLastPathComponent
        guard !folder.isEmpty else { return }
        // Why mkdir and not FileManager: its errors on Linux carry no reason ("error 512"); errno
        // says "Not a directory" or "Permission denied".
        var current = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/") {
            current += (current.isEmpty || current.hasSuffix("/") ? "" : "/") + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw StoreError.cannotCreateDirectory(path: folder, reason: String(cString: strerror(errno)))
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.cannotCreateDirectory(path: folder, reason: String(cString: strerror(ENOTDIR)))
        }
    }
}
