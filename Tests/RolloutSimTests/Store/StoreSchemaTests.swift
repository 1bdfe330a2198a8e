import Foundation
import Testing
@testable import RolloutSim

@Suite("StoreSchema")
struct StoreSchemaTests {
    @Test("a new database gets the latest schema version and rollout-sim's application id")
    func newDatabaseIsStamped() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        #expect(try store.schemaVersion == StoreSchema.latestVersion)
        #expect(try store.connection.scalarInt("PRAGMA application_id") == 0x5253_696D)
        let tables = try store.connection.query(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name") { $0.text(0) }
        #expect(tables == ["analysis_runs", "events", "measurements", "phases", "replica_set_history", "replica_sets",
                           "rollouts", "runs", "series", "steps", "weights"])
    }

    @Test("opening an older database migrates it forward in one step and keeps its runs")
    func olderDatabaseIsMigrated() throws {
        // Goal: a database written by a build that knew schema 1 is upgraded by a build that knows 2.
        // Method: open with only migration 1, store a run, reopen with a test migration 2 added.
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let id = try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100, migrations: [StoreSchema.version1])
            .save(StoreFixtures.smallRun())
        let version2 = Migration(version: 2, sql: "ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT ''")
        let store = try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100,
                                      migrations: [StoreSchema.version1, version2])
        #expect(try store.schemaVersion == 2)
        #expect(try store.connection.query("SELECT note FROM runs") { $0.text(0) } == [""])
        #expect(try store.load(id) == StoreFixtures.smallRun())
    }

    @Test("a migration that fails leaves the database at its old version, unchanged")
    func failedMigrationRollsBack() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        _ = try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100, migrations: [StoreSchema.version1])
        let version2 = Migration(version: 2, sql: "ALTER TABLE runs ADD COLUMN note TEXT")
        let broken3 = Migration(version: 3, sql: "ALTER TABLE no_such_table ADD COLUMN x TEXT")
        #expect(throws: StoreError.self) {
            try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100,
                              migrations: [StoreSchema.version1, version2, broken3])
        }
        let store = try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100, migrations: [StoreSchema.version1])
        #expect(try store.schemaVersion == 1)
        #expect(try store.connection.query("SELECT name FROM pragma_table_info('runs') WHERE name = 'note'") { $0.text(0) } == [])
    }

    @Test("a database from a newer rollout-sim is refused with both schema numbers")
    func newerDatabaseIsRefused() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path)
        try store.connection.execute("PRAGMA user_version = 7")
        store.connection.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description
            == "\(path): the database was written by a newer rollout-sim (schema 7); this one knows up to \(StoreSchema.latestVersion)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a read-only open of an older schema asks for one writing open to upgrade it")
    func readOnlyOlderSchema() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        _ = try RunStore.open(at: path, mode: .readWrite, busyTimeoutMs: 100, migrations: [StoreSchema.version1])
        let version2 = Migration(version: 2, sql: "ALTER TABLE runs ADD COLUMN note TEXT")
        let error = try #require(throws: StoreError.self) {
            try RunStore.open(at: path, mode: .readOnly, busyTimeoutMs: 100, migrations: [StoreSchema.version1, version2])
        }
        #expect(error.description == """
            \(path): the database has schema 1 and this rollout-sim reads schema 2; open it once for writing \
            (e.g. `rollout-sim run`) to upgrade it
            """)
    }
}
