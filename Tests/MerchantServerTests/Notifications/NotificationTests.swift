import CryptoPrimitives
import Foundation
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import TestSupport
import Testing
import WooshPayGateway
import Workers

/// The merchant notification outbox: written with the order's change, delivered signed to
/// every endpoint, retried, once per endpoint, visible and replayable in the admin API.
@Suite("Merchant notifications") struct NotificationTests {
    static let secret = "whsec_merchant_notifications_test"

    /// A deliverer over the harness's database posting to `urls`, signing with `secret`.
    static func deliverer(_ h: PaymentHarness, urls: [String], owner: String = "test-notifier") -> NotificationDeliverer {
        var configuration = NotificationConfiguration()
        configuration.settings.urls = urls
        configuration.settings.timeoutSeconds = 5
        configuration.secret = secret
        return NotificationDeliverer(
            queue: PostgresNotificationStore(pool: h.pool), settings: configuration.settings,
            logger: TestDatabase.logger, owner: owner, send: configuration.testSender())
    }

    static func json(_ bytes: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
    }

    @Test func paymentAndRefundWriteOrderPaidAndOrderRefundedWithTheOrderAsItIsThen() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            let paid = try await h.paidOrder(price: 1250, quantity: 2)
            #expect(try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1", [paid.order]) == 1)
            let refund = try await h.admin(.POST, "/orders/\(paid.order)/refunds", #"{"amount":500}"#, key: admin)
            #expect(refund.status == 201)
            let rows = try await h.pool.withConnection { conn in
                try conn.query("SELECT type, payload FROM notifications WHERE order_id = $1 ORDER BY seq", [paid.order])
                    .map { (try $0.decode("type", as: String.self), try $0.decode("payload", as: String.self)) }
            }
            #expect(rows.map(\.0) == ["order.paid", "order.refunded"])
            let paidEvent = Self.json(Array(rows[0].1.utf8))
            let order = (paidEvent["data"] as? [String: Any])?["object"] as? [String: Any] ?? [:]
            #expect(paidEvent["type"] as? String == "order.paid")
            #expect((paidEvent["id"] as? String)?.hasPrefix("evt_") == true)
            #expect(order["id"] as? String == paid.order && order["status"] as? String == "paid")
            #expect(order["total_amount"] as? Int == 2500 && order["refunded_amount"] as? Int == 0)
            #expect((order["items"] as? [[String: Any]])?.first?["quantity"] as? Int == 2)
            let refunded = (Self.json(Array(rows[1].1.utf8))["data"] as? [String: Any])?["object"] as? [String: Any] ?? [:]
            #expect(refunded["status"] as? String == "partially_refunded" && refunded["refunded_amount"] as? Int == 500)
        }
    }

    @Test func aCanceledOrderWritesOrderCanceledAndAMerelyPlacedOneNothing() async throws {
        try await PaymentHarness.with { h in
            let admin = try await h.adminKey()
            try await h.seedProduct("LAMP", price: 900)
            let order = try await h.placeOrder([("LAMP", 1)])
            #expect(try await h.admin(.POST, "/orders/\(order.id)/cancel", nil, key: admin).status == 200)
            #expect(try await h.scalar("SELECT string_agg(type, ',') FROM notifications WHERE order_id = $1", [order.id]) == "order.canceled")
            // Nothing is told of an order that merely exists.
            let other = try await h.placeOrder([("LAMP", 1)])
            #expect(try await h.count("SELECT count(*) AS n FROM notifications WHERE order_id = $1", [other.id]) == 0)
        }
    }

    @Test func deliveryIsSignedRetriedAfterFailuresAndMadeOncePerEndpoint() async throws {
        try await PaymentHarness.with { h in
            try await WebhookReceiver.with(failFirst: 2, signatureHeader: "Merchant-Signature") { failing in
                try await WebhookReceiver.with(signatureHeader: "Merchant-Signature") { healthy in
                    let paid = try await h.paidOrder()
                    let deliverer = Self.deliverer(h, urls: [failing.url, healthy.url])
                    #expect(await deliverer.tick() == 0, "the failing endpoint answered 500")
                    #expect(try await h.scalar("SELECT status FROM notifications WHERE order_id = $1", [paid.order]) == "pending")
                    #expect(await deliverer.tick() == 0, "not due again until its retry delay")
                    for expected in [0, 1] {
                        try await h.exec("UPDATE notifications SET next_attempt_at = now()")
                        #expect(await deliverer.tick() == expected)
                    }
                    try await h.exec("UPDATE notifications SET next_attempt_at = now()")
                    #expect(await deliverer.tick() == 0, "delivered: nothing is claimed or sent again")

                    let tries = await failing.received()
                    let once = await healthy.received()
                    #expect(tries.map(\.answeredStatus) == [500, 500, 200])
                    #expect(once.map(\.answeredStatus) == [200], "an endpoint that answered 2xx is not sent it again")
                    let event = Self.json(once[0].body)
                    #expect(Set(tries.map { Self.json($0.body)["id"] as? String }) == [event["id"] as? String])
                    #expect(once[0].headers["merchant-event-type"] == "order.paid")
                    #expect(once[0].headers["merchant-event-id"] == event["id"] as? String)
                    // Signed the way WooshPay signs ours: our own verifier accepts it, a wrong secret does not.
                    for delivery in tries + once {
                        let verifier = WooshPayWebhookVerifier(secrets: [WooshPaySecret(Self.secret)], tolerance: .seconds(300))
                        #expect(throws: WebhookVerificationError.self) {
                            try WooshPayWebhookVerifier(secrets: [WooshPaySecret("whsec_wrong_secret_000")], tolerance: nil)
                                .verify(
                                    rawBody: delivery.body, signatureHeader: delivery.signature,
                                    now: GatewayTimestamp(epochSeconds: Int64(Date().timeIntervalSince1970)))
                        }
                        #expect(verifier.signatureIsValid(rawBody: delivery.body, signatureHeader: delivery.signature))
                    }
                    #expect(
                        try await h.scalar("SELECT status || ' ' || attempts FROM notifications WHERE order_id = $1", [paid.order])
                            == "delivered 3")
                    #expect(
                        try await h.scalar(
                            """
                            SELECT string_agg(attempts || ':' || last_status, ',' ORDER BY attempts) FROM notification_deliveries
                            """) == "1:200,3:200")
                }
            }
        }
    }

    @Test func twoNotifiersRacingDeliverEachNotificationOnce() async throws {
        try await PaymentHarness.with { h in
            try await WebhookReceiver.with(signatureHeader: "Merchant-Signature") { receiver in
                for _ in 0..<6 { _ = try await h.paidOrder() }
                let a = Self.deliverer(h, urls: [receiver.url], owner: "a")
                let b = Self.deliverer(h, urls: [receiver.url], owner: "b")
                async let first = a.tick()
                async let second = b.tick()
                #expect(await first + second == 6)
                let ids = await receiver.received().compactMap { Self.json($0.body)["id"] as? String }
                #expect(ids.count == 6 && Set(ids).count == 6)
            }
        }
    }

    @Test func retriesRunOutToFailedAndAnAdminReplaySendsItAgain() async throws {
        try await PaymentHarness.with { h in
            try await WebhookReceiver.with(signatureHeader: "Merchant-Signature") { receiver in
                await receiver.setFailing(true)
                let admin = try await h.adminKey("ops-notify")
                let paid = try await h.paidOrder()
                var configuration = NotificationConfiguration()
                configuration.settings.urls = [receiver.url]
                configuration.settings.retrySchedule = [1]
                configuration.secret = Self.secret
                let deliverer = NotificationDeliverer(
                    queue: PostgresNotificationStore(pool: h.pool), settings: configuration.settings,
                    logger: TestDatabase.logger, send: configuration.testSender())
                _ = await deliverer.tick()
                try await h.exec("UPDATE notifications SET next_attempt_at = now()")
                _ = await deliverer.tick()
                let id = try await h.scalar("SELECT id FROM notifications WHERE order_id = $1", [paid.order])
                let failed = try await h.admin(.GET, "/notifications/\(id)", nil, key: admin)
                #expect(failed.status == 200 && failed.string("status") == "failed", "\(failed.text)")
                #expect(failed.json["next_attempt_at"] is NSNull)
                let deliveries = failed.json["deliveries"] as? [[String: Any]]
                #expect(deliveries?.first?["attempts"] as? Int == 2 && deliveries?.first?["last_status"] as? Int == 500)
                let listed = try await h.admin(.GET, "/notifications?status=failed", nil, key: admin)
                #expect((listed.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
                #expect(try await h.admin(.GET, "/notifications?status=nope", nil, key: admin).status == 400)
                #expect(try await h.admin(.GET, "/notifications/evt_missing", nil, key: admin).errorCode == "notification_not_found")

                await receiver.setFailing(false)
                let replayed = try await h.admin(.POST, "/notifications/\(id)/replay", nil, key: admin)
                #expect(replayed.status == 202 && replayed.string("status") == "pending")
                #expect(await deliverer.tick() == 1)
                #expect(await receiver.received().map(\.answeredStatus) == [500, 500, 200])
                #expect(
                    try await h.count("SELECT count(*) AS n FROM order_events WHERE type = 'notification.replayed' AND cause = 'admin:ops-notify'")
                        == 1)
                // A replay of a delivered notification sends it once more (the merchant asked).
                _ = try await h.admin(.POST, "/notifications/\(id)/replay", nil, key: admin)
                #expect(await deliverer.tick() == 1)
                #expect(await receiver.received().count == 4)
            }
        }
    }
}

extension NotificationConfiguration {
    /// The production sender over the test client.
    func testSender() -> NotificationDeliverer.Send { sender(transport: PaymentHarness.client()) }
}

extension WooshPayWebhookVerifier {
    /// Whether the signature is valid (freshness included).
    func signatureIsValid(rawBody: [UInt8], signatureHeader: String?) -> Bool {
        // The payload is our event, not WooshPay's: decoding may refuse it after the
        // signature passed, which is all this checks.
        do {
            _ = try verify(
                rawBody: rawBody, signatureHeader: signatureHeader, now: GatewayTimestamp(epochSeconds: Int64(Date().timeIntervalSince1970)))
            return true
        } catch {
            return error != .noSignatureMatch && error != .timestampOutsideTolerance
        }
    }
}
