import Foundation
import TestSupport
import Testing

/// Quirks mode reproduces the shapes of WooshPay's older examples.
@Suite struct QuirksModeTests {
    @Test func intentsUseMillisecondsAndStringEncodedFields() async throws {
        try await TestSandbox.with({ $0.quirks = true }) { sandbox in
            let plain = try await sandbox.api(
                .POST, "/v1/payment_intents",
                ["amount": 100, "currency": "usd", "metadata": ["k": "v"]]
            ).json
            #expect((plain.int("created") ?? 0) > 1_000_000_000_000)
            #expect(plain.string("next_action") == "")
            #expect(plain.string("metadata") == #"{"k":"v"}"#)
            #expect(plain.string("payment_method_types") == #"["card"]"#)
            #expect(plain.string("payment_method_options") == "{}")
            #expect(plain.string("currency") == "USD")
            let threeDS = try await sandbox.api(
                .POST, "/v1/payment_intents",
                [
                    "amount": 100, "currency": "usd", "confirm": true, "payment_method": "pm_card_threeDSecure",
                ]
            ).json
            let action = try #require(threeDS.string("next_action"))
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(action.utf8)) as? [String: Any])
            #expect(decoded.string("type") == "challenge_redirect")
        }
    }

    @Test func sessionsAndRefundsUseLowerCaseCurrency() async throws {
        try await TestSandbox.with({ $0.quirks = true }) { sandbox in
            let session = try await CheckoutSessionTests.createSession(sandbox)
            #expect(session.string("currency") == "usd")
            #expect(session.bool("live_mode") == false)
            let created = try #require(session.int("created"))
            #expect(session.int("expires_at") == created + 86_400_000)
            let pi = try await RefundTests.paidIntent(sandbox)
            let refund = try await sandbox.api(.POST, "/v1/refunds", ["payment_intent": pi]).json
            #expect(refund.string("currency") == "usd")
            #expect((refund.int("created") ?? 0) > 1_000_000_000_000)
        }
    }

    @Test func webhookTimestampIsMillisecondsAndStableAcrossRetries() async throws {
        try await WebhookReceiver.with(failFirst: 1) { receiver in
            try await TestSandbox.with({
                $0.quirks = true
                $0.webhookURL = receiver.url
                $0.webhookSecret = WebhookTests.secret
            }) { sandbox in
                _ = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 10, "currency": "USD"])
                let deliveries = await receiver.waitFor(2)
                #expect(deliveries.count == 2)
                let stamps = deliveries.map { WebhookTests.verify($0) }
                #expect(stamps.allSatisfy { $0.valid })
                #expect((stamps.first?.timestamp ?? 0) > 1_000_000_000_000)
                #expect(stamps.first?.timestamp == stamps.last?.timestamp)
                #expect((WebhookTests.event(deliveries[0]).int("created") ?? 0) > 1_000_000_000_000)
            }
        }
    }

    @Test func cleanModeHasNoQuirksAndWooshPaysMilliseconds() async throws {
        try await TestSandbox.with { sandbox in
            let plain = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "usd"]).json
            #expect((plain.int("created") ?? 0) > 1_000_000_000_000)
            let events = try await sandbox.api(.GET, "/v1/events").json.list("data")
            #expect(events.allSatisfy { ($0.int("created") ?? 0) > 1_000_000_000_000 } && !events.isEmpty)
            #expect(plain.isNull("next_action"))
            #expect(plain["payment_method_types"] is [Any])
            #expect(plain["metadata"] is [String: Any])
            let session = try await CheckoutSessionTests.createSession(sandbox)
            #expect(session.string("currency") == "USD")
            #expect(session["live_mode"] == nil)
        }
    }
}
