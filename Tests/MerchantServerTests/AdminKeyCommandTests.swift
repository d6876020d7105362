import Foundation
import TestSupport
import Testing

/// `merchant keys ...` as a real process against a fresh database.
@Suite("merchant keys")
struct AdminKeyCommandTests {
    /// Runs `merchant` and returns exit code, stdout and stderr.
    func run(_ arguments: [String], database: String) throws -> (Int32, String, String) {
        var env = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        env["PGDATABASE"] = database
        env["PATH"] = "/usr/bin:/bin"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = arguments
        process.environment = env
        let dir = FileManager.default.temporaryDirectory
        let outURL = dir.appendingPathComponent("keys-\(UUID().uuidString).out")
        let errURL = dir.appendingPathComponent("keys-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
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

        let (created, key, note) = try run(["keys", "create", "--name", "ops"], database: database)
        #expect(created == 0, "\(note)")
        let secret = key.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(secret.wholeMatch(of: /mk_[0-9a-f]{16}_[0-9a-f]{64}/) != nil)
        #expect(note.contains("shown only now"))

        let (duplicate, _, duplicateError) = try run(["keys", "create", "--name", "ops"], database: database)
        #expect(duplicate == 1)
        #expect(duplicateError.contains("already exists"))

        let (listed, listing, _) = try run(["keys", "list"], database: database)
        #expect(listed == 0)
        #expect(listing.contains("ops"))
        #expect(listing.contains("key_" + secret.dropFirst(3).prefix(16)))
        #expect(!listing.contains(String(secret.suffix(64))))

        let (revoked, revokeOut, _) = try run(["keys", "revoke", "ops"], database: database)
        #expect(revoked == 0)
        #expect(revokeOut.contains("revoked"))
        let (_, afterRevoke, _) = try run(["keys", "list"], database: database)
        #expect(afterRevoke.split(separator: "\n").last?.split(separator: "\t").dropFirst(2).first != "-")

        let (unknown, _, unknownError) = try run(["keys", "revoke", "nobody"], database: database)
        #expect(unknown == 1)
        #expect(unknownError.contains("nobody"))
    }
}
