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
}
