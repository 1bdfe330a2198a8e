import CSQLite

/// One open SQLite database. The only class in the store: the connection has identity (a C
/// handle, a cache of prepared statements, a transaction state) and must be closed exactly once.
///
/// Not thread-safe: use a connection from one thread at a time (SQLite's multi-thread mode). Values
/// always reach SQL as bound parameters; SQL text is only ever written by this module.
///
///     let db = try SQLiteConnection(path: "runs.sqlite", mode: .readWriteCreate)
///     try db.transaction {
///         try db.run("INSERT INTO t(a, b) VALUES (?, ?)", [.integer(1), .text("x")])
///     }
final class SQLiteConnection {
    enum OpenMode: Sendable {
        case readOnly
        case readWrite
        case readWriteCreate
    }

    /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
    static let defaultBusyTimeoutMs = RunStore.defaultBusyTimeoutMs

    let path: String
    let mode: OpenMode
    let busyTimeoutMs: Int
    private var handle: OpaquePointer?
    /// Prepared statements by SQL text. The set of texts is small and fixed (no value is ever
    /// spliced into SQL), so the cache needs no eviction.
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (or, with `.readWriteCreate`, creates) the database at `path`.
    ///
    /// Opening reads nothing: a corrupt or foreign file is only noticed by the first statement.
    /// A read-write open of a file SQLite can only read fails with `StoreError.readOnly`.
    init(path: String, mode: OpenMode, busyTimeoutMs: Int = SQLiteConnection.defaultBusyTimeoutMs) throws {
        self.path = path
        self.mode = mode
        self.busyTimeoutMs = busyTimeoutMs
        var flags: Int32 = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        switch mode {
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        }
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(db)
            throw StoreError.sqlite(SQLiteFailure(path: path, extendedCode: code, message: message, during: "opening"),
                                    busyTimeoutMs: busyTimeoutMs)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, Int32(clamping: busyTimeoutMs))
        // Why: SQLite silently falls back to read-only when the file is not writable; a store
        // asked to write should say so at once rather than at the end of a simulation.
        if mode != .readOnly, sqlite3_db_readonly(db, "main") == 1 {
            close()
            throw StoreError.readOnly(path: path)
        }
    }

    deinit { close() }

    /// Finalizes every cached statement and closes the handle; later calls fail with `SQLITE_MISUSE`.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    // MARK: Statements

    /// Runs `body` with the prepared (cached) statement for `sql`; the statement is reset and its
    /// bindings cleared afterwards, whatever `body` does.
    func withStatement<T>(_ sql: String, _ body: (inout Statement) throws -> T) throws -> T {
        let pointer = try prepared(sql)
        var statement = Statement(pointer: pointer, connection: self, sql: sql)
        defer {
            sqlite3_reset(pointer)
            sqlite3_clear_bindings(pointer)
        }
        return try body(&statement)
    }

    /// Runs a statement that returns no rows, once per call.
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws {
        try withStatement(sql) { statement in
            try statement.bind(values)
            try statement.runToCompletion()
        }
    }

    /// Runs a query and turns each row into a value.
    func query<T>(_ sql: String, _ values: [SQLiteValue] = [], row: (Statement) throws -> T) throws -> [T] {
        try withStatement(sql) { statement in
            try statement.bind(values)
            var rows: [T] = []
            while try statement.step() { rows.append(try row(statement)) }
            return rows
        }
    }

    /// Runs one or more statements without parameters (schema text, PRAGMAs). Not cached.
    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(try open(), sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(error)
            throw failure(code: extendedCode(orPrimary: code), message: message, during: sql)
        }
    }

    /// The value of a PRAGMA (or any one-value query).
    func scalarInt(_ sql: String) throws -> Int64 {
        try query(sql) { $0.int64(0) }.first ?? 0
    }

    var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Rows changed by the last INSERT, UPDATE or DELETE (not counting cascades).
    var changes: Int { handle.map { Int(sqlite3_changes64($0)) } ?? 0 }

    // MARK: Transactions

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws (or if the commit
    /// fails). IMMEDIATE takes the write lock at once, so a busy database fails here, before any
    /// work, and the busy timeout applies to taking the lock.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        precondition(isAutocommit, "SQLiteConnection.transaction does not nest")
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            // Why: after some errors (SQLITE_FULL, SQLITE_IOERR) SQLite has already rolled back;
            // a second ROLLBACK would fail and hide the first error.
            if !isAutocommit { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// False while a transaction is open.
    var isAutocommit: Bool { handle.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    // MARK: Errors

    var lastMessage: String { handle.map { String(cString: sqlite3_errmsg($0)) } ?? "the connection is closed" }

    func extendedCode(orPrimary code: Int32) -> Int32 {
        guard let handle else { return code }
        let extended = sqlite3_extended_errcode(handle)
        return extended & 0xFF == code & 0xFF ? extended : code
    }

    func failure(code: Int32, message: String? = nil, during: String) -> StoreError {
        // SQL text is indented over several lines in the source; one line reads better in a message.
        let oneLine = during.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return .sqlite(SQLiteFailure(path: path, extendedCode: code, message: message ?? lastMessage, during: oneLine),
                       busyTimeoutMs: busyTimeoutMs)
    }

    private func open() throws -> OpaquePointer {
        guard let handle else {
            throw failure(code: SQLITE_MISUSE, message: "the connection is closed", during: "using the connection")
        }
        return handle
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(try open(), sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            throw failure(code: extendedCode(orPrimary: code), during: sql)
        }
        statements[sql] = pointer
        return pointer
    }
}
