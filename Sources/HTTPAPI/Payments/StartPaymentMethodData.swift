import OrderDomain

/// `payment_method_data` of a start, in WooshPay's shape: a type, a raw card (when the shop
/// allows it), `billing_details`, and the method's own object under its type's name
/// (`"mobile_money": {"phone_number", "provider_code"}`).
struct StartPaymentMethodData: Decodable {
    /// The card fields; never logged (see `GatewayCard`).
    struct Card: Decodable {
        var number: String
        var exp_month: Int
        var exp_year: Int
        var cvc: String
        var name: String?
    }
    /// `billing_details`, as WooshPay's PaymentMethod object has it.
    struct Billing: Decodable {
        struct Address: Decodable {
            var line1, line2, city, state, postal_code, country: String?
        }
        var name, email, phone: String?
        var address: Address?
    }

    var type: String
    var card: Card?
    var billing_details: Billing?
    /// The object under the type's own key, when there is one.
    var methodFields: [String: String]?

    private struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        type = try c.decode(String.self, forKey: Key("type"))
        card = try c.decodeIfPresent(Card.self, forKey: Key("card"))
        billing_details = try c.decodeIfPresent(Billing.self, forKey: Key("billing_details"))
        let reserved = ["type", "card", "billing_details"]
        methodFields = reserved.contains(type) ? nil : try c.decodeIfPresent([String: String].self, forKey: Key(type))
    }

    /// The domain's details; options under another type's key are refused (they would be
    /// sent to WooshPay for a method that is not paying).
    func details(options: [String: [String: String]]?) throws(DomainError) -> PaymentMethodDetails {
        if let other = options?.keys.first(where: { $0 != type }) {
            throw DomainError(
                code: .invalidParameter, message: "payment_method_options.\(other) does not go with a \(type) payment.",
                param: "payment_method_options.\(other)")
        }
        var values: [BillingDetails.Field: String] = [:]
        if let b = billing_details {
            let a = b.address
            let given: [(BillingDetails.Field, String?)] = [
                (.name, b.name), (.email, b.email), (.phone, b.phone), (.line1, a?.line1), (.line2, a?.line2),
                (.city, a?.city), (.state, a?.state), (.postalCode, a?.postal_code), (.country, a?.country),
            ]
            for case (let field, let value?) in given { values[field] = value }
        }
        return PaymentMethodDetails(billing: BillingDetails(values), methodData: methodFields ?? [:], options: options?[type] ?? [:])
    }
}
