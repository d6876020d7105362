import Testing

@testable import OrderDomain

/// What the storefront may learn of a failed payment: a card tester must not learn which
/// stolen numbers are live, but a customer must learn what to do next.
@Suite("The storefront hears only card_declined, unless the customer must act") struct DeclineMaskingTests {
    @Test(
        "the storefront's view of a stored error code",
        arguments: [
            ("insufficient_funds", "card_declined"), ("stolen_card", "card_declined"), ("incorrect_cvc", "card_declined"),
            ("generic_decline", "card_declined"), ("authentication_required", "authentication_required"),
            ("card_declined", "card_declined"), ("expired_card", "card_declined"), ("", "card_declined"),
            ("Authentication_Required", "card_declined"),
        ])
    func masking(_ stored: String, _ shown: String) {
        #expect(DeclineMasking.storefrontCode(stored) == shown)
    }

    @Test("codes about the flow itself pass as they are", arguments: DeclineMasking.flowCodes)
    func flowCodesPass(_ code: String) {
        #expect(DeclineMasking.storefrontCode(code) == code)
    }

    @Test("no error stays no error")
    func nothingStaysNothing() {
        #expect(DeclineMasking.storefrontCode(nil) == nil)
    }
}
