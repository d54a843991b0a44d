import Foundation
import OtklikCore
import OtklikSQLite
import OtklikStore

/// Everything `buildApplication` needs, as one plain value. The CLI fills it from flags, the environment
/// and defaults; tests fill it directly. Nothing deeper than `buildApplication` reads the environment.
public struct ServerConfig: Sendable {
    public var host: String
    public var port: Int
    /// Where the SQLite database lives when no `databaseURL` is given; nil keeps everything in memory (tests).
    public var dataDirectory: URL?
    /// The database, as a URL (`OTKLIK_DATABASE_URL`, see `DatabaseURL`): overrides the data directory.
    public var databaseURL: String?
    /// Largest request body accepted, in bytes (batches of 10k responses fit comfortably).
    public var maxBodyBytes: Int
    /// Largest number of responses in one batch request.
    public var maxBatchItems: Int
    /// Groups smaller than this are flagged as low-sample in metric answers.
    public var minimumSample: Int
    /// bcrypt's cost for web passwords (2^cost rounds). 12 takes ~0.25 s here; tests use the minimum, 4.
    public var passwordCost: UInt8 = 12
    /// The address customers reach the server at, for survey links and QR codes ("https://otzyv.example.ru").
    /// Nil: taken from each request's Host header.
    public var publicURL: String?
    /// Survey form posts accepted per IP address and minute (a restaurant's guest Wi-Fi is one address,
    /// so this is generous; it stops scripts, not tables of guests).
    public var surveySubmissionsPerMinute = 30
    /// Answer plain, valid ingest POSTs and metrics questions on the event loop (`FastLane`); off, the
    /// router answers them all. The answers are the same either way; `OTKLIK_FAST_LANE=0` turns it off.
    public var fastLane = true
    /// How long a checked API token is trusted before the store is asked again: a token revoked by
    /// another process (`otklik token revoke`, another server) stops working within this time.
    public var tokenRecheckInterval: Duration = .seconds(1)
    /// How long a connection may wait for its next request (a fresh or keep-alive one) before it is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// How long a client may take to send a request's headers, counted from their first byte.
    public var headerTimeout: Duration = .seconds(15)
    /// How long a request body may make no progress before the connection is closed.
    public var bodyTimeout: Duration = .seconds(30)
    /// An answer written piece by piece (`ChunkedResult`: metrics, their CSV) is sent whole, with its
    /// `Content-Length`, when all of it is written before its bytes reach this size (its last group may pass
    /// it); a larger one goes out chunked, piece by piece as it is written. Whole answers cost clients less:
    /// Python's `http.client` took 0.1 ms more to read a 141 KB answer in three chunks than whole. Tests lower
    /// it to see answers in pieces.
    public var wholeAnswerBytes = 1 << 20
    /// SQLite's `synchronous` for the database file: whether a commit also survives a power loss
    /// (`OTKLIK_SYNCHRONOUS=full|normal`; README explains the trade-off, BENCHMARKS.md its cost).
    public var synchronous = SynchronousMode.standard

    public init(
        host: String = "127.0.0.1", port: Int = 8080, dataDirectory: URL? = URL(fileURLWithPath: "otklik-data"),
        maxBodyBytes: Int = 32 << 20, maxBatchItems: Int = 50_000, minimumSample: Int = 30
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchItems = maxBatchItems
        self.minimumSample = minimumSample
    }

    /// The database to open: `databaseURL` when given, else the data directory's file, else memory.
    public func database() throws(FieldProblem) -> DatabaseURL {
        if let databaseURL, !databaseURL.isEmpty { return try DatabaseURL(parsing: databaseURL) }
        return dataDirectory.map { .sqliteFile($0.appendingPathComponent(AppDatabase.defaultFileName)) } ?? .sqliteMemory
    }

    /// Reads `OTKLIK_HOST`, `OTKLIK_PORT`, `OTKLIK_DATA_DIR`, `OTKLIK_DATABASE_URL`, `OTKLIK_MAX_BODY_BYTES`, `OTKLIK_PUBLIC_URL`,
    /// `OTKLIK_FAST_LANE`, `OTKLIK_IDLE_TIMEOUT_SECONDS`, `OTKLIK_HEADER_TIMEOUT_SECONDS`,
    /// `OTKLIK_BODY_TIMEOUT_SECONDS`, `OTKLIK_SYNCHRONOUS` over the defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ServerConfig {
        var config = ServerConfig()
        if let host = environment["OTKLIK_HOST"] { config.host = host }
        if let port = environment["OTKLIK_PORT"].flatMap(Int.init) { config.port = port }
        if let directory = environment["OTKLIK_DATA_DIR"] { config.dataDirectory = URL(fileURLWithPath: directory) }
        if let url = environment["OTKLIK_DATABASE_URL"], !url.isEmpty { config.databaseURL = url }
        if let bytes = environment["OTKLIK_MAX_BODY_BYTES"].flatMap(Int.init) { config.maxBodyBytes = bytes }
        if environment["OTKLIK_FAST_LANE"] == "0" { config.fastLane = false }
        if let mode = environment["OTKLIK_SYNCHRONOUS"].flatMap({ SynchronousMode(rawValue: $0.lowercased()) }) {
            config.synchronous = mode
        }
        if let url = environment["OTKLIK_PUBLIC_URL"], !url.isEmpty { config.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url }
        if let seconds = seconds("OTKLIK_IDLE_TIMEOUT_SECONDS") { config.idleTimeout = seconds }
        if let seconds = seconds("OTKLIK_HEADER_TIMEOUT_SECONDS") { config.headerTimeout = seconds }
        if let seconds = seconds("OTKLIK_BODY_TIMEOUT_SECONDS") { config.bodyTimeout = seconds }
        return config

        /// A positive number of seconds (fractions allowed: tests use short timeouts).
        func seconds(_ name: String) -> Duration? {
            guard let value = environment[name].flatMap(Double.init), value > 0, value.isFinite else { return nil }
            return .milliseconds(Int64((value * 1000).rounded()))
        }
    }
}
