import CryptoPrimitives
import Foundation
import Logging
import PostgresStore

/// Fresh PostgreSQL databases for tests, each with every migration applied, cloned from a
/// template so that tests can run in parallel and in any order. The server comes from the
/// `PG*` environment variables (`make test` starts a private cluster and sets them).
public enum TestDatabase {
    /// The repository's `migrations/` folder.
    public static let migrationsDirectory: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("migrations").path
    }()

    /// The repository root.
    public static let repositoryRoot: String = {
        URL(fileURLWithPath: migrationsDirectory).deletingLastPathComponent().path
    }()

    /// A logger that stays quiet unless `TEST_LOG_LEVEL` asks otherwise.
    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    /// A pool on `connectionString` for tests. The suite runs everything in parallel on two
    /// cores, where a new connection can take longer than the service's 5 s default: tests
    /// wait up to 30 s rather than fail on load.
    public static func pool(_ connectionString: String, size: Int) -> PostgresPool {
        var configuration = PostgresPool.Configuration(connectionString: connectionString, size: size)
        configuration.connectTimeoutSeconds = 30
        return PostgresPool(configuration: configuration, logger: logger)
    }

    /// Creates a database, runs `body` with a pool on it, then drops it.
    /// With `migrated: false` the database is empty (for testing the migrator itself).
    public static func with<T: Sendable>(
        poolSize: Int = 4, migrated: Bool = true, _ body: (PostgresPool, String) async throws -> T
    ) async throws -> T {
        let name = try await create(migrated: migrated)
        let connectionString = "dbname=\(name)"
        let pool = Self.pool(connectionString, size: poolSize)
        do {
            let result = try await body(pool, connectionString)
            pool.close()
            try await drop(name)
            return result
        } catch {
            pool.close()
            try? await drop(name)
            throw error
        }
    }

    /// Creates a fresh, migrated database and returns its name.
    public static func create(migrated: Bool = true) async throws -> String {
        let template = migrated ? try await Template.shared.name() : "template0"
        let name = "test_" + Hex.encode(Crypto.randomBytes(6))
        try await maintenance { try $0.execute("CREATE DATABASE \(name) TEMPLATE \(template)") }
        return name
    }

    /// Drops a database created by `create()`, disconnecting any leftover sessions.
    public static func drop(_ name: String) async throws {
        try await maintenance { try $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    static func maintenance(_ body: @escaping @Sendable (PostgresConnection) throws -> Void) async throws {
        let pool = Self.pool("dbname=postgres", size: 1)
        defer { pool.close() }
        try await pool.withConnection(body)
    }
}

/// The migrated template database, named after the migrations' checksum so that it is
/// rebuilt when a migration changes and reused otherwise.
actor Template {
    static let shared = Template()
    // A task, not a value: the actor is re-entrant across awaits, so concurrent first
    // callers must all wait for the one build rather than start their own.
    private var building: Task<String, any Error>?

    func name() async throws -> String {
        if let building { return try await building.value }
        let task = Task { try await Self.build() }
        building = task
        return try await task.value
    }

    private static func build() async throws -> String {
        let migrations = try Migrator.load(directory: TestDatabase.migrationsDirectory)
        let digest = Crypto.sha256Hex(migrations.map { "\($0.version):\($0.checksum)" }.joined(separator: ","))
        let name = "merchant_tpl_" + digest.prefix(16)
        let exists = TestDatabase.pool("dbname=postgres", size: 1)
        let present = try await exists.withConnection {
            try $0.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]).count == 1
        }
        exists.close()
        if !present {
            let building = name + "_building"
            try await TestDatabase.maintenance {
                try $0.execute("DROP DATABASE IF EXISTS \(building) WITH (FORCE)")
                try $0.execute("CREATE DATABASE \(building)")
            }
            let pool = TestDatabase.pool("dbname=\(building)", size: 1)
            try await Migrator(pool: pool, directory: TestDatabase.migrationsDirectory, logger: TestDatabase.logger).migrate()
            pool.close()
            // Rename only once complete, so a crash never leaves a half-migrated template.
            try await TestDatabase.maintenance { try $0.execute("ALTER DATABASE \(building) RENAME TO \(name)") }
        }
        return name
    }
}
