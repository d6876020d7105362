import Foundation
import Testing

/// Every refusal of `POST /v1/orders/{id}/payments` is a 4xx with a stable code, and
/// writes nothing here and creates nothing at WooshPay.
@Suite("Payment start refusals") struct PaymentInputTests {
    static let cases: [(body: String, status: Int, code: String)] = [
        (#"{"mode":"cash"}"#, 400, "invalid_mode"),
        (#"{}"#, 400, "missing_parameter"),
        (#"{"mode":"direct"}"#, 400, "payment_method_required"),
        (#"{"mode":"checkout","payment_method":"pm_card_visa"}"#, 400, "payment_method_not_allowed"),
        (#"{"mode":"direct","payment_method":"card_visa"}"#, 400, "invalid_payment_method"),
        (#"{"mode":"direct","payment_method":"pm_x","payment_method_data":{"type":"alipay"}}"#, 400, "invalid_payment_method"),
        (#"{"mode":"direct","payment_method_data":{"type":"alipay"}}"#, 400, "payment_method_type_not_allowed"),
        (#"{"mode":"direct","payment_method_data":{"type":"Not A Type"}}"#, 400, "invalid_payment_method"),
        (#"{"mode":"sdk","payment_method_types":["klarna"]}"#, 400, "payment_method_type_not_allowed"),
        (#"{"mode":"sdk","payment_method_types":[]}"#, 400, "payment_method_type_not_allowed"),
        (#"{"mode":"sdk","capture_method":"later"}"#, 400, "invalid_capture_method"),
        (
            #"{"mode":"direct","payment_method_data":{"type":"card","card":{"number":"4111111111111111","exp_month":3,"exp_year":2030,"cvc":"123"}}}"#,
            400, "raw_card_data_not_allowed"
        ),
        (#"{"mode":"sdk""#, 400, "invalid_body"),
    ]

    @Test func everyBadBodyIsRefusedWithNothingWrittenOrCreated() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            for c in Self.cases {
                let answer = try await h.pay(order, c.body)
                #expect(answer.status == c.status, "\(c.body)")
                #expect(answer.errorCode == c.code, "\(c.body) -> \(answer.text)")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 0)
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE type LIKE 'payment.%'") == 0)
            #expect(try await h.truth("payment_intents").isEmpty)
            #expect(try await h.truth("checkout_sessions").isEmpty)
        }
    }

    @Test func invalidCardDataIsRefusedWithoutEchoingIt() async throws {
        try await PaymentHarness.with(configure: { $0.payments.allowRawCardData = true }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let cards = [
                (#""number":"4111111111111112","exp_month":3,"exp_year":2030,"cvc":"123""#, "payment_method_data.card.number"),
                (#""number":"4111111111111111","exp_month":13,"exp_year":2030,"cvc":"123""#, "payment_method_data.card.exp_month"),
                (#""number":"4111111111111111","exp_month":3,"exp_year":2030,"cvc":"12a""#, "payment_method_data.card.cvc"),
            ]
            for (fields, param) in cards {
                let answer = try await h.pay(order, #"{"mode":"direct","payment_method_data":{"type":"card","card":{\#(fields)}}}"#)
                #expect(answer.status == 400)
                #expect(answer.errorCode == "invalid_card_data")
                #expect((answer.json["error"] as? [String: Any])?["param"] as? String == param)
                #expect(!answer.text.contains("411111"))
            }
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 0)
        }
    }

    @Test func theOrderTokenIsRequiredAndAnotherOrdersTokenIsRefused() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let mine = try await h.placeOrder()
            let theirs = try await h.placeOrder()
            let missing = try await h.send(.POST, "/v1/orders/\(mine.id)/payments", #"{"mode":"sdk"}"#)
            #expect(missing.status == 401)
            #expect(missing.errorCode == "order_token_required")
            let crossed = try await h.pay(mine, #"{"mode":"sdk"}"#, token: theirs.token)
            #expect(crossed.status == 404)
            #expect(crossed.errorCode == "order_not_found")
            let unknown = try await h.pay((id: "ord_nope", token: mine.token), #"{"mode":"sdk"}"#)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "order_not_found")
            let read = try await h.send(.GET, "/v1/orders/\(mine.id)", headers: [(name: "X-Order-Token", value: theirs.token)])
            #expect(read.status == 404)
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 0)
            #expect(try await h.truth("payment_intents").isEmpty)
        }
    }

    @Test func pricesComeFromTheCatalogWhateverTheBodySays() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG", price: 1250)
            let order = try await h.placeOrder([("MUG", 2)], extra: #","total_amount":1,"items_total":1,"unit_amount":1,"amount":1"#)
            let tampered = try await h.send(
                .POST, "/v1/orders",
                #"{"currency":"USD","items":[{"sku":"MUG","quantity":1,"unit_amount":1,"price":1,"amount":1}],"customer":{"email":"a@example.com"}}"#)
            #expect(tampered.json["total_amount"] as? Int == 1250)
            let answer = try await h.pay(order, #"{"mode":"sdk"}"#)
            let intentID = try #require(answer.string("payment_intent"))
            #expect(try await h.intent(intentID)["amount"] as? Int == 2500)
            #expect(answer.json["amount"] as? Int == 2500)
        }
    }

    @Test func expiredAndCanceledOrdersCannotBePaid() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let old = try await h.placeOrder()
            try await h.pool.withConnection { try $0.query("UPDATE orders SET expires_at = now() - interval '1 second' WHERE id = $1", [old.id]) }
            let late = try await h.pay(old, #"{"mode":"checkout"}"#)
            #expect(late.status == 409)
            #expect(late.errorCode == "order_not_payable")
            let canceled = try await h.placeOrder()
            try await h.pool.withConnection { try $0.query("UPDATE orders SET status = 'canceled' WHERE id = $1", [canceled.id]) }
            #expect(try await h.pay(canceled, #"{"mode":"sdk"}"#).errorCode == "order_not_payable")
            #expect(try await h.truth("payment_intents").isEmpty)
            #expect(try await h.truth("checkout_sessions").isEmpty)
        }
    }
}
