/// The database of stored runs (DESIGN principle 7). Opening checks that the file is a rollout-sim
/// database of a schema this build knows, and migrates an older one forward; nothing is written to
/// a file that fails those checks.
///
///     let store = try RunStore.open(at: DatabaseLocation.resolve(flag: nil, environment: env).path)
///     let id = try store.save(run)          // one transaction
///     let again = try store.load(id)        // == run
///
/// A `RunStore` holds one connection; use it from one thread at a time.
public struct RunStore {
    public enum Mode: Sendable {
        /// Creates the file if it is missing and migrates an older schema.
        case readWrite
        /// Never writes; the file must exist and have the current schema.
        case readOnly
    }

    /// How long a write waits for another connection's lock before failing: 5 s.
    public static let defaultBusyTimeoutMs = 5_000

    let connection: SQLiteConnection

    /// The database file.
    public var path: String { connection.path }

    /// Opens the run database at `path`.
    ///
    /// - Parameters:
    ///   - busyTimeoutMs: how long a write waits for another process's write to finish before it
    ///     fails with a "locked" error.
    /// - Throws: `StoreError` — a file that is not an SQLite database, another program's database,
    ///   a newer schema, a read-only file opened for writing, a missing folder.
    public static func open(
        at path: String, mode: Mode = .readWrite, busyTimeoutMs: Int = RunStore.defaultBusyTimeoutMs
    ) throws -> RunStore {
        try open(at: path, mode: mode, busyTimeoutMs: busyTimeoutMs, migrations: StoreSchema.migrations)
    }

    /// `open` with an explicit migration list, so tests can play an older or newer build.
    static func open(at path: String, mode: Mode, busyTimeoutMs: Int, migrations: [Migration]) throws -> RunStore {
        let connection = try SQLiteConnection(
            path: path, mode: mode == .readOnly ? .readOnly : .readWriteCreate, busyTimeoutMs: busyTimeoutMs)
        let known = migrations.last?.version ?? 0
        // Why: only reads until the file is known to be ours, so a foreign or corrupt file is
        // left byte for byte as it was.
        let found = try inspect(connection, knownVersion: known)
        switch mode {
        case .readOnly:
            if found < known { throw StoreError.olderSchema(path: path, found: found, known: known) }
        case .readWrite:
            // WAL: readers never block the writer, and a crash leaves the last commit intact.
            _ = try connection.query("PRAGMA journal_mode = WAL") { $0.text(0) }
            if found < known { try migrate(connection, migrations: migrations) }
        }
        try connection.execute("PRAGMA foreign_keys = ON")
        return RunStore(connection: connection)
    }

    /// The schema version of the database, after checking it is ours and not too new.
    private static func inspect(_ connection: SQLiteConnection, knownVersion: Int) throws -> Int {
        let applicationID = try connection.scalarInt("PRAGMA application_id")
        let version = Int(try connection.scalarInt("PRAGMA user_version"))
        if applicationID != StoreSchema.applicationID {
            let tables = try connection.query(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            ) { $0.text(0) }
            // An empty file (or one SQLite just created) becomes ours; anything else is left alone.
            if applicationID != 0 || version != 0 || !tables.isEmpty {
                throw StoreError.foreignDatabase(path: connection.path, tables: tables)
            }
        }
        if version > knownVersion {
            throw StoreError.newerSchema(path: connection.path, found: version, known: knownVersion)
        }
        return version
    }

    /// Applies every migration newer than the file's version, all in one transaction.
    private static func migrate(_ connection: SQLiteConnection, migrations: [Migration]) throws {
        try connection.transaction {
            // Read again under the write lock: another process may have migrated meanwhile.
            let current = Int(try connection.scalarInt("PRAGMA user_version"))
            for migration in migrations where migration.version > current {
                try connection.execute(migration.sql)
                // PRAGMA takes no parameters; the version is our own integer, not input.
                try connection.execute("PRAGMA user_version = \(migration.version)")
            }
            try connection.execute("PRAGMA application_id = \(StoreSchema.applicationID)")
        }
    }

    /// The schema version the file has now.
    var schemaVersion: Int {
        get throws { Int(try connection.scalarInt("PRAGMA user_version")) }
    }

    /// SQLite's `PRAGMA integrity_check`: `["ok"]` for a sound file.
    func integrityCheck() throws -> [String] {
        try connection.query("PRAGMA integrity_check") { $0.text(0) }
    }
}
