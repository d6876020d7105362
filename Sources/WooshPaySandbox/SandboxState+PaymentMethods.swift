import Foundation

extension SandboxState {
    /// Resolves the payment method a create/confirm names: `payment_method_data` creates a
    /// new `pm_...`, `payment_method` looks one up. `nil` when neither is given.
    func resolvePaymentMethod(_ params: ParamReader) throws(APIError) -> StoredPaymentMethod? {
        if let data = try params.nested("payment_method_data") {
            return try createPaymentMethod(data)
        }
        if let id = try params.string("payment_method") {
            guard let method = paymentMethods[id] else {
                throw .missingReference("PaymentMethod", id, param: "payment_method")
            }
            return method
        }
        return nil
    }

    /// Creates a payment method from `payment_method_data`. Raw cards are validated like a
    /// card form (402 `card_error` for a bad number, month, expiry or CVC); every non-card
    /// type becomes a redirect method.
    func createPaymentMethod(_ data: ParamReader) throws(APIError) -> StoredPaymentMethod {
        let type = try data.requireString("type")
        var method = StoredPaymentMethod(id: newID("pm_"), type: type, behaviour: .redirect, last4: nil)
        method.data = data.object
        method.data["card"] = nil
        if type == "card" {
            guard let card = try data.nested("card") else { throw .missing(data.name("card")) }
            let number = try card.requireString("number").filter { $0 != " " }
            let expMonth = try card.requireInt("exp_month")
            let expYear = try card.requireInt("exp_year")
            let cvc = try card.string("cvc")
            if let error = TestPaymentMethods.validate(
                number: number, expMonth: expMonth, expYear: expYear,
                cvc: cvc, now: currentYearMonth())
            {
                throw error
            }
            method.behaviour = TestPaymentMethods.behaviour(cardNumber: number)
            method.last4 = String(number.suffix(4))
        }
        paymentMethods[method.id] = method
        return method
    }

    /// Refuses a confirm whose method lacks an input WooshPay documents for its type
    /// (`MethodRequirements`), before anything about the intent changes.
    func requireDocumentedInput(_ method: StoredPaymentMethod, options: JSONObject) throws(APIError) {
        if let error = MethodRequirements.check(type: method.type, data: method.data, options: options) { throw error }
    }

    /// Checks the method's type is allowed on the intent; an intent created without an
    /// explicit list accepts any type and records it.
    func admit(_ method: StoredPaymentMethod, to intent: inout PaymentIntentRecord) throws(APIError) {
        if intent.paymentMethodTypes.contains(method.type) { return }
        guard !intent.explicitPaymentMethodTypes else {
            throw .invalid(
                "payment_method_data[type]",
                "The PaymentMethod type \(method.type) is not allowed on this PaymentIntent; "
                    + "payment_method_types is \(intent.paymentMethodTypes).",
                code: "payment_intent_incompatible_payment_method")
        }
        intent.paymentMethodTypes.append(method.type)
    }

    /// The current UTC year and month, for card expiry checks.
    nonisolated func currentYearMonth() -> (year: Int64, month: Int64) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month], from: Date())
        return (Int64(parts.year ?? 2000), Int64(parts.month ?? 1))
    }
}
