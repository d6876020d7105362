import Foundation
import PostgresStore
import Synchronization
import TestSupport
import Testing

@Suite("PostgresPool")
struct PoolTests {
    @Test("64 concurrent queries share 4 connections, never more")
    func concurrentUse() async throws {
        try await TestDatabase.with(poolSize: 4) { pool, _ in
            let pids = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<64 {
                    group.addTask {
                        try await pool.withConnection { c in
                            let row = try c.query("SELECT pg_backend_pid() AS pid, $1::int AS n, pg_sleep(0.01)", [i]).first!
                            #expect(try row.decode("n", as: Int.self) == i)
                            return try row.decode("pid", as: Int.self)
                        }
                    }
                }
                var all = [Int]()
                for try await pid in group { all.append(pid) }
                return all
            }
            #expect(pids.count == 64)
            #expect(Set(pids).count <= 4)
            let serverSide = try await pool.withConnection { c in
                try c.query("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()").first!.decode("n", as: Int.self)
            }
            #expect(serverSide <= 4)
        }
    }

    @Test("a thrown error rolls the transaction back")
    func rollbackOnThrow() async throws {
        struct Boom: Error {}
        try await TestDatabase.with { pool, _ in
            try await pool.withConnection { try $0.execute("CREATE TABLE t (id int PRIMARY KEY)") }
            await #expect(throws: Boom.self) {
                try await pool.withTransaction { tx in
                    try tx.query("INSERT INTO t VALUES ($1)", [1])
                    throw Boom()
                }
            }
            try await pool.withTransaction { tx in try tx.query("INSERT INTO t VALUES ($1)", [2]) }
            let ids = try await pool.withConnection { c in try c.query("SELECT id FROM t").map { try $0.decode("id", as: Int.self) } }
            #expect(ids == [2])
        }
    }

    @Test("values round-trip through bind parameters, NULL included")
    func roundTrip() async throws {
        try await TestDatabase.with { pool, _ in
            let date = Date(timeIntervalSince1970: 1_764_106_140.123456)
            let row = try await pool.withConnection { c in
                try c.query(
                    "SELECT $1::text AS s, $2::bigint AS i, $3::bool AS b, $4::timestamptz AS d, $5::text AS n",
                    ["it's \"quoted\"; DROP TABLE x", Int64.max, true, date, nil]
                ).first!
            }
            #expect(try row.decode("s", as: String.self) == "it's \"quoted\"; DROP TABLE x")
            #expect(try row.decode("i", as: Int64.self) == Int64.max)
            #expect(try row.decode("b", as: Bool.self) == true)
            let back = try row.decode("d", as: Date.self)
            #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_002)
            #expect(try row.decodeIfPresent("n", as: String.self) == nil)
            #expect(throws: PostgresError.self) { try row.decode("n", as: String.self) }
            #expect(throws: PostgresError.self) { try row.decode("missing", as: String.self) }
        }
    }
}
