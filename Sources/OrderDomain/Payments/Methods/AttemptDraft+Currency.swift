extension AttemptDraft {
    /// The draft for an order in `currency`, decided under the order's lock before anything
    /// is written: a direct method that cannot take the currency is refused; the types a
    /// hosted page or widget offers are narrowed to those that can, and refused when the
    /// storefront chose them itself or none is left.
    public func fitted(currency: String) throws(DomainError) -> AttemptDraft {
        let refused = paymentMethodTypes.filter { !PaymentMethodCatalog.spec(for: $0).accepts(currency: currency) }
        guard !refused.isEmpty else { return self }
        // A direct start pays with one method: refused only when that one cannot pay
        // (a `pm_...` is a saved card); the rest of the list is narrowed like a page's.
        let paying = paymentMethod.map { $0.hasPrefix("pm_") ? "card" : $0 }
        let payingRefused = mode == .direct && (paying.map(refused.contains) ?? true)
        guard !payingRefused, !typesRequested, refused.count < paymentMethodTypes.count else {
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
