/// What the storefront may learn of a failed payment. An issuer's decline reason
/// (`insufficient_funds`, `incorrect_cvc`, `stolen_card`...) tells a card tester which
/// stolen numbers are live, so the storefront only ever hears `card_declined`; the admin API
/// keeps the real code. Codes about the flow itself, which the customer must act on, pass.
public enum DeclineMasking {
    /// Codes the storefront sees as they are.
    public static let flowCodes: Set<String> = [
        "authentication_required", "payment_intent_authentication_failure",
        "processing_error",
    ]

    /// The storefront's view of a stored error code.
    public static func storefrontCode(_ code: String?) -> String? {
        guard let code else { return nil }
        return flowCodes.contains(code) ? code : "card_declined"
    }
}
