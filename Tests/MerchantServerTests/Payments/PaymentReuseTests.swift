import Foundation
import OrderDomain
import PostgresStore
import Testing

/// One order is never charged twice: open attempts are continued, lost calls are re-sent
/// with the stored key, and concurrent starts end with one object at WooshPay.
@Suite("Payment attempt reuse and recovery") struct PaymentReuseTests {
    @Test func repeatingAStartContinuesTheOpenAttempt() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let first = try await h.pay(order, #"{"mode":"checkout"}"#)
            let second = try await h.pay(order, #"{"mode":"checkout"}"#)
            #expect(first.status == 201)
            #expect(second.status == 200)
            #expect(second.json["reused"] as? Bool == true)
            #expect(second.string("id") == first.string("id"))
            #expect(second.string("redirect_url") == first.string("redirect_url"))
            #expect(try await h.truth("checkout_sessions").count == 1)

            let sdkOrder = try await h.placeOrder()
            let a = try await h.pay(sdkOrder, #"{"mode":"sdk"}"#)
            let b = try await h.pay(sdkOrder, #"{"mode":"sdk"}"#)
            #expect(b.string("payment_intent") == a.string("payment_intent"))
            #expect(b.string("client_secret") == a.string("client_secret"))
            #expect(try await h.truth("payment_intents").count == 2, "one for the checkout session, one for the sdk order")
        }
    }

    @Test func aDeclinedDirectPaymentIsRetriedOnTheSameIntent() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let declined = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_chargeDeclined"}"#)
            #expect(declined.status == 402)
            #expect(declined.errorCode == "card_declined")
            #expect(try await h.orderStatus(order.id) == "payment_failed")
            let retried = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(retried.status == 200)
            #expect(retried.string("status") == "succeeded")
            #expect(try await h.truth("payment_intents").count == 1)
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [retried.string("payment_intent") ?? "-"])
            #expect(try await h.orderStatus(order.id) == "paid")
        }
    }

    @Test func anExpiredSessionIsReplacedByANewAttempt() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let first = try await h.pay(order, #"{"mode":"checkout"}"#)
            let sessionID = try #require(first.string("checkout_session"))
            let auth = "Basic " + Data("\(h.configuration.wooshPay.secretKey):".utf8).base64EncodedString()
            let expired = try await h.request(
                .POST, h.sandbox.baseURL + "/v1/checkout/sessions/\(sessionID)/expire", "{}",
                headers: [(name: "Authorization", value: auth)])
            #expect(expired.status == 200)
            let second = try await h.pay(order, #"{"mode":"checkout"}"#)
            #expect(second.status == 201)
            #expect(second.string("checkout_session") != sessionID)
            #expect(try await h.attemptColumn(order.id, "status") == ["expired", "requires_payment_method"])
        }
    }

    @Test func aCrashAfterTheWriteIsCompletedWithTheStoredKey() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            // The process wrote the attempt and died before calling WooshPay.
            let store = PostgresPaymentAttemptStore(pool: h.pool)
            let opening = try await store.openAttempt(
                orderID: order.id, clientToken: order.token,
                draft: AttemptDraft(mode: .sdk, captureMethod: .automatic, paymentMethodTypes: ["card"]))
            #expect(try await h.attemptColumn(order.id, "status") == ["pending"])
            let resumed = try await h.pay(order, #"{"mode":"sdk"}"#)
            #expect(resumed.status == 200)
            #expect(resumed.string("id") == opening.attempt.id)
            let intents = try await h.truth("payment_intents")
            #expect(intents.count == 1)
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [intents.first?["id"] as? String ?? "-"])
        }
    }

    // A lost answer (timeout or 5xx after WooshPay acted) leaves the same database state
    // as a crash between WooshPay's effect and our write: a pending attempt, no ids.
    @Test func aLostAnswerIsRecoveredWithoutASecondIntent() async throws {
        try await PaymentHarness.with(configure: { $0.wooshPay.requestTimeoutSeconds = 1 }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            try await h.faults(#"{"api_timeout_rate":1,"api_timeout_ms":1500}"#)
            let lost = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(lost.status == 503)
            #expect(lost.errorCode == "gateway_unavailable")
            #expect(try await h.attemptColumn(order.id, "status") == ["pending"])
            #expect(try await h.truth("payment_intents").count == 1, "WooshPay acted on the first try")
            try await h.faults(#"{"api_timeout_rate":0}"#)
            let again = try await h.pay(order, #"{"mode":"direct","payment_method":"pm_card_visa"}"#)
            #expect(again.status == 200)
            #expect(again.string("status") == "succeeded")
            let intents = try await h.truth("payment_intents")
            #expect(intents.count == 1)
            #expect(intents.first?["charge_count"] as? Int == 1)
            #expect(try await h.attemptColumn(order.id, "payment_intent_id") == [intents.first?["id"] as? String ?? "-"])
        }
    }

    @Test func concurrentStartsOfOneOrderCreateOneIntent() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            try await h.faults(#"{"api_latency_ms":100}"#)
            let answers = try await withThrowingTaskGroup(of: PaymentHarness.Answer.self) { group in
                for _ in 0..<8 { group.addTask { try await h.pay(order, #"{"mode":"sdk"}"#) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let ok = answers.filter { $0.status == 200 || $0.status == 201 }
            #expect(!ok.isEmpty)
            #expect(answers.allSatisfy { $0.status < 300 || $0.errorCode == "gateway_unavailable" }, "\(answers.map(\.text))")
            #expect(Set(ok.compactMap { $0.string("payment_intent") }).count == 1)
            #expect(ok.filter { $0.status == 201 }.count <= 1)
            #expect(try await h.truth("payment_intents").count == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 1)
        }
    }

    @Test func idempotencyKeyReplaysAPaymentStartAndRefusesAnotherBody() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let key = [(name: "Idempotency-Key", value: "start-\(order.id)")]
            let first = try await h.pay(order, #"{"mode":"sdk"}"#, headers: key)
            let replay = try await h.pay(order, #"{"mode":"sdk"}"#, headers: key)
            #expect(replay.status == first.status)
            #expect(replay.text == first.text)
            #expect(replay.headers.contains { $0.name.lowercased() == "idempotent-replayed" && $0.value == "true" })
            let other = try await h.pay(order, #"{"mode":"checkout"}"#, headers: key)
            #expect(other.status == 409)
            #expect(other.errorCode == "idempotency_key_reused")
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 1)
            #expect(try await h.truth("checkout_sessions").isEmpty)
        }
    }
}
