import OrderDomain

/// `billing_details` as WooshPay's PaymentMethod object spells it.
struct WireBillingDetails: Encodable {
    /// `billing_details.address`.
    struct Address: Encodable {
        let line1, line2, city, state, postalCode, country: String?

        private enum CodingKeys: String, CodingKey {
            case line1, line2, city, state, country
            case postalCode = "postal_code"
        }
    }
    let name, email, phone: String?
    let address: Address?

    /// `nil` when no field was given, so a bare type sends no empty object.
    init?(_ billing: BillingDetails) {
        guard !billing.values.isEmpty else { return nil }
        name = billing.value(of: .name)
        email = billing.value(of: .email)
        phone = billing.value(of: .phone)
        let address = Address(
            line1: billing.value(of: .line1), line2: billing.value(of: .line2), city: billing.value(of: .city),
            state: billing.value(of: .state), postalCode: billing.value(of: .postalCode), country: billing.value(of: .country))
        let empty = [address.line1, address.line2, address.city, address.state, address.postalCode, address.country].allSatisfy { $0 == nil }
        self.address = empty ? nil : address
    }
}
