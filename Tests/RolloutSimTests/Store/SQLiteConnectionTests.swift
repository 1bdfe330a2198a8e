import CSQLite
import Foundation
import Testing
@testable import RolloutSim

@Suite("SQLiteConnection")
struct StoreSQLiteConnectionTests {
    @Test("every bound type reads back as it was bound")
    func bindsAndReadsEveryType() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let db = try SQLiteConnection(path: folder.file("t.sqlite"), mode: .readWriteCreate)
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let blob = Data([0, 1, 2, 255])
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                   [.integer(Int64.min), .real(0.1 + 0.2), .text("ü'; DROP TABLE t; --"), .blob(blob), .null])
        let rows = try db.query("SELECT i, r, s, b, n FROM t") { row in
            (row.int64(0), row.double(1), row.text(2), row.blob(3), row.optionalText(4))
        }
        #expect(rows.count == 1)
        #expect(rows[0].0 == Int64.min)
        #expect(rows[0].1 == 0.1 + 0.2)
        #expect(rows[0].2 == "ü'; DROP TABLE t; --")
        #expect(rows[0].3 == blob)
        #expect(rows[0].4 == nil)
    }

    @Test("an empty blob binds as an empty blob, not NULL")
    func emptyBlobIsNotNull() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let db = try SQLiteConnection(path: folder.file("t.sqlite"), mode: .readWriteCreate)
        #expect(try db.query("SELECT typeof(?)", [.blob(Data())]) { $0.text(0) } == ["blob"])
    }

    @Test("a transaction that throws rolls back everything it wrote")
    func transactionRollsBack() throws {
        struct Boom: Error {}
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let db = try SQLiteConnection(path: folder.file("t.sqlite"), mode: .readWriteCreate)
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.transaction { try db.run("INSERT INTO t VALUES (1)") }
        #expect(throws: Boom.self) {
            try db.transaction {
                try db.run("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.query("SELECT x FROM t") { $0.int(0) } == [1])
        #expect(db.isAutocommit)
    }

    @Test("an error carries the path, SQLite's extended code, its message and the statement")
    func errorCarriesExtendedCode() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("t.sqlite")
        let db = try SQLiteConnection(path: path, mode: .readWriteCreate)
        try db.execute("CREATE TABLE t (x INTEGER UNIQUE)")
        try db.run("INSERT INTO t VALUES (?)", [.integer(1)])
        let error = try #require(throws: StoreError.self) { try db.run("INSERT INTO t VALUES (?)", [.integer(1)]) }
        guard case let .sqlite(failure, _) = error else { Issue.record("unexpected \(error)"); return }
        #expect(failure.extendedCode == 2067)  // SQLITE_CONSTRAINT_UNIQUE, a macro Swift cannot import
        #expect(failure.primaryCode == SQLITE_CONSTRAINT)
        #expect(failure.path == path)
        #expect(error.description == """
            \(path): the database reported an error (SQLite 2067, constraint failed: UNIQUE constraint failed: t.x; \
            while INSERT INTO t VALUES (?))
            """)
    }

    @Test("a statement is prepared once and reused with new bindings")
    func statementsAreCached() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let db = try SQLiteConnection(path: folder.file("t.sqlite"), mode: .readWriteCreate)
        let first = try db.withStatement("SELECT ?") { $0.pointer }
        let second = try db.withStatement("SELECT ?") { $0.pointer }
        #expect(first == second)
        #expect(try db.query("SELECT ?", [.integer(1)]) { $0.int(0) } == [1])
        #expect(try db.query("SELECT ?", [.text("b")]) { $0.text(0) } == ["b"])
    }

    @Test("a store opens in WAL mode with foreign keys on and a 5 s busy timeout")
    func storeConnectionSettings() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let store = try RunStore.open(at: folder.file("runs.sqlite"))
        #expect(try store.connection.query("PRAGMA journal_mode") { $0.text(0) } == ["wal"])
        #expect(try store.connection.scalarInt("PRAGMA foreign_keys") == 1)
        #expect(try store.connection.scalarInt("PRAGMA busy_timeout") == 5_000)
    }

    @Test("opening a missing file read-only fails with the path and SQLite's code")
    func missingFileReadOnly() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("missing.sqlite")
        let error = try #require(throws: StoreError.self) { try SQLiteConnection(path: path, mode: .readOnly) }
        #expect(error.description == """
            \(path): cannot open the database file (expected an existing folder that this user may write) \
            (SQLite 14, unable to open database file: unable to open database file; while opening)
            """)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}

@Suite("SQLiteConnection read-only")
struct StoreSQLiteConnectionReadOnlyTests {
    @Test("a write on a read-only connection fails with SQLite's read-only code")
    func writeOnReadOnlyConnection() throws {
        let folder = try StoreTemporaryFolder()
        defer { folder.remove() }
        let path = folder.file("t.sqlite")
        try SQLiteConnection(path: path, mode: .readWriteCreate).execute("CREATE TABLE t (x INTEGER)")
        let db = try SQLiteConnection(path: path, mode: .readOnly)
        let error = try #require(throws: StoreError.self) { try db.run("INSERT INTO t VALUES (?)", [.integer(1)]) }
        #expect(error.description == """
            \(path): the database is read-only (expected a writable file and folder; check the permissions, or pass another --db) \
            (SQLite 8, attempt to write a readonly database: attempt to write a readonly database; while INSERT INTO t VALUES (?))
            """)
    }
}
