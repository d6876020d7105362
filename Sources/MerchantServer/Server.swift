import Hummingbird
import Logging
import Metrics
import PostgresStore
import ServiceLifecycle

/// The running service: pool, HTTP server (and later the workers) in one `ServiceGroup`,
/// stopped gracefully by SIGTERM or SIGINT: the server drains in-flight requests first,
/// then the pool closes.
public enum Server {
    /// A start-up failure with a one-line, secret-free explanation.
    public struct StartupError: Error, CustomStringConvertible {
        /// The line to print.
        public var description: String
    }

    /// Connects, optionally migrates, then serves until a shutdown signal.
    public static func run(configuration: ServerConfiguration, migrate: Bool, logger: Logger) async throws {
        if let broken = configuration.testBreak {
            logger.warning("CHAOS_BREAK=\(broken.rawValue): a deliberate defect for the chaos run is ON; never in production")
        }
        // Once per process, before anything records: the components built below, and those
        // that default to the global system (the workers, the interactive gateway), all
        // record into the registry `/metrics` serves.
        let metrics = ServiceMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        let pool = makePool(configuration, logger: logger)
        try await checkDatabase(pool)
        if migrate { try await runMigrations(configuration, pool: pool, logger: logger) }
        let app = buildApplication(
            configuration: configuration, pool: pool, logger: logger, metrics: metrics,
            workers: Set(Worker.allCases), ownsPool: true
        ) { port in
            logger.info("merchant listening", metadata: ["url": "http://\(configuration.httpHost):\(port)"])
        }
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    /// Applies pending migrations and returns their names.
    @discardableResult
    public static func runMigrations(_ configuration: ServerConfiguration, pool: PostgresPool, logger: Logger) async throws -> [String] {
        let migrator: Migrator
        do {
            migrator = try Migrator(pool: pool, directory: configuration.migrationsDirectory, logger: logger)
        } catch {
            throw StartupError(description: "cannot read migrations in \(configuration.migrationsDirectory): \(error)")
        }
        do {
            return try await migrator.migrate()
        } catch let error as PostgresError {
            throw StartupError(description: "migration failed: \(error)")
        }
    }

    /// A pool sized and named from the configuration.
    public static func makePool(_ configuration: ServerConfiguration, logger: Logger) -> PostgresPool {
        var pool = PostgresPool.Configuration(connectionString: configuration.databaseURL, size: configuration.databasePoolSize)
        pool.preparedStatements = configuration.databasePreparedStatements
        return PostgresPool(configuration: pool, logger: logger)
    }

    /// Fails fast, with one line, when the database cannot be reached at start-up.
    public static func checkDatabase(_ pool: PostgresPool) async throws {
        do {
            try await pool.withConnection { try $0.query("SELECT 1") }
        } catch let error as PostgresError {
            pool.close()
            let reason: String
            switch error {
            case .connectionFailed(let message), .connectionLost(let message):
                // libpq's message names host and port but never the password.
                reason = message.split(separator: "\n").first.map(String.init) ?? message
            default:
                reason = "\(error)"
            }
            throw StartupError(description: "cannot connect to the database (DATABASE_URL): \(reason)")
        }
    }
}
