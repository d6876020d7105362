import CryptoPrimitives
import Foundation
import TestSupport
import Testing

/// Signed webhook delivery to a real receiver, retries, and fault injection.
@Suite struct WebhookTests {
    static let secret = "whsec_test_0123456789"

    /// Checks `Wooshpay-Signature` from first principles: HMAC-SHA256(secret, t + "." + body), hex.
    static func verify(_ delivery: ReceivedWebhook) -> (valid: Bool, timestamp: Int64?) {
        guard let header = delivery.signature else { return (false, nil) }
        var timestamp: String?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { continue }
            if kv[0] == "t" { timestamp = kv[1] }
            if kv[0] == "v1" { signatures.append(kv[1]) }
        }
        guard let timestamp else { return (false, nil) }
        let expected = Crypto.hmacSHA256(key: Array(secret.utf8), message: Array("\(timestamp).".utf8) + delivery.body)
        let valid = signatures.contains { Hex.decode($0).map { Crypto.constantTimeEquals($0, expected) } ?? false }
        return (valid, Int64(timestamp))
    }

    static func event(_ delivery: ReceivedWebhook) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(delivery.body))) as? [String: Any] ?? [:]
    }

    @Test func eventsArriveSignedAndMatchTheEventsAPI() async throws {
        try await WebhookReceiver.with { receiver in
            try await TestSandbox.with({
                $0.webhookURL = receiver.url
                $0.webhookSecret = Self.secret
            }) { sandbox in
                let reply = try await sandbox.api(
                    .POST, "/v1/payment_intents",
                    [
                        "amount": 777, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa",
                    ], idempotencyKey: "wh-1")
                let pi = try #require(reply.json.string("id"))
                let deliveries = await receiver.waitFor(2)
                #expect(deliveries.count == 2)
                let events = deliveries.map(Self.event)
                #expect(Set(events.compactMap { $0.string("type") }) == ["payment_intent.created", "payment_intent.succeeded"])
                for delivery in deliveries {
                    let (valid, timestamp) = Self.verify(delivery)
                    #expect(valid)
                    let now = Int64(Date().timeIntervalSince1970)
                    #expect(abs((timestamp ?? 0) - now) < 60, "t is in seconds in clean mode")
                }
                let succeeded = try #require(events.first { $0.string("type") == "payment_intent.succeeded" })
                #expect(succeeded.string("object") == "event")
                #expect(succeeded.string("api_version") == "1.0.1")
                #expect(succeeded.bool("livemode") == false)
                #expect(succeeded.int("pending_webhooks") == 1)
                #expect(succeeded.dict("request").string("id") == reply.header("Request-Id"))
                #expect(succeeded.dict("request").string("idempotency_key") == "wh-1")
                #expect(succeeded.dict("data").dict("object").string("id") == pi)
                #expect(succeeded.dict("data").dict("object").string("status") == "succeeded")
                let eventID = try #require(succeeded.string("id"))
                #expect(eventID.wholeMatch(of: /evt_\d+/) != nil)
                let fetched = try await sandbox.api(.GET, "/v1/events/\(eventID)")
                let delivered = try #require(deliveries.first { Self.event($0).string("id") == eventID })
                #expect(fetched.body == delivered.body)
                // A tampered body does not verify.
                let tampered = ReceivedWebhook(body: delivered.body + [0x20], signature: delivered.signature, answeredStatus: 200)
                #expect(!Self.verify(tampered).valid)
            }
        }
    }

    @Test func failedDeliveryIsRetried() async throws {
        try await WebhookReceiver.with(failFirst: 1) { receiver in
            // A long delivery timeout: on a loaded machine a slow 200 must not count as lost
            // and be delivered a third time.
            try await TestSandbox.with({
                $0.webhookURL = receiver.url
                $0.webhookSecret = Self.secret
                $0.webhookTimeout = .seconds(30)
            }) { sandbox in
                let pi = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 10, "currency": "USD"]).json.string("id")
                let deliveries = await receiver.waitFor(2)
                #expect(deliveries.count == 2)
                #expect(deliveries.map(\.answeredStatus) == [500, 200])
                #expect(Set(deliveries.map { Self.event($0).string("id") ?? "" }).count == 1, "the same event, retried")
                #expect(deliveries.allSatisfy { Self.verify($0).valid })
                // The receiver answers before the sandbox records the answer: wait for the record.
                #expect(
                    await eventually(timeout: .seconds(5)) {
                        (try? await sandbox.control(.GET, "/_sandbox/events").json.list("data").first?.bool("delivered")) == true
                    })
                let row = try #require(try await sandbox.control(.GET, "/_sandbox/events").json.list("data").first)
                #expect(row.string("object_id") == pi)
                #expect(row.int("delivery_attempts") == 2)
                #expect(row.bool("delivered") == true)
            }
        }
    }

    @Test func droppedAndDuplicatedDeliveries() async throws {
        try await WebhookReceiver.with { receiver in
            try await TestSandbox.with({
                $0.webhookURL = receiver.url
                $0.faults.webhookDropRate = 1
            }) { sandbox in
                _ = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 10, "currency": "USD"])
                #expect(
                    await eventually(timeout: .seconds(5)) {
                        (try? await sandbox.control(.GET, "/_sandbox/events").json.list("data").first?.bool("dropped")) == true
                    })
                _ = try await sandbox.control(.POST, "/_sandbox/faults", ["webhook_drop_rate": 0, "webhook_duplicate_rate": 1])
                _ = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 11, "currency": "USD"])
                let deliveries = await receiver.waitFor(2)
                #expect(deliveries.count == 2)
                #expect(Set(deliveries.map { Self.event($0).string("id") ?? "" }).count == 1)
            }
        }
    }

    @Test func reorderLetsTheNextEventOvertake() async throws {
        try await WebhookReceiver.with { receiver in
            try await TestSandbox.with({
                $0.webhookURL = receiver.url
                $0.faults.webhookReorder = true
            }) { sandbox in
                _ = try await sandbox.api(
                    .POST, "/v1/payment_intents",
                    ["amount": 10, "currency": "USD", "confirm": true, "payment_method": "pm_card_visa"])
                let types = await receiver.waitFor(2).map { Self.event($0).string("type") ?? "" }
                #expect(types == ["payment_intent.succeeded", "payment_intent.created"])
            }
        }
    }
}
