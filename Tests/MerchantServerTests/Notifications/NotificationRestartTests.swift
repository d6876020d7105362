import Foundation
import OrderDomain
import PostgresStore
import Testing
import TestSupport

/// The outbox across a crash: real `merchant serve` processes deliver to a test endpoint
/// that fails at first; one is SIGKILLed, another starts, and every notification reaches
/// the endpoint with exactly one accepted delivery.
@Suite("Merchant notifications across a restart") struct NotificationRestartTests {
    /// Starts `merchant serve` on the database with notifications to `url`.
    static func serve(database: String, url: String, log: URL) throws -> Process {
        var env = ProcessInfo.processInfo.environment.filter { $0.key.hasPrefix("PG") }
        env.merge(ProcessTests.gatewayKeys) { $1 }
        env.merge(["PGDATABASE": database, "HTTP_PORT": "0", "MIGRATIONS_DIR": TestDatabase.migrationsDirectory,
                   "NOTIFY_WEBHOOK_URLS": url, "NOTIFY_WEBHOOK_SECRET": "whsec_restart_test_secret",
                   "NOTIFY_RETRY_SCHEDULE": "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                   "PATH": "/usr/bin:/bin"]) { $1 }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProcessTests.binary)
        process.arguments = ["serve"]
        process.environment = env
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func everyNotificationIsAcceptedOnceDespiteFailuresAndASIGKILL() async throws {
        try await TestDatabase.with { pool, connection in
            let database = String(connection.dropFirst("dbname=".count))
            // Five canceled orders: five order.canceled notifications in the outbox.
            try await pool.withConnection { conn in
                try conn.query("INSERT INTO products (sku, name, description, active, stock) VALUES ('LAMP', 'Lamp', '', true, NULL)")
                try conn.query("INSERT INTO product_prices (sku, currency, unit_amount) VALUES ('LAMP', 'USD', 900)")
            }
            let orders = PostgresOrderRepository(pool: pool), operations = PostgresOperationsStore(pool: pool)
            let usd = try #require(Currency(code: "USD"))
            for n in 0..<5 {
                let placed = try await orders.place(PlaceOrderCommand(currency: "USD", items: [.init(sku: "LAMP", quantity: 1)],
                                                                      customerEmail: "r\(n)@example.com"),
                                                    currency: usd, lifetimeSeconds: 3600, requestKey: nil)
                try await operations.finishCancel(orderID: placed.order.id, cause: "test")
            }
            let ids = Set(try await pool.withConnection { conn in
                try conn.query("SELECT id FROM notifications").map { try $0.decode("id", as: String.self) }
            })
            #expect(ids.count == 5)

            try await WebhookReceiver.with(signatureHeader: "Merchant-Signature") { receiver in
                await receiver.setFailing(true)
                let logs = FileManager.default.temporaryDirectory
                let first = try Self.serve(database: database, url: receiver.url, log: logs.appendingPathComponent("notify-a-\(UUID()).log"))
                // Every notification tried (and refused) at least once, then a hard crash.
                let tried = await eventually(timeout: .seconds(20)) {
                    Set(await receiver.received().compactMap { $0.headers["merchant-event-id"] }) == ids
                }
                #expect(tried)
                kill(first.processIdentifier, SIGKILL)
                first.waitUntilExit()
                await receiver.setFailing(false)

                let second = try Self.serve(database: database, url: receiver.url, log: logs.appendingPathComponent("notify-b-\(UUID()).log"))
                defer { second.terminate(); second.waitUntilExit() }
                let delivered = await eventually(timeout: .seconds(30)) {
                    (try? await pool.withConnection { conn in
                        try conn.query("SELECT count(*) AS n FROM notifications WHERE status = 'delivered'").first?.decode("n", as: Int.self)
                    }) == 5
                }
                #expect(delivered)
                try await Task.sleep(for: .seconds(2))  // anything sent twice would arrive meanwhile
                let accepted = await receiver.received().filter { $0.answeredStatus == 200 }.compactMap { $0.headers["merchant-event-id"] }
                #expect(accepted.count == 5 && Set(accepted) == ids, "each notification accepted exactly once: \(accepted)")
                #expect(await receiver.received().contains { $0.answeredStatus == 500 }, "the endpoint did fail first")
            }
        }
    }
}
