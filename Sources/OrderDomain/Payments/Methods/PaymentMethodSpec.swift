/// What WooshPay's pages say about one payment method type: its family, what a direct start
/// must send, the currencies it takes, and so the flows we offer it in.
public struct PaymentMethodSpec: Sendable, Equatable {
    /// How the customer pays; the demo groups methods by it and the tests fail one of each.
    public enum Family: String, Sendable, CaseIterable {
        case card, wallet, qr
        case bankTransfer = "bank_transfer"
        case mobileMoney = "mobile_money"
        case other
    }

    /// How a storefront collects a required field.
    public enum Kind: Sendable, Equatable {
        case text, email, tel
        /// ISO 3166-1 alpha-2, upper case.
        case country
        /// One of these values, exactly.
        case choice([String])
    }

    /// One field a direct start must send.
    public struct Requirement: Sendable, Equatable {
        /// Which field.
        public var field: PaymentMethodField
        /// A label for forms (`Full name`).
        public var label: String
        /// Its shape.
        public var kind: Kind
    }

    /// The type string (`pix`).
    public var type: String
    /// Its family.
    public var family: Family
    /// What a direct start must send, besides the type; `nil` when WooshPay's pages do not
    /// say (those methods are offered through hosted checkout only, whose page asks).
    public var requirements: [Requirement]?
    /// The currencies WooshPay lists for it (or its country's), `nil` for any.
    public var currencies: Set<String>?
    /// Where the requirements come from (a WooshPay page, or `OBSERVED` third-party code).
    public var source: String

    /// The flows this backend offers the method in. Direct needs documented requirements;
    /// the SDK widget is documented only in outline, so it is offered for cards alone.
    public var flows: [PaymentMode] {
        if family == .card { return [.checkout, .sdk, .direct] }
        return requirements == nil ? [.checkout] : [.checkout, .direct]
    }

    /// Whether an order in `currency` can be paid with the method.
    public func accepts(currency: String) -> Bool { currencies?.contains(currency) ?? true }
}

extension PaymentMethodSpec.Requirement {
    static let name = Self(field: .billing(.name), label: "Full name", kind: .text)
    static let email = Self(field: .billing(.email), label: "E-mail", kind: .email)
    static let country = Self(field: .billing(.country), label: "Country", kind: .country)
    static let terminalType = Self(field: .option("terminal_type"), label: "Terminal", kind: .choice(["WEB", "APP"]))
    /// PayNow, PIX and the UK and EU bank transfers: "you also need to collect" these.
    static let payer: [Self] = [name, email, country]
}
