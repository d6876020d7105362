import Foundation
import PostgresStore
import TestSupport
import Testing

/// Migration 0016 on a database that already has keys: they keep working, as `admin`.
@Suite("Admin: roles migration") struct AdminRoleMigrationTests {
    @Test func keysMadeBeforeRolesBecomeAdminAndNewKeysMustNameARole() async throws {
        try await TestDatabase.with(migrated: false) { pool, _ in
            // Every migration before 0016, in a folder of their own.
            let before = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: before, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: before) }
            for file in try FileManager.default.contentsOfDirectory(atPath: TestDatabase.migrationsDirectory)
            where file.hasSuffix(".sql") && file < "0016" {
                try FileManager.default.copyItem(
                    atPath: TestDatabase.migrationsDirectory + "/" + file,
                    toPath: before.appendingPathComponent(file).path)
            }
            try await Migrator(pool: pool, directory: before.path, logger: TestDatabase.logger).migrate()
            try await pool.withConnection { conn in
                _ = try conn.query("INSERT INTO api_keys (id, name, secret_hash) VALUES ('key_00000000000000aa', 'legacy', 'h1')")
            }
            try await Migrator(pool: pool, directory: TestDatabase.migrationsDirectory, logger: TestDatabase.logger).migrate()
            let role = try await pool.withConnection { conn in
                try conn.query("SELECT role FROM api_keys WHERE name = 'legacy'").first?.decode("role", as: String.self)
            }
            #expect(role == "admin")
            for sql in [
                "INSERT INTO api_keys (id, name, secret_hash) VALUES ('key_00000000000000bb', 'no-role', 'h2')",
                "INSERT INTO api_keys (id, name, role, secret_hash) VALUES ('key_00000000000000cc', 'bad', 'root', 'h3')",
            ] {
                await #expect(throws: (any Error).self, "\(sql)") {
                    try await pool.withConnection { conn in _ = try conn.query(sql) }
                }
            }
        }
    }
}
