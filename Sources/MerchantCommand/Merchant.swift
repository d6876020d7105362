import ArgumentParser
import Foundation
import Logging
import MerchantServer

/// `merchant`: the merchant payment backend.
@main
struct Merchant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "Merchant payment backend for WooshPay.",
        subcommands: [Serve.self, Migrate.self, Keys.self, Reconcile.self],
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
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        return Logger(label: "merchant")
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
        let configuration = Startup.configuration()
        let logger = Startup.logger(configuration)
        let pool = Server.makePool(configuration, logger: logger)
        defer { pool.close() }
        do {
            try await Server.checkDatabase(pool)
            let applied = try await Server.runMigrations(configuration, pool: pool, logger: logger)
            print(applied.isEmpty ? "migrations: up to date" : "migrations: applied \(applied.joined(separator: ", "))")
        } catch let error as Server.StartupError {
            Startup.fail(error.description)
        }
    }
}
