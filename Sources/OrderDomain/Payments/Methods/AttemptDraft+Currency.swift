extension AttemptDraft {
    /// The draft for an order in `currency`, decided under the order's lock before anything
    /// is written: a direct method that cannot take the currency is refused; the types a
    /// hosted page or widget offers are narrowed to those that can, and refused when the
    /// storefront chose them itself or none is left.
    public func fitted(currency: String) throws(DomainError) -> AttemptDraft {
        let refused = paymentMethodTypes.filter { !PaymentMethodCatalog.spec(for: $0).accepts(currency: currency) }
        guard !refused.isEmpty else { return self }
        guard mode != .direct, !typesRequested, refused.count < paymentMethodTypes.count else {
            throw DomainError(
                code: .paymentMethodCurrencyNotSupported,
                message: "\(refused.joined(separator: ", ")) cannot pay in \(currency) at WooshPay.",
                param: mode == .direct ? "payment_method_data.type" : "payment_method_types")
        }
        var draft = self
        draft.paymentMethodTypes = paymentMethodTypes.filter { !refused.contains($0) }
        return draft
    }
}
