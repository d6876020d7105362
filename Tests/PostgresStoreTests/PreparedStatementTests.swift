import PostgresStore
import TestSupport
import Testing

/// Statements are prepared once per connection and reused; one a schema change made
/// stale fails once and is prepared afresh on the next call.
@Suite("Prepared statements")
struct PreparedStatementTests {
    @Test func aStatementIsPreparedOnceAndReusedWithNewParameters() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            try await pool.withConnection { c in
                for n in 1...7 { #expect(try c.query("SELECT $1::int * 2 AS n", [n]).first?.decode("n", as: Int.self) == 2 * n) }
                let count = try c.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement = 'SELECT $1::int * 2 AS n'")
                #expect(try count.first?.decode("n", as: Int.self) == 1)
            }
        }
    }

    @Test func aStatementMadeStaleByASchemaChangeIsPreparedAgain() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            try await pool.withConnection { c in
                try c.execute("CREATE TABLE t (a int); INSERT INTO t VALUES (1)")
                #expect(try c.query("SELECT * FROM t WHERE a = $1", [1]).columns == ["a"])
                try c.execute("ALTER TABLE t ADD COLUMN b int")
                // The server refuses the old plan once (its result type changed)...
                #expect(throws: PostgresError.self) { try c.query("SELECT * FROM t WHERE a = $1", [1]) }
                // ...and the statement is prepared afresh.
                #expect(try c.query("SELECT * FROM t WHERE a = $1", [1]).columns == ["a", "b"])
            }
        }
    }

    /// `DATABASE_PREPARED_STATEMENTS=false` (PgBouncer in transaction mode): nothing is
    /// prepared on the server, every statement still runs with its parameters bound.
    @Test func withPreparedStatementsOffNothingIsPrepared() async throws {
        try await TestDatabase.with(poolSize: 1) { _, connectionString in
            var configuration = PostgresPool.Configuration(connectionString: connectionString, size: 1)
            configuration.preparedStatements = false
            let pool = PostgresPool(configuration: configuration, logger: TestDatabase.logger)
            defer { pool.close() }
            let answers = try await pool.withConnection { (c: PostgresConnection) throws -> [Int?] in
                try (1...3).map { n in try c.query("SELECT $1::int * 2 AS n", [n]).first?.decode("n", as: Int.self) }
                    + [try c.query("SELECT count(*) AS n FROM pg_prepared_statements").first?.decode("n", as: Int.self)]
            }
            #expect(answers == [2, 4, 6, 0], "bound parameters still work, and the server holds no prepared statement")
        }
    }

    /// A server that turned read-only (a standby, or the old primary after a fail-over)
    /// answers 25006: that is a lost connection, and the pool's next use opens a new one
    /// instead of refusing every write on the old one.
    @Test func aReadOnlyAnswerDropsTheConnection() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            let first = try await pool.withConnection { c in
                try c.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                return try c.query("SELECT pg_backend_pid() AS p").first?.decode("p", as: Int.self)
            }
            do {
                try await pool.withConnection { c in _ = try c.query("CREATE TABLE ro_probe (a int)") }
                Issue.record("a read-only session accepted a write")
            } catch let error as PostgresError {
                #expect(error.isTransient, "25006 is a lost connection, retried like one: \(error)")
            }
            do {
                try await pool.withConnection { c in _ = try c.query("CREATE TABLE ro_probe_2 (a int)") }
            } catch {
                Issue.record("the read-only connection was kept: \(error)")
            }
            let second = try await pool.withConnection { c in try c.query("SELECT pg_backend_pid() AS p").first?.decode("p", as: Int.self) }
            #expect(first != second, "a new session")
        }
    }
}
