import Foundation
import PostgresStore
import TestSupport
import Testing

/// `merchant customers erase` as a real process against a fresh database.
@Suite("merchant customers erase") struct CustomerEraseCommandTests {
    @Test func printsTheCountIsAuditedAndRefusesANonAddress() async throws {
        let database = try await TestDatabase.create()
        defer { Task { try? await TestDatabase.drop(database) } }
        let cli = AdminKeyCommandTests()

        let (erased, out, note) = try await cli.run(["customers", "erase", "--email", "nobody@example.com"], database: database)
        #expect(erased == 0, "\(note)")
        #expect(out == "erased 0 order(s)\n")
        #expect(note.contains("audited as customer.erased"))

        let (refused, _, error) = try await cli.run(["customers", "erase", "--email", " "], database: database)
        #expect(refused == 1)
        #expect(error.contains("e-mail"))

        let pool = TestDatabase.pool("dbname=\(database)", size: 1)
        defer { pool.close() }
        let audit = try await pool.withConnection { conn in
            try conn.query("SELECT actor || ' ' || action || ' ' || after::text AS a FROM admin_audit").map { try $0.decode("a", as: String.self) }
        }
        #expect(audit.count == 1)
        #expect(audit.first?.hasPrefix("cli customer.erased ") == true)
        #expect(audit.first?.contains("nobody") == false, "no address in the audit")
    }
}
