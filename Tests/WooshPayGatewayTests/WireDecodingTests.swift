import OrderDomain
import Testing

@testable import WooshPayGateway

/// Decoding of WooshPay objects from literal JSON, including every documented quirk.
@Suite("Wire decoding")
struct WireDecodingTests {
    func intent(_ json: String) throws -> PaymentIntentSnapshot {
        try WooshPayDecoding.paymentIntent(from: Array(json.utf8))
    }

    @Test("a clean 2023-style intent with a challenge_redirect next action")
    func cleanIntent() throws {
        let pi = try intent(
            #"""
            {"id":"pi_1583366366029676544","object":"payment_intent","amount":2500,"amount_capturable":0,
             "amount_received":0,"capture_method":"automatic","client_secret":"pi_1_secret_abc",
             "created":1665553291,"currency":"USD","livemode":false,"status":"requires_action",
             "merchant_order_id":"ord_42","metadata":{"order":"ord_42"},
             "next_action":{"type":"challenge_redirect","challenge_redirect":{"url":"https://jstest.wooshpay.com/v1/3ds/index.html?x=1","return_url":"https://shop/return"}},
             "last_payment_error":null,"payment_method_types":["card"]}
            """#)
        #expect(pi.id == "pi_1583366366029676544")
        #expect(pi.status == .requiresAction)
        #expect(pi.gatewayStatus == "requires_action")
        #expect(pi.amount == 2500)
        #expect(pi.currency == "USD")
        #expect(pi.created == GatewayTimestamp(epochSeconds: 1_665_553_291))
        #expect(pi.clientSecret == "pi_1_secret_abc")
        #expect(pi.merchantOrderID == "ord_42")
        #expect(pi.metadata == ["order": "ord_42"])
        #expect(
            pi.nextAction
                == GatewayNextAction(
                    type: "challenge_redirect", redirectURL: "https://jstest.wooshpay.com/v1/3ds/index.html?x=1",
                    details: ["return_url": "https://shop/return"]))
        #expect(pi.lastPaymentError == nil)
    }

    @Test("quirks: ms timestamps, stringified fields, next_action \"\", lower-case currency, extra fields")
    func quirkyIntent() throws {
        let pi = try intent(
            #"""
            {"id":"pi_2","object":"payment_intent","amount":"1999","amount_received":"1999",
             "amount_capturable":"0","currency":"gbp","created":1665553291000,"status":"succeeded",
             "capture_method":"manual","next_action":"",
             "payment_method_types":"[\"card\",\"alipay\"]",
             "payment_method_options":"{\"card\":{\"request_three_d_secure\":\"auto\"}}",
             "metadata":"{\"order\":\"ord_7\",\"attempt\":2,\"flag\":true}",
             "3ds_status":"Y","live_mode":false,"something_new":{"nested":[1,2,3]}}
            """#)
        #expect(pi.amount == 1999)
        #expect(pi.amountReceived == 1999)
        #expect(pi.currency == "GBP")
        #expect(pi.created == GatewayTimestamp(epochMilliseconds: 1_665_553_291_000))
        #expect(pi.created?.epochSeconds == 1_665_553_291)
        #expect(pi.status == .succeeded)
        #expect(pi.captureMethod == .manual)
        #expect(pi.nextAction == nil)
        #expect(pi.metadata == ["order": "ord_7", "attempt": "2", "flag": "true"])
    }

    @Test("2022 Direct API: stringified next_action with ddc_redirect and no type")
    func ddcRedirect() throws {
        let pi = try intent(
            #"""
            {"id":"pi_3","amount":100,"currency":"USD","status":"requires_action","created":1665553291214,
             "next_action":"{\"ddc_redirect\":{\"url\":\"https://jstest.wooshpay.com/ddc?id=pi_3\",\"return_url\":\"https://shop/r\"}}"}
            """#)
        #expect(
            pi.nextAction
                == GatewayNextAction(
                    type: "ddc_redirect", redirectURL: "https://jstest.wooshpay.com/ddc?id=pi_3", details: ["return_url": "https://shop/r"]))
    }

    @Test("next_action shapes: alipay_handle_redirect, redirect_to_url, null, {}, unknown type without url")
    func nextActionShapes() throws {
        let alipay = try intent(
            #"{"id":"pi_4","amount":1,"currency":"CNY","status":"requires_action","next_action":{"type":"alipay_handle_redirect","alipay_handle_redirect":{"url":"https://alipay/x"}}}"#
        )
        #expect(alipay.nextAction == GatewayNextAction(type: "alipay_handle_redirect", redirectURL: "https://alipay/x"))
        let generic = try intent(
            #"{"id":"pi_5","amount":1,"currency":"EUR","status":"requires_action","next_action":{"type":"redirect_to_url","redirect_to_url":{"url":"https://bank/x","return_url":"https://shop"}}}"#
        )
        #expect(generic.nextAction?.redirectURL == "https://bank/x")
        let none = try intent(#"{"id":"pi_6","amount":1,"currency":"EUR","status":"succeeded","next_action":null}"#)
        #expect(none.nextAction == nil)
        let empty = try intent(#"{"id":"pi_7","amount":1,"currency":"EUR","status":"succeeded","next_action":{}}"#)
        #expect(empty.nextAction == nil)
        let qr = try intent(
            #"{"id":"pi_8","amount":1,"currency":"EUR","status":"requires_action","next_action":{"type":"wechat_pay_display_qr_code","wechat_pay_display_qr_code":{"data":"weixin://x"}}}"#
        )
        // An unknown action passes through with its fields, never dropped.
        #expect(qr.nextAction == GatewayNextAction(type: "wechat_pay_display_qr_code", redirectURL: nil, details: ["data": "weixin://x"]))
        let vn = try intent(
            #"{"id":"pi_9","amount":1,"currency":"VND","status":"requires_action","next_action":{"type":"bank_transfer_vn_handle_redirect","bank_transfer_vn_handle_redirect":{"url":"https://pay/vn","qrcode":"000201010212","client_secret":"pi_9_secret_x","bank":"VCB","nested":{"a":1}}}}"#
        )
        // The payment code gets its own field; a client secret and nested objects never pass.
        #expect(
            vn.nextAction
                == GatewayNextAction(
                    type: "bank_transfer_vn_handle_redirect", redirectURL: "https://pay/vn", qrCode: "000201010212", details: ["bank": "VCB"]))
    }

    @Test("last_payment_error with a decline code")
    func lastPaymentError() throws {
        let pi = try intent(
            #"{"id":"pi_9","amount":1,"currency":"USD","status":"requires_payment_method","last_payment_error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Your card has insufficient funds."}}"#
        )
        #expect(pi.status == .requiresPaymentMethod)
        #expect(
            pi.lastPaymentError
                == GatewayPaymentError(
                    code: "card_declined", declineCode: "insufficient_funds",
                    message: "Your card has insufficient funds."))
    }

    @Test("an intent without id or amount is rejected rather than guessed")
    func requiredFields() {
        #expect(throws: (any Error).self) { try intent(#"{"amount":1,"currency":"USD","status":"succeeded"}"#) }
        #expect(throws: (any Error).self) { try intent(#"{"id":"pi_x","currency":"USD","status":"succeeded"}"#) }
        #expect(throws: (any Error).self) { try intent(#"{"id":"pi_x","amount":"lots","status":"succeeded"}"#) }
    }

    @Test("checkout session: ms expires_at, lower-case currency, payment_intent as id or object")
    func checkoutSession() throws {
        let session = try WooshPayDecoding.checkoutSession(
            from: Array(
                #"""
                {"id":"cs_test_1","object":"checkout.session","status":"open","payment_status":"unpaid",
                 "url":"https://checkouttest.clangcling.com/pay/cs_test_1?key=pk_test_x","payment_intent":"pi_10",
                 "amount_total":"4200","currency":"usd","created":1665553291000,"expires_at":1665639691214,
                 "client_reference_id":"ord_1","metadata":"{\"order\":\"ord_1\"}","live_mode":false}
                """#.utf8))
        #expect(session.status == .open)
        #expect(session.paymentStatus == .unpaid)
        #expect(session.paymentIntentID == "pi_10")
        #expect(session.amountTotal == 4200)
        #expect(session.currency == "USD")
        #expect(session.expiresAt == GatewayTimestamp(epochMilliseconds: 1_665_639_691_214))
        #expect(session.clientReferenceID == "ord_1")
        #expect(session.metadata == ["order": "ord_1"])
        let expanded = try WooshPayDecoding.checkoutSession(
            from: Array(
                #"""
                {"id":"cs_2","status":"complete","payment_status":"paid","payment_intent":{"id":"pi_11","object":"payment_intent"},"expires_at":1665639691}
                """#.utf8))
        #expect(expanded.paymentIntentID == "pi_11")
        #expect(expanded.status == .complete)
        #expect(expanded.paymentStatus == .paid)
        #expect(expanded.expiresAt == GatewayTimestamp(epochSeconds: 1_665_639_691))
    }

    @Test("refund: string amount, failure reason, lower-case currency")
    func refund() throws {
        let refund = try WooshPayDecoding.refund(
            from: Array(
                #"""
                {"id":"re_1","object":"refund","amount":"500","currency":"cny","payment_intent":"pi_1","status":"failed",
                 "failure_reason":"expired_or_canceled_card","created":1665553291000,"receipt_number":null}
                """#.utf8))
        #expect(refund.amount == 500)
        #expect(refund.currency == "CNY")
        #expect(refund.status == .failed)
        #expect(refund.failureReason == "expired_or_canceled_card")
        #expect(refund.paymentIntentID == "pi_1")
        #expect(refund.created?.epochSeconds == 1_665_553_291)
    }
}
