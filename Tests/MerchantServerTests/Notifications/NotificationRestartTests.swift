import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import WooshPaySandbox

/// The outbox across a crash: real `merchant serve` processes (see `Processes`) deliver to a test endpoint
/// that fails at first; one is SIGKILLed, another starts, and every notification reaches
/// the endpoint with exactly one accepted delivery.
@Suite("Merchant notifications across a restart") struct NotificationRestartTests {
    @Test func everyNotificationIsAcceptedOnceDespiteFailuresAndASIGKILL() async throws {
        try await Processes.scenario(SandboxConfiguration()) { sandbox, database, pool, processes in
            // Five canceled orders: five order.canceled notifications in the outbox.
            try await pool.withConnection { conn in
                try conn.query("INSERT INTO products (sku, name, description, active, stock) VALUES ('LAMP', 'Lamp', '', true, NULL)")
                try conn.query("INSERT INTO product_prices (sku, currency, unit_amount) VALUES ('LAMP', 'USD', 900)")
            }
            let orders = PostgresOrderRepository(pool: pool)
            let operations = PostgresOperationsStore(pool: pool)
            let usd = try #require(Currency(code: "USD"))
            for n in 0..<5 {
                let placed = try await orders.place(
                    PlaceOrderCommand(
                        currency: "USD", items: [.init(sku: "LAMP", quantity: 1)],
                        customerEmail: "r\(n)@example.com"),
                    currency: usd, lifetimeSeconds: 3600, claim: nil)
                try await operations.finishCancel(orderID: placed.order.id, cause: .cli)
            }
            let ids = Set(
                try await pool.withConnection { conn in
                    try conn.query("SELECT id FROM notifications").map { try $0.decode("id", as: String.self) }
                })
            #expect(ids.count == 5)

            try await WebhookReceiver.with(signatureHeader: "Merchant-Signature") { receiver in
                await receiver.setFailing(true)
                let environment = Processes.serveEnvironment(
                    sandbox: sandbox, database: database,
                    [
                        "HTTP_PORT": "0", "NOTIFY_WEBHOOK_URLS": receiver.url, "NOTIFY_WEBHOOK_SECRET": "whsec_restart_test_secret_of_32_characters",
                        "NOTIFY_RETRY_SCHEDULE": Array(repeating: "1s", count: 20).joined(separator: ","),
                    ])
                let first = try await processes.serve(environment)
                // Every notification tried (and refused) at least once, then a hard crash between
                // two rounds. (A crash inside a round leaves its notifications leased for the
                // 60 s lease, like every queue here; that would only make this test wait.)
                let tried = await eventually(timeout: .seconds(20)) {
                    guard Set(await receiver.received().compactMap { $0.headers["merchant-event-id"] }) == ids else { return false }
                    return
                        (try? await pool.withConnection { conn in
                            try conn.query("SELECT count(*) AS n FROM notifications WHERE lease_owner IS NOT NULL").first?.decode("n", as: Int.self)
                        }) == 0
                }
                #expect(tried)
                kill(first.processIdentifier, SIGKILL)
                try await Processes.waitForExit(first)
                await receiver.setFailing(false)

                _ = try await processes.serve(environment)
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
