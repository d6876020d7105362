import Foundation
import PostgresStore
import TestSupport
import Testing

/// `merchant keys ...` as a real process against a fresh database.
@Suite("merchant keys")
struct AdminKeyCommandTests {
    /// Runs `merchant` and returns exit code, stdout and stderr.
    func run(_ arguments: [String], database: String) async throws -> (Int32, String, String) {
        var env = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        env["PGDATABASE"] = database
        env["PATH"] = "/usr/bin:/bin"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = arguments
        process.environment = SanitizerEnvironment.adding(to: env)
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("keys-\(UUID().uuidString).out")
        let errURL = dir.appendingPathComponent("keys-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Polled, not waitUntilExit(): a blocked thread of the two-core test pool delays
        // every other test's timers.
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout, stderr)
    }

    @Test("create prints the key once; list never shows it; revoke by name; errors exit 1")
    func createListRevoke() async throws {
        let database = try await TestDatabase.create()
        defer { Task { try? await TestDatabase.drop(database) } }

        let (noRole, _, noRoleError) = try await run(["keys", "create", "--name", "ops"], database: database)
        #expect(noRole == 1)
        #expect(noRoleError.contains("--role is required: one of viewer, operator, catalog, admin"), "\(noRoleError)")
        let (badRole, _, badRoleError) = try await run(["keys", "create", "--name", "ops", "--role", "root"], database: database)
        #expect(badRole == 1)
        #expect(badRoleError.contains("one of viewer, operator, catalog, admin"))

        let (created, key, note) = try await run(["keys", "create", "--name", "ops", "--role", "operator"], database: database)
        #expect(created == 0, "\(note)")
        let secret = key.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.wholeMatch(of: /mk_[0-9a-f]{16}_[0-9a-f]{64}/) != nil)
        #expect(note.contains("shown only now"))

        let (duplicate, _, duplicateError) = try await run(["keys", "create", "--name", "ops", "--role", "admin"], database: database)
        #expect(duplicate == 1)
        #expect(duplicateError.contains("already exists"))

        let (listed, listing, _) = try await run(["keys", "list"], database: database)
        #expect(listed == 0)
        #expect(listing.contains("ops"))
        #expect(listing.contains("\toperator\t"), "the role is listed")
        #expect(listing.contains("key_" + secret.dropFirst(3).prefix(16)))
        #expect(!listing.contains(String(secret.suffix(64))))

        let (revoked, revokeOut, _) = try await run(["keys", "revoke", "ops"], database: database)
        #expect(revoked == 0)
        #expect(revokeOut.contains("revoked"))
        let (_, afterRevoke, _) = try await run(["keys", "list"], database: database)
        #expect(afterRevoke.split(separator: "\n").last?.split(separator: "\t").dropFirst(3).first != "-")

        let (unknown, _, unknownError) = try await run(["keys", "revoke", "nobody"], database: database)
        #expect(unknown == 1)
        #expect(unknownError.contains("nobody"))

        // Both changes are in the audit trail, by the command line, without the secret.
        let pool = TestDatabase.pool("dbname=\(database)", size: 1)
        defer { pool.close() }
        let audit = try await pool.withConnection { conn in
            try conn.query("SELECT actor || ' ' || action || ' ' || target || ' ' || after::text AS a FROM admin_audit ORDER BY id")
                .map { try $0.decode("a", as: String.self) }
        }
        let id = "key_" + secret.dropFirst(3).prefix(16)
        #expect(audit.count == 2)
        #expect(audit.first?.hasPrefix("cli key.created \(id) ") == true && audit.first?.contains(#""role": "operator""#) == true)
        #expect(audit.last?.hasPrefix("cli key.revoked \(id) ") == true)
        #expect(!audit.joined().contains(String(secret.suffix(64))))
    }
}
