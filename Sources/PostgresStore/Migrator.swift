import CryptoPrimitives
import Foundation
import Logging

/// Applies `migrations/NNNN_name.sql` files in order, each in its own transaction, and
/// records them in `schema_migrations`. A transaction-level advisory lock serialises
/// migrators, so replicas starting together apply each migration exactly once (and it works
/// unchanged behind PgBouncer in transaction mode).
public struct Migrator: Sendable {
    /// A migration file.
    public struct Migration: Sendable, Equatable {
        /// The numeric prefix, the migration's identity.
        public let version: Int
        /// The file name.
        public let name: String
        /// The SQL script.
        public let sql: String
        /// SHA-256 of the script, to notice an applied file that was edited afterwards.
        public var checksum: String { Crypto.sha256Hex(sql) }
    }

    /// Errors of the migrator itself.
    public enum Failure: Error, Equatable {
        /// The folder is missing or unreadable.
        case unreadableDirectory(String)
        /// Two files share a version, or a name lacks the `NNNN_` prefix.
        case badFileName(String)
        /// An applied migration's file changed since.
        case checksumMismatch(version: Int, name: String)
    }

    // Arbitrary constant, shared by every replica: the advisory lock's identity.
    static let advisoryLockKey = 7_263_541_001

    private let pool: PostgresPool
    private let migrations: [Migration]
    private let logger: Logger

    /// Creates a migrator for the `.sql` files in `directory`.
    public init(pool: PostgresPool, directory: String, logger: Logger) throws {
        self.pool = pool
        self.migrations = try Self.load(directory: directory)
        self.logger = logger
    }

    /// Reads and orders the migrations of `directory`.
    public static func load(directory: String) throws -> [Migration] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }
        } catch {
            throw Failure.unreadableDirectory(directory)
        }
        var migrations = [Migration]()
        for name in names {
            guard let version = Int(name.prefix { $0.isNumber }), name.contains("_") else {
                throw Failure.badFileName(name)
            }
            guard let sql = try? String(contentsOfFile: directory + "/" + name, encoding: .utf8) else {
                throw Failure.unreadableDirectory(directory + "/" + name)
            }
            migrations.append(Migration(version: version, name: name, sql: sql))
        }
        migrations.sort { $0.version < $1.version }
        for (a, b) in zip(migrations, migrations.dropFirst()) where a.version == b.version {
            throw Failure.badFileName(b.name)
        }
        return migrations
    }

    /// Applies every pending migration; returns the names applied by this call.
    @discardableResult
    public func migrate() async throws -> [String] {
        let migrations = migrations
        let applied = try await pool.withConnection { connection in
            // Transaction-level advisory locks only: a session lock taken through PgBouncer in
            // transaction mode could be released on another server connection, or left held
            // on one for ever. Each migration's transaction takes the lock and re-reads what
            // is applied, so concurrent migrators still apply each one exactly once.
            try connection.transaction { tx in
                try tx.query("SELECT pg_advisory_xact_lock($1)", [Self.advisoryLockKey])
                try tx.execute(
                    """
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        checksum   text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now())
                    """)
            }
            // What was applied before this call is read once, without the lock: it only grows,
            // and a checksum once recorded never changes. Only a migration missing from it
            // takes the lock and looks again (another migrator may have applied it since).
            let done = try Self.appliedChecksums(connection)
            var appliedNow = [String]()
            for migration in migrations {
                if let checksum = done[migration.version] {
                    guard checksum == migration.checksum else {
                        throw Failure.checksumMismatch(version: migration.version, name: migration.name)
                    }
                    continue
                }
                let appliedHere = try connection.transaction { tx -> Bool in
                    try tx.query("SELECT pg_advisory_xact_lock($1)", [Self.advisoryLockKey])
                    if let checksum = try Self.appliedChecksums(tx)[migration.version] {
                        guard checksum == migration.checksum else {
                            throw Failure.checksumMismatch(version: migration.version, name: migration.name)
                        }
                        return false
                    }
                    try tx.execute(migration.sql)
                    try tx.query(
                        "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                        [migration.version, migration.name, migration.checksum])
                    return true
                }
                if appliedHere { appliedNow.append(migration.name) }
            }
            return appliedNow
        }
        for name in applied { logger.info("applied migration", metadata: ["migration": "\(name)"]) }
        return applied
    }

    /// How the database differs from the files, without changing anything (`merchant doctor`).
    public struct Drift: Sendable {
        /// Every migration file, in order.
        public var files: [Migration]
        /// Versions recorded as applied.
        public var applied: [Int]
        /// Files not applied yet.
        public var pending: [Migration]
        /// Applied files whose content changed since.
        public var edited: [Migration]
        /// Applied versions no file has (a binary older than the schema).
        public var unknown: [Int]
    }

    /// Reads `schema_migrations` (absent: nothing applied) and compares it with the files.
    public func drift() async throws -> Drift {
        let migrations = migrations
        let done = try await pool.withConnection { connection -> [Int: String] in
            let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
            guard try exists.first?.decode("present", as: Bool.self) == true else { return [:] }
            return try Self.appliedChecksums(connection)
        }
        return Drift(
            files: migrations, applied: done.keys.sorted(),
            pending: migrations.filter { done[$0.version] == nil },
            edited: migrations.filter { file in done[file.version].map { $0 != file.checksum } ?? false },
            unknown: Set(done.keys).subtracting(migrations.map(\.version)).sorted())
    }

    /// Version to checksum of every applied migration.
    private static func appliedChecksums(_ connection: PostgresConnection) throws -> [Int: String] {
        var done = [Int: String]()
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            done[try row.decode("version")] = try row.decode("checksum", as: String.self)
        }
        return done
    }
}
