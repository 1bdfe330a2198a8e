import Foundation
import Testing
@testable import RolloutSim

/// DESIGN principle 8: bad files, permissions, a full disk and a second writer each give a clear
/// error, and nothing already stored is lost or half-written.
@Suite("Store robustness")
struct StoreRobustnessTests {
    /// Bytes from a fixed xorshift generator: "random" file contents that every run sees alike.
    static func noise(count: Int) -> Data {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return Data((0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state)
        })
    }

    @Test("a file of random bytes is reported as not a database and left untouched")
    func randomBytes() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let bytes = Self.noise(count: 8_192)
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description == """
            \(path): not a usable SQLite database (the file is corrupt or is some other kind of file); it was left untouched \
            (SQLite 26, file is not a database: file is not a database; while PRAGMA application_id)
            """)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test("a scenario file passed as the database is refused and left untouched")
    func textFile() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("scenario.yaml")
        let text = Data("apiVersion: rollout-sim/v1alpha1\nkind: Scenario\nmetadata: {name: x}\n".utf8)
        try text.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path, mode: .readOnly) }
        #expect(error.isNotADatabase)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == text)
    }

    @Test("another program's SQLite database is refused by name of its tables and left untouched")
    func foreignDatabase() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("places.sqlite")
        do {
            let other = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try other.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); CREATE TABLE moz_bookmarks (id INTEGER)")
            try other.run("INSERT INTO moz_places (url) VALUES (?)", [.text("https://argoproj.github.io")])
            other.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description == """
            \(path): not a rollout-sim database (it holds the tables moz_bookmarks, moz_places); it was left untouched \
            (expected a rollout-sim run database, or pass another --db)
            """)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a database of another program that set its own application id is refused even when empty")
    func foreignApplicationID() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("other.sqlite")
        do {
            let other = try SQLiteConnection(path: path, mode: .readWriteCreate)
            try other.execute("PRAGMA application_id = 1234")
            other.close()
        }
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error == .foreignDatabase(path: path, tables: []))
    }

    @Test("writing through a read-only store fails with a read-only error and changes nothing")
    func readOnlyMode() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let id = try RunStore.open(at: path).save(StoreFixtures.smallRun())
        let reader = try RunStore.open(at: path, mode: .readOnly)
        let error = try #require(throws: StoreError.self) { try reader.save(StoreFixtures.smallRun(seed: 2)) }
        #expect(error.description
            == "\(path): the database is read-only (expected a writable file and folder; check the permissions, or pass another --db)")
        #expect(throws: StoreError.readOnly(path: path)) { try reader.delete(id) }
        #expect(try reader.list().map(\.id) == [id])
    }

    @Test("a file without write permission is refused when opened for writing",
          .enabled(if: !StoreFixtures.isRunningAsRoot, "root ignores file permissions, so the file stays writable"))
    func readOnlyFile() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let id = try RunStore.open(at: path).save(StoreFixtures.smallRun())
        #expect(chmod(path, 0o444) == 0)
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description
            == "\(path): the database is read-only (expected a writable file and folder; check the permissions, or pass another --db)")
        #expect(try RunStore.open(at: path, mode: .readOnly).list().map(\.id) == [id])
    }

    @Test("a new database in a folder without write permission cannot be created",
          .enabled(if: !StoreFixtures.isRunningAsRoot, "root ignores folder permissions, so the file can be created"))
    func unwritableFolder() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        #expect(chmod(folder.path, 0o555) == 0)
        let path = folder.file("runs.sqlite")
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description.hasPrefix("\(path): cannot open the database file (expected an existing folder that this user may write)"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a database in a folder that does not exist cannot be opened, and no folder is made")
    func missingFolder() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("typo/runs.sqlite")
        let error = try #require(throws: StoreError.self) { try RunStore.open(at: path) }
        #expect(error.description == """
            \(path): cannot open the database file (expected an existing folder that this user may write) \
            (SQLite 14, unable to open database file: unable to open database file; while opening)
            """)
        #expect(!FileManager.default.fileExists(atPath: folder.file("typo")))
    }

    @Test("a full disk fails the write with a clear error and keeps the earlier runs intact")
    func fullDisk() throws {
        // Goal: SQLITE_FULL in the middle of a run's transaction. Method: cap the file a few
        // pages above its size with PRAGMA max_page_count, then store a run needing hundreds.
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path)
        let earlier = try [StoreFixtures.smallRun(seed: 1), StoreFixtures.smallRun(seed: 2)].map { try store.save($0) }
        let counts = try store.rowCounts()
        let pages = try store.connection.scalarInt("PRAGMA page_count")
        _ = try store.connection.query("PRAGMA max_page_count = \(pages + 4)") { $0.int(0) }
        let error = try #require(throws: StoreError.self) { try store.save(StoreFixtures.bigRun()) }
        #expect(error.description.hasPrefix(
            "\(path): the disk is full; nothing was written and earlier runs are intact (SQLite 13, database or disk is full:"))
        #expect(store.connection.isAutocommit)
        #expect(try store.rowCounts() == counts)
        #expect(try store.list().map(\.id) == earlier.reversed())
        #expect(try store.load(earlier[0]) == StoreFixtures.smallRun(seed: 1))
        #expect(try store.integrityCheck() == ["ok"])
        // Once there is room again the same store writes normally.
        _ = try store.connection.query("PRAGMA max_page_count = 1000000") { $0.int(0) }
        #expect(try store.load(try store.save(StoreFixtures.bigRun())) == StoreFixtures.bigRun())
    }

    @Test("a second writer holding the lock makes a save wait out the busy timeout, fail, and lose nothing")
    func concurrentWriter() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("runs.sqlite")
        let store = try RunStore.open(at: path, busyTimeoutMs: 200)
        let first = try store.save(StoreFixtures.smallRun(seed: 1))
        let other = try RunStore.open(at: path)
        try other.connection.execute("BEGIN IMMEDIATE")
        let second = try other.save(StoreFixtures.smallRun(seed: 2), insideOpenTransaction: true)

        let error = try #require(throws: StoreError.self) { try store.save(StoreFixtures.smallRun(seed: 3)) }
        #expect(error.description == """
            \(path): the database is locked by another writer (waited 200 ms); nothing was written, try again \
            (SQLite 5, database is locked: database is locked; while BEGIN IMMEDIATE)
            """)
        // Readers are not blocked by the writer (WAL), and see only committed runs.
        #expect(try store.list().map(\.id) == [first])

        try other.connection.execute("COMMIT")
        let third = try store.save(StoreFixtures.smallRun(seed: 3))
        #expect(try store.list().map(\.id) == [third, second, first])
        #expect(try store.integrityCheck() == ["ok"])
    }
}

extension RunStore {
    /// The body of `save` without its own transaction, so a test can hold a transaction open.
    func save(_ run: StoredRun, insideOpenTransaction: Bool) throws -> RunID {
        precondition(insideOpenTransaction && !connection.isAutocommit)
        return try saveRows(run, afterTable: { _ in })
    }
}
