import Foundation
import MerchantServer
import OrderDomain
import TestSupport
import Testing

@testable import HTTPAPI

/// Review finding 2: the shop decides the capture method; an authorisation is never "paid".
@Suite("The shop decides the capture method") struct CaptureMethodPolicyTests {
    @Test("on an automatic-capture shop, a storefront asking for manual capture is 400 and nothing starts")
    func manualIsRefusedUnlessAllowed() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            for mode in ["checkout", "sdk", "direct"] {
                let extra = mode == "direct" ? #","payment_method":"pm_card_visa""# : ""
                let answer = try await h.pay(order, #"{"mode":"\#(mode)","capture_method":"manual"\#(extra)}"#)
                #expect(answer.status == 400 && answer.errorCode == "capture_method_not_allowed", "\(mode): \(answer.text)")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM payment_attempts") == 0)
            #expect(try await h.truth("payment_intents").isEmpty, "WooshPay was not called")
            // Asking for what the shop does anyway is fine.
            let automatic = try await h.pay(order, #"{"mode":"direct","capture_method":"automatic","payment_method":"pm_card_visa"}"#)
            #expect(automatic.status == 201 && automatic.string("status") == "succeeded", "\(automatic.text)")
        }
    }

    @Test("ALLOWED_CAPTURE_METHODS widens the choice; an authorised order returns as authorized, not paid")
    func allowedManualIsAuthorizedNotPaid() async throws {
        try await PaymentHarness.with(configure: { $0.payments.allowedCaptureMethods = [.automatic, .manual] }) { h in
            try await h.seedProduct("MUG")
            let order = try await h.placeOrder()
            let answer = try await h.pay(order, #"{"mode":"direct","capture_method":"manual","payment_method":"pm_card_visa"}"#)
            #expect(answer.status == 201 && answer.string("status") == "requires_capture", "\(answer.text)")
            let back = try await h.send(.GET, "/v1/orders/\(order.id)/return")
            let location = back.headers.first { $0.name.lowercased() == "location" }?.value ?? ""
            #expect(back.status == 303 && location.hasSuffix("status=authorized"), "\(location)")
            let page = try await h.send(.GET, "/payment-result?status=authorized")
            #expect(page.text.contains("authorised, not yet charged") && !page.text.contains("Payment received"), "\(page.text)")
        }
    }

    @Test(
        "every order status has its storefront word; authorized is its own",
        arguments: [
            (OrderStatus.paid, "paid"), (.partiallyRefunded, "paid"), (.refunded, "paid"), (.authorized, "authorized"),
            (.paymentFailed, "failed"), (.canceled, "canceled"), (.expired, "canceled"), (.awaitingPayment, "pending"),
            (.requiresAction, "pending"), (.processing, "pending"),
        ])
    func storefrontWords(status: OrderStatus, word: String) {
        #expect(ReturnRoutes.outcome(status, customerBackedOut: false) == word)
    }

    @Test("ALLOWED_CAPTURE_METHODS must include CAPTURE_METHOD and name only known methods")
    func configuration() throws {
        var settings = PaymentSettings()
        #expect(settings.allowedCaptureMethods == [.automatic], "by default only the shop's own method")
        settings.defaultCaptureMethod = .manual
        #expect(settings.allowedCaptureMethods == [.manual])
        let base = ["DATABASE_URL": "postgresql://u@db/m"]
        let both = try ServerConfiguration(environment: base.merging(["ALLOWED_CAPTURE_METHODS": "automatic, manual"]) { $1 })
        #expect(both.payments.allowedCaptureMethods == [.automatic, .manual])
        for refused in [
            ["ALLOWED_CAPTURE_METHODS": "manual"], ["ALLOWED_CAPTURE_METHODS": "automatic,later"],
            ["CAPTURE_METHOD": "manual", "ALLOWED_CAPTURE_METHODS": "automatic"],
        ] {
            do {
                _ = try ServerConfiguration(environment: base.merging(refused) { $1 })
                Issue.record("accepted \(refused)")
            } catch {
                #expect(error.problems.count == 1 && error.problems[0].hasPrefix("ALLOWED_CAPTURE_METHODS must"), "\(error.problems)")
            }
        }
    }
}
