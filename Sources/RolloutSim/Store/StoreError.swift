import CSQLite

/// A failed call into SQLite: the database file, SQLite's extended result code and message, and
/// what the store was doing.
public struct SQLiteFailure: Equatable, Sendable {
    public var path: String
    /// SQLite's extended result code (`SQLITE_READONLY_DIRECTORY`, `SQLITE_BUSY_SNAPSHOT`, …);
    /// its low byte is the primary code.
    public var extendedCode: Int32
    public var message: String
    /// What the store was doing, in words (`opening`, `storing run checkout-42-3f9a1c`, an SQL statement).
    public var during: String

    public var primaryCode: Int32 { extendedCode & 0xFF }

    /// SQLite's own name for the code, e.g. `database is locked`.
    public var codeText: String {
        guard let text = sqlite3_errstr(extendedCode) else { return "unknown error" }
        return String(cString: text)
    }
}

/// Everything that can go wrong in the run store. Cases carry data; the wording lives in
/// `description`, the one place messages are built (STYLE §5).
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A call into SQLite failed; the message is chosen from the primary code (a full disk, a
    /// locked database, a corrupt file, …).
    case sqlite(SQLiteFailure, busyTimeoutMs: Int)
    /// A valid SQLite database that some other program wrote.
    case foreignDatabase(path: String, tables: [String])
    /// The schema version is newer than this build knows; writing to it could lose data.
    case newerSchema(path: String, found: Int, known: Int)
    /// A read-only open of a database whose schema is older than this build's (or empty).
    case olderSchema(path: String, found: Int, known: Int)
    /// The database was to be written but SQLite could only open it for reading.
    case readOnly(path: String)
    /// The folder for the database could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A stored value that cannot be read back (a row edited by hand, a damaged page).
    case corruptRow(path: String, table: String, detail: String)
    /// No stored run has this id.
    case runNotFound(path: String, id: RunID)

    public var description: String {
        switch self {
        case let .sqlite(failure, busyTimeoutMs):
            return "\(failure.path): \(Self.explain(failure, busyTimeoutMs: busyTimeoutMs))"
                + " (SQLite \(failure.extendedCode), \(failure.codeText): \(failure.message); while \(failure.during))"
        case let .foreignDatabase(path, tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(path): not a rollout-sim database (it holds the tables \(shown)); it was left untouched (expected a rollout-sim run database, or pass another --db)"
        case let .newerSchema(path, found, known):
            return "\(path): the database was written by a newer rollout-sim (schema \(found)); this one knows up to \(known)"
        case let .olderSchema(path, found, known):
            return found == 0
                ? "\(path): holds no stored runs yet (expected a database that `rollout-sim run` has written)"
                : "\(path): the database has schema \(found) and this rollout-sim reads schema \(known); open it once for writing (e.g. `rollout-sim run`) to upgrade it"
        case let .readOnly(path):
            return "\(path): the database is read-only (expected a writable file and folder; check the permissions, or pass another --db)"
        case let .cannotCreateDirectory(path, reason):
            return "\(path): cannot create the folder for the run database (\(reason))"
        case let .corruptRow(path, table, detail):
            return "\(path): a row of table \(table) is damaged: \(detail) (expected what rollout-sim wrote; delete the run and simulate it again)"
        case let .runNotFound(path, id):
            return "\(path): no stored run with id '\(id)' (expected one of the ids `rollout-sim runs list` prints)"
        }
    }

    /// The part of the message a user can act on, by SQLite's primary code.
    private static func explain(_ failure: SQLiteFailure, busyTimeoutMs: Int) -> String {
        switch failure.primaryCode {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return "not a usable SQLite database (the file is corrupt or is some other kind of file); it was left untouched"
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_AUTH:
            return "the database is read-only (expected a writable file and folder; check the permissions, or pass another --db)"
        case SQLITE_BUSY, SQLITE_LOCKED:
            return "the database is locked by another writer (waited \(busyTimeoutMs) ms); nothing was written, try again"
        case SQLITE_FULL:
            return "the disk is full; nothing was written and earlier runs are intact"
        case SQLITE_CANTOPEN:
            return "cannot open the database file (expected an existing folder that this user may write)"
        case SQLITE_IOERR:
            return "an I/O error interrupted the database; nothing was written"
        default:
            return "the database reported an error"
        }
    }

    /// True for the failures that mean "the file is not a database": the store reports them
    /// without having written anything.
    var isNotADatabase: Bool {
        if case let .sqlite(failure, _) = self {
            return failure.primaryCode == SQLITE_NOTADB || failure.primaryCode == SQLITE_CORRUPT
        }
        return false
    }
}
