import PostgresStore
import TestSupport
import Testing

@Suite("SQLSTATE mapping")
struct ErrorMappingTests {
    private func error(of sql: String, setup: String? = nil) async throws -> PostgresError? {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            if let setup { try await pool.withConnection { try $0.execute(setup) } }
            do {
                try await pool.withConnection { try $0.execute(sql) }
                return nil
            } catch let error as PostgresError {
                return error
            }
        }
    }

    @Test func uniqueViolation() async throws {
        let e = try await error(of: "INSERT INTO u VALUES (1); INSERT INTO u VALUES (1)", setup: "CREATE TABLE u (id int PRIMARY KEY)")
        #expect(e == .uniqueViolation(constraint: "u_pkey"))
    }

    @Test func foreignKeyAndCheck() async throws {
        let fk = try await error(
            of: "INSERT INTO c VALUES (9)",
            setup: "CREATE TABLE p (id int PRIMARY KEY); CREATE TABLE c (p int CONSTRAINT c_p_fk REFERENCES p)")
        #expect(fk == .foreignKeyViolation(constraint: "c_p_fk"))
        let check = try await error(of: "INSERT INTO k VALUES (-1)", setup: "CREATE TABLE k (v int CONSTRAINT k_pos CHECK (v > 0))")
        #expect(check == .checkViolation(constraint: "k_pos"))
    }

    @Test func serializationAndDeadlockAreTransient() async throws {
        let s = try await error(of: "DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40001'; END $$")
        #expect(s == .serializationFailure)
        #expect(s?.isTransient == true)
        let d = try await error(of: "DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '40P01'; END $$")
        #expect(d == .deadlockDetected)
    }

    @Test func syntaxErrorKeepsItsState() async throws {
        let e = try await error(of: "SELEC 1")
        guard case .queryFailed(let state, _) = e else {
            Issue.record("got \(String(describing: e))")
            return
        }
        #expect(state == "42601")
        #expect(e?.isTransient == false)
    }

    @Test("a killed session is connectionLost, and the pool reconnects")
    func connectionLost() async throws {
        try await TestDatabase.with(poolSize: 1) { pool, _ in
            do {
                try await pool.withConnection { try $0.execute("SELECT pg_terminate_backend(pg_backend_pid())") }
                Issue.record("expected the session to be killed")
            } catch let e as PostgresError {
                guard case .connectionLost = e else {
                    Issue.record("got \(e)")
                    return
                }
            }
            let one = try await pool.withConnection { try $0.query("SELECT 1 AS one").first!.decode("one", as: Int.self) }
            #expect(one == 1)
        }
    }

    @Test func unreachableServerIsConnectionFailed() async throws {
        let pool = PostgresPool(
            configuration: .init(connectionString: "host=127.0.0.1 port=1 connect_timeout=2", size: 1), logger: TestDatabase.logger)
        defer { pool.close() }
        do {
            try await pool.withConnection { try $0.execute("SELECT 1") }
            Issue.record("expected a failure")
        } catch let e as PostgresError {
            guard case .connectionFailed = e else {
                Issue.record("got \(e)")
                return
            }
        }
    }
}
