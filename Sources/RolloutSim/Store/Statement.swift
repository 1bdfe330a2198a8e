import CSQLite
import Foundation

/// A value bound to a `?` parameter of a statement.
enum SQLiteValue: Equatable, Sendable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
    case null

    static func integer(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }
    static func optionalText(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }
    static func optionalInteger(_ value: Int64?) -> SQLiteValue { value.map(SQLiteValue.integer) ?? .null }
}

/// A prepared statement borrowed from its connection's cache for the length of a
/// `SQLiteConnection.withStatement` call: bind, step, read columns. The connection owns the C
/// statement and finalizes it; a `Statement` must not escape the closure it was given to.
struct Statement {
    let pointer: OpaquePointer
    unowned let connection: SQLiteConnection
    let sql: String

    // MARK: Binding (parameters are numbered from 1, as in SQLite)

    mutating func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    mutating func bind(_ value: SQLiteValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case let .integer(number): code = sqlite3_bind_int64(pointer, index, number)
        case let .real(number): code = sqlite3_bind_double(pointer, index, number)
        case let .text(text): code = sqlite3_bind_text(pointer, index, text, -1, Self.transient)
        case let .blob(bytes):
            code = bytes.withUnsafeBytes { raw in
                // Why: a zero-length blob with a nil pointer would bind NULL, not an empty blob.
                raw.baseAddress == nil
                    ? sqlite3_bind_zeroblob(pointer, index, 0)
                    : sqlite3_bind_blob(pointer, index, raw.baseAddress, Int32(raw.count), Self.transient)
            }
        case .null: code = sqlite3_bind_null(pointer, index)
        }
        // Why: the message is only built on failure; building it per bind cost a third of a save.
        if code != SQLITE_OK {
            throw connection.failure(code: connection.extendedCode(orPrimary: code), during: "binding parameter \(index) of \(sql)")
        }
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when the statement is done.
    mutating func step() throws -> Bool {
        let code = sqlite3_step(pointer)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(code: connection.extendedCode(orPrimary: code), during: sql)
        }
    }

    /// Steps until the statement is done, for INSERT, UPDATE and DELETE.
    mutating func runToCompletion() throws {
        while try step() {}
    }

    /// Resets the statement to run again with new bindings (inside one `withStatement` call).
    mutating func reset() {
        sqlite3_reset(pointer)
    }

    // MARK: Columns (numbered from 0, as in SQLite)

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(pointer, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(pointer, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(pointer, column)) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(pointer, column) }

    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(pointer, column) else { return "" }
        let count = Int(sqlite3_column_bytes(pointer, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func blob(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(pointer, column))
        guard count > 0, let bytes = sqlite3_column_blob(pointer, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }

    /// SQLite copies bound text and blobs before the bind call returns (`SQLITE_TRANSIENT`,
    /// a C macro Swift cannot import).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
