import ArgumentParser
import Foundation
import MerchantServer
import OrderDomain
import PostgresStore

/// `merchant keys ...`: admin API key management. Secrets are printed once, at creation,
/// and never stored: only their SHA-256 is.
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage admin API keys.",
        subcommands: [Create.self, Revoke.self, List.self])

    /// Opens the pool, runs `body` with the key store, closes the pool; one-line failures.
    static func withStore<T>(_ body: (AdminKeyStore) async throws -> T) async throws -> T {
        try await Startup.withDatabase { _, pool, _ in try await body(AdminKeyStore(pool: pool)) }
    }

    /// `merchant keys create --name NAME`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once (stdout); only its hash is stored.")

        @Option(help: "Unique name of the key: who or what uses it (shown in audit trails).")
        var name: String

        func run() async throws {
            let (record, token) = try await Keys.withStore { try await $0.create(name: name) }
            // The key alone on stdout, so `KEY=$(merchant keys create --name x)` works;
            // the explanation on stderr.
            FileHandle.standardError.write(Data("""
                created admin key \(record.id) named "\(record.name)"; \
                it is shown only now: store it in a secret manager.\n
                """.utf8))
            print(token.text)
        }
    }

    /// `merchant keys revoke NAME-or-ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by name or id; it stops working at once.")

        @Argument(help: "The key's name, or its id (key_<hex>).")
        var key: String

        func run() async throws {
            let outcome = try await Keys.withStore { try await $0.revoke(key) }
            switch outcome {
            case .revoked(let id, let name): print("revoked \(id) (\(name))")
            case .alreadyRevoked(let id, let name): print("\(id) (\(name)) was already revoked")
            case .notFound:
                Startup.fail("no admin key is named or has the id \"\(key)\"")
            }
        }
    }

    /// `merchant keys list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, name, created, revoked (never secrets).")

        func run() async throws {
            let records = try await Keys.withStore { try await $0.list() }
            let formatter = ISO8601DateFormatter()
            print(["ID", "CREATED", "REVOKED", "NAME"].joined(separator: "\t"))
            for record in records {
                let revoked = record.revokedAt.map(formatter.string(from:)) ?? "-"
                print([record.id, formatter.string(from: record.createdAt), revoked, record.name].joined(separator: "\t"))
            }
        }
    }
}
