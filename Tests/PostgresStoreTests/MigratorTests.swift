import Foundation
import PostgresStore
import TestSupport
import Testing

@Suite("Migrator")
struct MigratorTests {
    /// A temporary folder with migrations whose side effects can be counted.
    private func makeMigrations() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "CREATE TABLE ledger (n int NOT NULL);".write(toFile: dir + "/0001_ledger.sql", atomically: true, encoding: .utf8)
        try "INSERT INTO ledger VALUES (2); SELECT pg_sleep(0.05);".write(toFile: dir + "/0002_two.sql", atomically: true, encoding: .utf8)
        try "INSERT INTO ledger VALUES (3);".write(toFile: dir + "/0003_three.sql", atomically: true, encoding: .utf8)
        return dir
    }

    @Test("run twice: the second run applies nothing")
    func runTwice() async throws {
        let dir = try makeMigrations()
        try await TestDatabase.with(migrated: false) { pool, _ in
            let migrator = try Migrator(pool: pool, directory: dir, logger: TestDatabase.logger)
            #expect(try await migrator.migrate() == ["0001_ledger.sql", "0002_two.sql", "0003_three.sql"])
            #expect(try await migrator.migrate() == [])
            let rows = try await pool.withConnection { try $0.query("SELECT n FROM ledger ORDER BY n").map { try $0.decode("n", as: Int.self) } }
            #expect(rows == [2, 3])
        }
    }

    @Test("six migrators at once (separate pools, like replicas) apply each migration exactly once")
    func concurrent() async throws {
        let dir = try makeMigrations()
        try await TestDatabase.with(migrated: false) { pool, connectionString in
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let own = TestDatabase.pool(connectionString, size: 1)
                        defer { own.close() }
                        return try await Migrator(pool: own, directory: dir, logger: TestDatabase.logger).migrate()
                    }
                }
                var all = [String]()
                for try await names in group { all += names }
                return all
            }
            #expect(applied.sorted() == ["0001_ledger.sql", "0002_two.sql", "0003_three.sql"])
            let counts = try await pool.withConnection { c in
                (
                    try c.query("SELECT count(*) AS n FROM ledger").first!.decode("n", as: Int.self),
                    try c.query("SELECT count(*) AS n FROM schema_migrations").first!.decode("n", as: Int.self)
                )
            }
            #expect(counts.0 == 2)
            #expect(counts.1 == 3)
        }
    }

    @Test("a failing migration rolls back and stops; an edited applied file is refused")
    func failureAndChecksum() async throws {
        let dir = try makeMigrations()
        try "INSERT INTO ledger VALUES (4); SELECT broken;".write(toFile: dir + "/0004_bad.sql", atomically: true, encoding: .utf8)
        try await TestDatabase.with(migrated: false) { pool, _ in
            let migrator = try Migrator(pool: pool, directory: dir, logger: TestDatabase.logger)
            await #expect(throws: PostgresError.self) { try await migrator.migrate() }
            let rows = try await pool.withConnection { try $0.query("SELECT n FROM ledger ORDER BY n").map { try $0.decode("n", as: Int.self) } }
            #expect(rows == [2, 3])
            try "INSERT INTO ledger VALUES (30);".write(toFile: dir + "/0003_three.sql", atomically: true, encoding: .utf8)
            try FileManager.default.removeItem(atPath: dir + "/0004_bad.sql")
            let edited = try Migrator(pool: pool, directory: dir, logger: TestDatabase.logger)
            await #expect(throws: Migrator.Failure.checksumMismatch(version: 3, name: "0003_three.sql")) { try await edited.migrate() }
        }
    }

    @Test func badFileNamesAreRejected() throws {
        let dir = try makeMigrations()
        try "SELECT 1;".write(toFile: dir + "/0003_duplicate.sql", atomically: true, encoding: .utf8)
        #expect(throws: Migrator.Failure.self) { try Migrator.load(directory: dir) }
        #expect(throws: Migrator.Failure.unreadableDirectory("/nonexistent")) { try Migrator.load(directory: "/nonexistent") }
    }
}
