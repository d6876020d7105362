import Foundation
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import WooshPaySandbox
import Workers

/// Webhook steps on top of `PaymentHarness`: signed deliveries built by the test, the
/// inbox as stored, and a processor over the same database and sandbox as the app.
extension PaymentHarness {
    /// Signs like WooshPay (the sandbox's signer, with the secret the app trusts).
    var signer: WebhookSigner { WebhookSigner(secret: configuration.wooshPay.webhookSecrets.first ?? "") }

    /// `POST /webhooks/wooshpay` with `body`, signed now unless `signature` is given
    /// (`.some(nil)` sends no signature header at all).
    func deliver(_ body: String, signature: String?? = .none) async throws -> Answer {
        let header = signature ?? signer.header(timestamp: Int64(Date().timeIntervalSince1970), body: Array(body.utf8))
        return try await send(
            .POST, "/webhooks/wooshpay", body,
            headers: header.map { [(name: "Wooshpay-Signature", value: $0)] } ?? [])
    }

    /// An event body shaped like WooshPay's, about a payment intent.
    static func intentEvent(
        _ eventID: String, type: String = "payment_intent.succeeded", intent: String,
        status: String = "succeeded", amount: Int = 3000
    ) -> String {
        #"{"id":"\#(eventID)","object":"event","api_version":"1.0.1","created":1754626531,"#
            + #""data":{"object":{"id":"\#(intent)","object":"payment_intent","amount":\#(amount),"currency":"USD","#
            + #""status":"\#(status)"}},"livemode":false,"pending_webhooks":1,"request":null,"type":"\#(type)"}"#
    }

    /// One inbox row's columns as text (`NULL` as ""), by event id.
    func inboxRow(_ eventID: String) async throws -> [String: String]? {
        try await pool.withConnection { conn -> [String: String]? in
            guard
                let row = try conn.query(
                    """
                    SELECT status, attempts::text AS attempts, coalesce(last_error, '') AS last_error, type,
                           coalesce(object_id, '') AS object_id, coalesce(sync_object_id, '') AS sync_object_id, raw_body,
                           (next_attempt_at > now())::text AS later, extract(epoch FROM next_attempt_at - now())::int::text AS wait,
                           coalesce(lease_owner, '') AS lease_owner, (processed_at IS NOT NULL)::text AS closed
                    FROM webhook_events WHERE event_id = $1
                    """, [eventID]
                ).first
            else { return nil }
            var out = [String: String]()
            for column in [
                "status", "attempts", "last_error", "type", "object_id", "sync_object_id", "raw_body", "later",
                "wait", "lease_owner", "closed",
            ] {
                out[column] = try row.raw(column) ?? ""
            }
            return out
        }
    }

    /// Runs SQL against the test database (time travel, simulated crashes).
    func exec(_ sql: String, _ params: [String] = []) async throws {
        _ = try await pool.withConnection { conn in try conn.query(sql, params).affectedRows }
    }

    /// A processor over this database and sandbox, wired exactly as `merchant serve` wires it.
    func processor(owner: String? = nil) -> WebhookProcessor {
        let services = services
        let processor = services.webhookProcessor(settlement: configuration.settlement, pool: pool, logger: TestDatabase.logger)
        guard let owner else { return processor }
        return WebhookProcessor(inbox: PostgresWebhookInbox(pool: pool), owner: owner, logger: TestDatabase.logger) {
            try await services.syncGatewayObject($0, cause: $1)
        }
    }

    /// An SDK payment of a fresh order: its ids.
    func sdkPayment(price: Int64 = 1500) async throws -> (order: String, intent: String) {
        let sku = "MUG-\(UUID().uuidString.prefix(8))"
        try await seedProduct(sku, price: price)
        let order = try await placeOrder([(sku, 2)])
        let answer = try await pay(order, #"{"mode":"sdk"}"#)
        guard answer.status == 201, let intent = answer.string("payment_intent") else {
            throw HarnessError("sdk payment not started: \(answer.status) \(answer.text)")
        }
        return (order.id, intent)
    }
}
