import Foundation
import OrderDomain
import Testing
import WooshPayGateway
import WooshPaySandbox

/// Quirks mode, listing by time window, and webhook events produced by the sandbox.
@Suite("Sandbox: quirks, lists and events")
struct SandboxQuirksAndListTests {
    @Test("quirks mode (ms timestamps, stringified fields, next_action \"\", lower-case currency) decodes the same")
    func quirks() async throws {
        try await withSandbox(quirks: true) { h in
            let before = Int64(Date().timeIntervalSince1970)
            let plain = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 1000, currency: "usd", paymentMethod: .existing(id: "pm_card_visa"),
                    confirm: true, metadata: ["order": "ord_q"]),
                idempotencyKey: "quirk-1")
            #expect(plain.status == .succeeded)
            #expect(plain.nextAction == nil)
            #expect(plain.metadata == ["order": "ord_q"])
            #expect(plain.currency == "USD")
            let created = try #require(plain.created)
            #expect(abs(created.epochSeconds - before) < 120)

            let challenged = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(
                    amount: 1000, currency: "usd", paymentMethod: .existing(id: "pm_card_threeDSecure"),
                    confirm: true, returnURL: "https://shop.example/r"),
                idempotencyKey: "quirk-2")
            #expect(challenged.nextAction?.type == "challenge_redirect")
            #expect(challenged.nextAction?.redirectURL?.hasPrefix(h.sandbox.baseURL) == true)

            let session = try await h.gateway.createCheckoutSession(
                CreateCheckoutSessionRequest(
                    currency: "usd", lineItems: [GatewayLineItem(name: "Tea", unitAmount: 450, quantity: 1)],
                    successURL: "https://shop.example/ok", cancelURL: "https://shop.example/no",
                    metadata: ["order": "ord_q"]),
                idempotencyKey: "quirk-3")
            #expect(session.currency == "USD")
            #expect(session.metadata == ["order": "ord_q"])
            let expires = try #require(session.expiresAt)
            #expect(abs(expires.epochSeconds - (before + 24 * 3600)) < 120)

            let refund = try await h.gateway.createRefund(
                CreateRefundRequest(paymentIntentID: plain.id, amount: 100),
                idempotencyKey: "quirk-4")
            #expect(refund.currency == "USD")
            #expect(abs((refund.created?.epochSeconds ?? 0) - before) < 120)
        }
    }

    @Test("list by creation window: exact window, pagination across pages, and the bound")
    func listWindow() async throws {
        try await withSandbox { h in
            var ids: [String] = []
            for i in 0..<3 {
                let pi = try await h.gateway.createPaymentIntent(
                    CreatePaymentIntentRequest(amount: 100 + Int64(i), currency: "USD"),
                    idempotencyKey: "list-a\(i)")
                ids.append(pi.id)
            }
            // The API's timestamps have one-second resolution: make the second batch a later second.
            try await Task.sleep(for: .milliseconds(1100))
            let later = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 999, currency: "USD"),
                idempotencyKey: "list-b")
            let laterCreated = try #require(later.created)
            let firstCreated = try #require(try await h.gateway.retrievePaymentIntent(id: ids[0]).created)

            let onlyLater = try await h.gateway.listPaymentIntents(
                PaymentIntentListQuery(
                    createdFrom: laterCreated, createdBefore: GatewayTimestamp(epochSeconds: laterCreated.epochSeconds + 1)))
            #expect(onlyLater.intents.map(\.id) == [later.id])

            let onlyFirst = try await h.gateway.listPaymentIntents(
                PaymentIntentListQuery(
                    createdFrom: firstCreated, createdBefore: laterCreated, pageSize: 1))
            #expect(Set(onlyFirst.intents.map(\.id)) == Set(ids))
            #expect(!onlyFirst.isTruncated)

            let all = try await h.gateway.listPaymentIntents(PaymentIntentListQuery(pageSize: 2))
            #expect(all.intents.map(\.id) == [later.id] + ids.reversed())

            let bounded = try await h.gateway.listPaymentIntents(PaymentIntentListQuery(pageSize: 1, maxResults: 2))
            #expect(bounded.intents.count == 2)
            #expect(bounded.isTruncated)
        }
    }

    @Test("a sandbox that ignores the list's filters (fault ignore_list_filters) is noticed: truncated, filtersIgnored")
    func ignoredFiltersAreNoticed() async throws {
        try await withSandbox { h in
            let early = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 100, currency: "USD"), idempotencyKey: "ignored-a")
            try await Task.sleep(for: .milliseconds(20))
            let late = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 200, currency: "USD"), idempotencyKey: "ignored-b")
            let window = PaymentIntentListQuery(createdFrom: try #require(early.created), createdBefore: try #require(late.created))
            let honoured = try await h.gateway.listPaymentIntents(window)
            #expect(honoured.intents.map(\.id) == [early.id])
            #expect(!honoured.isTruncated && !honoured.filtersIgnored)
            try await h.control("/_sandbox/faults", #"{"ignore_list_filters": true}"#)
            let ignored = try await h.gateway.listPaymentIntents(window)
            #expect(ignored.isTruncated && ignored.filtersIgnored)
            #expect(!ignored.intents.contains { $0.id == late.id }, "the intent outside the window is not reported as in it")
        }
    }

    @Test("events the sandbox emits verify and decode", arguments: [false, true])
    func sandboxEvents(quirks: Bool) async throws {
        try await withSandbox(quirks: quirks) { h in
            let pi = try await h.gateway.createPaymentIntent(
                CreatePaymentIntentRequest(amount: 2500, currency: "USD", paymentMethod: .existing(id: "pm_card_visa"), confirm: true),
                idempotencyKey: "events-1")
            let refund = try await h.gateway.createRefund(CreateRefundRequest(paymentIntentID: pi.id), idempotencyKey: "events-2")
            let events = try await h.fetch("/v1/events?limit=100")["data"] as? [[String: Any]] ?? []
            #expect(events.count >= 3)
            let signer = WebhookSigner(secret: h.sandbox.configuration.webhookSecret)
            var kinds: Set<String> = []
            for event in events {
                let body = Array(try JSONSerialization.data(withJSONObject: event))
                let t = Int64(Date().timeIntervalSince1970 * 1000)
                let verified = try h.gateway.verifyWebhook(
                    rawBody: body, signatureHeader: signer.header(timestamp: t, body: body),
                    now: GatewayTimestamp(epochMilliseconds: t))
                #expect(verified.id == event["id"] as? String)
                let envelope = try h.gateway.verifyWebhookEnvelope(
                    rawBody: body, signatureHeader: signer.header(timestamp: t, body: body),
                    now: GatewayTimestamp(epochMilliseconds: t))
                #expect(envelope == WebhookEnvelope(verified), "the route's envelope names what the full decode names")
                switch verified.object {
                case .paymentIntent(let object):
                    #expect(object.id == pi.id)
                    kinds.insert("payment_intent")
                case .refund(let object):
                    #expect(object.id == refund.id)
                    kinds.insert("refund")
                case .checkoutSession, .dispute, .other:
                    break
                }
            }
            #expect(kinds == ["payment_intent", "refund"])
        }
    }
}
