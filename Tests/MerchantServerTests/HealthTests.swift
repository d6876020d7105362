import Hummingbird
import HummingbirdTesting
import MerchantServer
import PostgresStore
import TestSupport
import Testing

@Suite("Health endpoints")
struct HealthTests {
    @Test("live and ready answer 200 with the database up; every response has a request id")
    func ready() async throws {
        try await TestDatabase.with { pool, _ in
            // Readiness allows the database 2 s; on a loaded machine the pool's first
            // connection alone can take longer, so it is opened before the probe is asked.
            try await pool.withConnection { try $0.query("SELECT 1") }
            let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                var ids = Set<String>()
                try await client.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                    ids.insert(response.headers[.init("X-Request-Id")!] ?? "")
                }
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == #"{"checks":{"database":"ok"},"status":"ready"}"#)
                    ids.insert(response.headers[.init("X-Request-Id")!] ?? "")
                }
                try await client.execute(uri: "/nowhere", method: .get) { response in
                    #expect(response.status == .notFound)
                    ids.insert(response.headers[.init("X-Request-Id")!] ?? "")
                }
                #expect(ids.count == 3)
                #expect(!ids.contains(""))
            }
        }
    }

    @Test("ready answers 503 'no writable primary' when the database only reads (a standby, a demoted primary)")
    func readOnly() async throws {
        try await TestDatabase.with { pool, connectionString in
            // Every new session of this database starts read-only, as on a standby.
            let name = String(connectionString.dropFirst("dbname=".count))
            try await pool.withConnection { try $0.execute("ALTER DATABASE \(name) SET default_transaction_read_only = on") }
            let readOnly = TestDatabase.pool(connectionString, size: 1)
            defer { readOnly.close() }
            try await readOnly.withConnection { try $0.query("SELECT 1") }
            let app = buildApplication(configuration: ServerConfiguration(), pool: readOnly, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/health/ready", method: .get) { response in
                    #expect(response.status == .serviceUnavailable)
                    #expect(String(buffer: response.body) == #"{"checks":{"database":"no writable primary"},"status":"unavailable"}"#)
                }
            }
        }
    }

    @Test("ready answers 503 quickly when the database is unreachable")
    func notReady() async throws {
        let pool = PostgresPool(configuration: .init(connectionString: "host=127.0.0.1 port=1", size: 1), logger: TestDatabase.logger)
        defer { pool.close() }
        let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            let start = ContinuousClock.now
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == #"{"checks":{"database":"unavailable"},"status":"unavailable"}"#)
            }
            // The check gives up after 2 s. The bound is loose because a full parallel suite on
            // two cores delays timers by seconds (7-9 s were seen); an unbounded check fails it.
            #expect(ContinuousClock.now - start < .seconds(15))
            try await client.execute(uri: "/health/live", method: .get) { #expect($0.status == .ok) }
        }
    }
}
