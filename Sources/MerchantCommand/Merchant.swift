import ArgumentParser
import Foundation
import Logging
import MerchantServer
import OrderDomain
import PostgresStore

/// `merchant`: the merchant payment backend.
@main
struct Merchant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Merchant payment backend for WooshPay.",
        subcommands: [
            Serve.self, Migrate.self, Keys.self, Customers.self, Reconcile.self, DoctorCommand.self, WebhooksCommand.self, NotificationsCommand.self,
            BenchTick.self,
        ],
        defaultSubcommand: Serve.self)
}

/// Shared start-up: configuration from the environment, logging, one-line failures.
enum Startup {
    static func configuration() -> ServerConfiguration {
        do {
            return try ServerConfiguration(environment: ProcessInfo.processInfo.environment)
        } catch {
            for problem in error.problems { fail("configuration: \(problem)", exit: false) }
            Foundation.exit(2)
        }
    }

    static func logger(_ configuration: ServerConfiguration) -> Logger {
        // LOG_FORMAT (json or text) and LOG_LEVEL, redacted either way.
        Server.bootstrapLogging(configuration)
    }

    /// Opens the pool on `configuration` (read from the environment when nil), checks the
    /// database, runs `body`, closes the pool. A start-up or domain failure is one line on
    /// stderr and exit status 1.
    static func withDatabase<T>(
        _ configuration: ServerConfiguration? = nil,
        _ body: (ServerConfiguration, PostgresPool, Logger) async throws -> T
    ) async throws -> T {
        let configuration = configuration ?? Startup.configuration()
        let logger = logger(configuration)
        let pool = Server.makePool(configuration, logger: logger)
        defer { pool.close() }
        do {
            try await Server.checkDatabase(pool)
            return try await body(configuration, pool, logger)
        } catch let error as Server.StartupError {
            fail(error.description)
        } catch let error as DomainError {
            fail(error.message)
        } catch let error as any RetryLaterError where error.isRetryLater {
            fail("the database became unavailable (\(error)); retry later")
        }
        throw ExitCode.failure
    }

    static func fail(_ line: String, exit: Bool = true) {
        FileHandle.standardError.write(Data("merchant: \(line)\n".utf8))
        if exit { Foundation.exit(1) }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service.")

    @Flag(help: "Apply pending migrations before serving.")
    var migrate = false

    func run() async throws {
        let configuration = Startup.configuration()
        let missing = configuration.problemsForServing()
        guard missing.isEmpty else {
            for problem in missing { Startup.fail("configuration: \(problem)", exit: false) }
            Foundation.exit(2)
        }
        let logger = Startup.logger(configuration)
        do {
            try await Server.run(configuration: configuration, migrate: migrate, logger: logger)
        } catch let error as Server.StartupError {
            Startup.fail(error.description)
        }
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")

    func run() async throws {
        let applied = try await Startup.withDatabase { configuration, pool, logger in
            try await Server.runMigrations(configuration, pool: pool, logger: logger)
        }
        print(applied.isEmpty ? "migrations: up to date" : "migrations: applied \(applied.joined(separator: ", "))")
    }
}
