import Foundation
import OtklikCore
import OtklikSQLite
import OtklikStore

/// Where the data lives, as `OTKLIK_DATABASE_URL` names it:
/// - `sqlite:///srv/otklik/otklik.sqlite` — an SQLite file (its directory is created if needed);
/// - `sqlite:///srv/otklik/` — a directory: its `otklik.sqlite`;
/// - `sqlite::memory:` — a private database in memory, gone when the process ends (tests, trials).
/// Without it, the data directory's `otklik.sqlite` (`OTKLIK_DATA_DIR`). The scheme chooses the store; a
/// PostgreSQL store would add `postgres://…` here and nowhere else.
public enum DatabaseURL: Hashable, Sendable, CustomStringConvertible {
    case sqliteFile(URL)
    case sqliteMemory

    public static let schemes = ["sqlite:///path/to/otklik.sqlite", "sqlite:///path/to/directory/", "sqlite::memory:"]

    public init(parsing text: String) throws(FieldProblem) {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "sqlite::memory:" {
            self = .sqliteMemory
            return
        }
        guard text.hasPrefix("sqlite://") else {
            let scheme = text.split(separator: ":", maxSplits: 1).first.map(String.init) ?? text
            throw FieldProblem(
                field: "OTKLIK_DATABASE_URL", code: "unsupported_database",
                message: "\"\(scheme)\" is not a database this build can open; use one of \(Self.schemes.joined(separator: ", "))")
        }
        let path = String(text.dropFirst("sqlite://".count)).removingPercentEncoding ?? ""
        guard path.hasPrefix("/"), path.count > 1 else {
            throw FieldProblem(
                field: "OTKLIK_DATABASE_URL", code: "invalid",
                message: "an SQLite URL names an absolute path: sqlite:///path/to/otklik.sqlite")
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if path.hasSuffix("/") || (exists && isDirectory.boolValue) {
            self = .sqliteFile(URL(fileURLWithPath: path).appendingPathComponent(AppDatabase.defaultFileName))
        } else {
            self = .sqliteFile(URL(fileURLWithPath: path))
        }
    }

    public var description: String {
        switch self {
        case .sqliteFile(let file): "sqlite://" + file.path
        case .sqliteMemory: "sqlite::memory:"
        }
    }
}

/// Opens the store a configuration names — the one place that knows which implementations exist.
public enum StoreFactory {
    /// Opens (and migrates) the store of `config.database`.
    /// - Parameter quickCheck: read every page first (SQLite's `quick_check`), as `otklik check` and
    ///   `otklik migrate` do.
    public static func open(_ config: ServerConfig, quickCheck: Bool = false) throws -> any Store & StoreMaintenance {
        switch try config.database() {
        case .sqliteMemory:
            return SQLiteStore(try AppDatabase.inMemory())
        case .sqliteFile(let file):
            return SQLiteStore(try AppDatabase.open(file: file, synchronous: config.synchronous, quickCheck: quickCheck))
        }
    }
}
