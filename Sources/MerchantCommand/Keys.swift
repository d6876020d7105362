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

    /// `merchant keys create --name NAME --role ROLE`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once (stdout); only its hash is stored.")

        @Option(help: "Unique name of the key: who or what uses it (shown in audit trails).")
        var name: String

        // Optional here only so that a missing role gets our message listing the roles;
        // there is no default: a key's privileges are always chosen, never implied.
        @Option(
            help: """
                What the key may do: viewer (reads), operator (refunds, capture, cancel, sync, replays, \
                reconciliation), catalog (products and prices) or admin (everything). Required.
                """)
        var role: String?

        func run() async throws {
            guard let role else {
                Startup.fail("--role is required: one of \(AdminRole.spelledList)")
                return
            }
            let parsed: AdminRole
            do {
                parsed = try AdminRole.parsed(role)
            } catch {
                Startup.fail("unknown role \"\(role)\": one of \(AdminRole.spelledList)")
                return
            }
            let (record, token) = try await Keys.withStore { try await $0.create(name: name, role: parsed, actor: .cli) }
            // The key alone on stdout, so `KEY=$(merchant keys create --name x)` works;
            // the explanation on stderr.
            FileHandle.standardError.write(
                Data(
                    """
                    created admin key \(record.id) named "\(record.name)" with role \(record.role.rawValue); \
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
            let outcome = try await Keys.withStore { try await $0.revoke(key, actor: .cli) }
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
        static let configuration = CommandConfiguration(abstract: "List keys: id, role, name, created, revoked (never secrets).")

        func run() async throws {
            let records = try await Keys.withStore { try await $0.list() }
            let formatter = ISO8601DateFormatter()
            print(["ID", "ROLE", "CREATED", "REVOKED", "NAME"].joined(separator: "\t"))
            for record in records {
                let revoked = record.revokedAt.map(formatter.string(from:)) ?? "-"
                print([record.id, record.role.rawValue, formatter.string(from: record.createdAt), revoked, record.name].joined(separator: "\t"))
            }
        }
    }
}
