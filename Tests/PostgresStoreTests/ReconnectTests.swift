import Foundation
import PostgresStore
import TestSupport
import Testing

/// Restarts a PostgreSQL cluster of its own (scripts/pg.sh with PG_DIR), so the shared test
/// cluster used by every other test keeps running.
@Suite("Reconnect after server restart")
struct ReconnectTests {
    private func pg(_ command: String, dir: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [TestDatabase.repositoryRoot + "/scripts/pg.sh", command]
        process.environment = ProcessInfo.processInfo.environment.merging(["PG_DIR": dir]) { $1 }
        // No pipe: the server started by the script would inherit it and never close it.
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    @Test("pg_ctl restart: the pool's next queries succeed on fresh connections")
    func restart() async throws {
        // Under /tmp: the postgres account may not be able to reach the checkout.
        let dir = "/tmp/merchant-restart-test-\(getpid())"
        try pg("start", dir: dir)
        defer {
            try? pg("stop", dir: dir)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let port = try String(contentsOfFile: dir + "/port", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pool = PostgresPool(
            configuration: .init(connectionString: "postgresql://postgres@127.0.0.1:\(port)/merchant", size: 2),
            logger: TestDatabase.logger)
        defer { pool.close() }
        let pidBefore = try await pool.withConnection { try $0.query("SELECT pg_backend_pid() AS p").first!.decode("p", as: Int.self) }
        try pg("restart", dir: dir)
        let pidAfter = try await pool.withConnection { try $0.query("SELECT pg_backend_pid() AS p").first!.decode("p", as: Int.self) }
        #expect(pidAfter != pidBefore)
        let sum = try await pool.withTransaction { try $0.query("SELECT 20 + 22 AS s").first!.decode("s", as: Int.self) }
        #expect(sum == 42)
    }
}
