import CryptoPrimitives
import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// Review findings 9 and 10: after every flow, with keys on every request, no order token,
/// client secret, stream ticket, card number or CVC rests anywhere in the database, and
/// the request fingerprint of a raw-card body is neither its plain SHA-256 nor over the card.
@Suite("No bearer secret at rest") struct SecretsAtRestTests {
    static func keyed(_ n: Int) -> [(name: String, value: String)] {
        [(name: "Idempotency-Key", value: "4b0e6f1a-secrets-at-rest-\(n)-\(UUID().uuidString)")]
    }
    static let card =
        #"{"mode":"direct","payment_method_data":{"type":"card","card":{"number":"4242424242424242","exp_month":3,"exp_year":2030,"cvc":"937"}}}"#

    /// Every row of every table of the public schema, as JSON text.
    static func everyRow(_ h: PaymentHarness) async throws -> [String] {
        try await h.pool.withConnection { conn in
            let tables = try conn.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
                .map { try $0.decode("tablename", as: String.self) }
            var rows = [String]()
            for table in tables {
                rows += try conn.query("SELECT row_to_json(t)::text AS j FROM \"\(table)\" t").map {
                    "\(table): " + (try $0.decode("j", as: String.self))
                }
            }
            return rows
        }
    }

    @Test("three flows and a raw card, all keyed: the dump holds no token, secret, card number or CVC")
    func nothingReadableAfterEveryFlow() async throws {
        try await PaymentHarness.with(configure: {
            $0.payments.allowRawCardData = true
            $0.payments.paymentMethodTypes = ["card", "alipay"]
        }) { h in
            try await h.seedProduct("MUG")
            var secrets = [String]()
            for (n, mode) in ["checkout", "sdk", "direct-pm", "direct-card", "direct-alipay", "direct-3ds"].enumerated() {
                let placed = try await h.send(
                    .POST, "/v1/orders", #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"a@example.com"}}"#,
                    headers: Self.keyed(n))
                #expect(placed.status == 201, "\(placed.text)")
                let order = (id: try #require(placed.string("id")), token: try #require(placed.string("client_token")))
                secrets.append(order.token)
                let body =
                    switch mode {
                    case "checkout": #"{"mode":"checkout"}"#
                    case "sdk": #"{"mode":"sdk"}"#
                    case "direct-pm": #"{"mode":"direct","payment_method":"pm_card_visa"}"#
                    case "direct-alipay":
                        #"{"mode":"direct","payment_method_data":{"type":"alipay"},"payment_method_options":{"alipay":{"terminal_type":"WEB"}}}"#
                    case "direct-3ds": Self.card.replacingOccurrences(of: "4242424242424242", with: "4000000000003220")
                    default: Self.card
                    }
                let payKey = Self.keyed(100 + n)
                let paid = try await h.pay(order, body, headers: payKey)
                #expect([200, 201].contains(paid.status), "\(mode): \(paid.text)")
                // A redirect's URL carries the intent's client secret: the storefront gets it, the database does not.
                let redirect = (paid.json["next_action"] as? [String: Any])?["redirect_url"] as? String
                if mode == "direct-alipay" || mode == "direct-3ds" {
                    #expect(redirect?.contains("_secret_") == true, "\(mode): \(paid.text)")
                }
                if let redirect, let range = redirect.range(of: "client_secret=") {
                    secrets.append(String(redirect[range.upperBound...].prefix { $0 != "&" }))
                }
                if let secret = paid.string("client_secret"), let intent = paid.string("payment_intent") {
                    secrets.append(secret)
                    // WooshPay's events carry the intent, client secret included.
                    let event = PaymentHarness.intentEvent(
                        "evt_atrest_\(n)", type: "payment_intent.created", intent: intent,
                        status: "requires_payment_method", amount: 1500
                    )
                    .replacingOccurrences(
                        of: #""status":"#,
                        with:
                            #""client_secret": "\#(secret)","next_action":{"type":"redirect_to_url","redirect_to_url":{"url":"https://hooks.example/3ds?client_secret=\#(secret)"}},"status":"#
                    )
                    #expect(try await h.deliver(event).status == 200)
                }
                let ticket = try await h.send(
                    .POST, "/v1/orders/\(order.id)/stream-tickets",
                    headers: [(name: "X-Order-Token", value: order.token)])
                #expect(ticket.status == 201, "\(ticket.text)")
                if let value = ticket.string("ticket") { secrets.append(value) }
                // A replay answers the same bytes, token and secret included, from the sealed record.
                let replay = try await h.pay(order, body, headers: payKey)
                #expect(replay.text == paid.text, "\(mode) replay")
            }
            #expect(secrets.contains { $0.contains("_secret_") }, "the SDK flow handed out a client secret")
            let rows = try await Self.everyRow(h)
            #expect(rows.contains { $0.hasPrefix("webhook_events:") }, "webhooks arrived, so their bodies are scanned too")
            let secretTokens = rows.filter { $0.contains(/_secret_[A-Za-z0-9]/) }
            #expect(secretTokens.isEmpty, "a client secret at rest: \(secretTokens.map { String($0.prefix(160)) })")
            for needle in secrets + ["otok_", "stkt_", "4242424242424242", "424242424242", "4000000000003220", "\"cvc\""] {
                let hits = rows.filter { $0.contains(needle) }
                #expect(hits.isEmpty, "\(needle) at rest: \(hits.map { String($0.prefix(160)) })")
            }
        }
    }

    @Test(
        "a stored next action keeps its URL without secret parameters",
        arguments: [
            ("https://w.example/3ds/pi_1?client_secret=pi_1_secret_abc", "https://w.example/3ds/pi_1"),
            ("https://w.example/r?a=1&payment_intent_client_secret=pi_1_secret_x&b=2#f", "https://w.example/r?a=1&b=2#f"),
            ("https://w.example/r?token=pi_1_secret_abc", "https://w.example/r"),
            ("https://w.example/plain?a=1", "https://w.example/plain?a=1"),
            ("https://w.example/none", "https://w.example/none"),
        ])
    func storableNextAction(url: String, stored: String) {
        #expect(GatewayNextAction(type: "redirect_to_url", redirectURL: url).storable.redirectURL == stored)
    }

    @Test("a raw-card body's fingerprint is keyed and leaves the card out")
    func cardBodiesAreFingerprintedWithoutTheCard() async throws {
        try await PaymentHarness.with(configure: { $0.payments.allowRawCardData = true }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let key = Self.keyed(7)
            let paid = try await h.pay(order, Self.card, headers: key)
            #expect(paid.status == 201, "\(paid.text)")
            let hashes = try await h.pool.withConnection { conn in
                try conn.query("SELECT request_hash FROM idempotency_keys").map { try $0.decode("request_hash", as: String.self) }
            }
            #expect(hashes.count == 1)
            let plain = Crypto.sha256Hex(Self.card)
            #expect(!hashes.contains(plain), "the unkeyed SHA-256 of the card body is stored")
            // The same request with another card is the same request to the key store: no
            // form of the card decides anything there.
            let otherCard = Self.card.replacingOccurrences(of: "937", with: "123")
            let repeated = try await h.pay(order, otherCard, headers: key)
            #expect(repeated.text == paid.text, "\(repeated.text)")
        }
    }
}
