import OrderDomain

// Request bodies, encoded as JSON with sorted keys: a retry must send byte-identical
// parameters or WooshPay may call the reused idempotency key a conflict.

/// `POST /v1/checkout/sessions`.
struct WireCreateCheckoutSession: Encodable {
    /// Part of the request body.
    struct LineItem: Encodable {
        /// Part of the request body.
        struct PriceData: Encodable {
            /// Part of the request body.
            struct ProductData: Encodable {
                /// Product name.
                let name: String
                /// Dashboard text.
                let description: String?
            }
            /// Upper-case ISO 4217 code.
            let currency: String
            /// Minor units per unit.
            let unitAmount: Int64
            /// Inline product.
            let productData: ProductData

            private enum CodingKeys: String, CodingKey {
                case currency
                case unitAmount = "unit_amount"
                case productData = "product_data"
            }
        }
        /// Units.
        let quantity: Int
        /// Inline price.
        let priceData: PriceData

        private enum CodingKeys: String, CodingKey {
            case quantity
            case priceData = "price_data"
        }
    }

    /// Always `payment`.
    let mode = "payment"
    /// After paying.
    let successURL: String
    /// After backing out.
    let cancelURL: String
    /// The priced lines.
    let lineItems: [LineItem]
    /// Allowed methods; omitted when empty.
    let paymentMethodTypes: [String]?
    /// Our order reference.
    let clientReferenceID: String?
    /// Prefilled e-mail.
    let customerEmail: String?
    /// Omitted when empty.
    let metadata: [String: String]?

    private enum CodingKeys: String, CodingKey {
        case mode, metadata
        case successURL = "success_url"
        case cancelURL = "cancel_url"
        case lineItems = "line_items"
        case paymentMethodTypes = "payment_method_types"
        case clientReferenceID = "client_reference_id"
        case customerEmail = "customer_email"
    }

    /// Builds the wire body from the port's request.
    init(_ request: CreateCheckoutSessionRequest) {
        let currency = request.currency.uppercased()
        successURL = request.successURL
        cancelURL = request.cancelURL
        lineItems = request.lineItems.map { item in
            LineItem(
                quantity: item.quantity,
                priceData: .init(
                    currency: currency, unitAmount: item.unitAmount,
                    productData: .init(name: item.name, description: item.description)))
        }
        paymentMethodTypes = request.paymentMethodTypes.isEmpty ? nil : request.paymentMethodTypes
        clientReferenceID = request.merchantReference
        customerEmail = request.customerEmail
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}

/// `payment_method_data`: a method by type with its billing details and own sub-object
/// (`mobile_money{phone_number, provider_code}`), or a raw card.
struct WirePaymentMethodData: Encodable {
    /// `payment_method_data[card]`; its rendering never shows the number.
    struct Card: Encodable {
        /// The card number.
        let number: String
        /// 1-12.
        let expMonth: Int
        /// Four digits.
        let expYear: Int
        /// Verification code.
        let cvc: String
        /// Cardholder.
        let name: String?

        private enum CodingKeys: String, CodingKey {
            case number, cvc, name
            case expMonth = "exp_month"
            case expYear = "exp_year"
        }
    }
    /// The method type (`alipay`, `card`...).
    let type: String
    /// Present for `card` only.
    var card: Card? = nil
    /// `billing_details`, omitted when nothing was given.
    var billingDetails: WireBillingDetails? = nil
    /// The method's own fields, sent as `payment_method_data.<type>`.
    var methodFields: [String: String] = [:]

    private struct Key: CodingKey {
        let stringValue: String
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    /// `{"type", "card"?, "billing_details"?, "<type>"?}`: the sub-object's key is the type.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(type, forKey: Key("type"))
        try c.encodeIfPresent(card, forKey: Key("card"))
        try c.encodeIfPresent(billingDetails, forKey: Key("billing_details"))
        if !methodFields.isEmpty { try c.encode(methodFields, forKey: Key(type)) }
    }
}

/// The payment-method fields shared by create and confirm.
struct WirePaymentMethodFields {
    /// A `pm_...` id.
    let paymentMethod: String?
    /// A method by type, or a card.
    let paymentMethodData: WirePaymentMethodData?
    /// `payment_method_options{<type>: {...}}`, omitted when empty.
    let paymentMethodOptions: [String: [String: String]]?

    /// Builds the wire body from the port's request.
    init(_ input: GatewayPaymentMethodInput?) {
        var options: [String: [String: String]]?
        switch input {
        case .existing(let id)?:
            paymentMethod = id
            paymentMethodData = nil
        case .redirectMethod(let type, let details)?:
            paymentMethod = nil
            paymentMethodData = WirePaymentMethodData(
                type: type, billingDetails: WireBillingDetails(details.billing), methodFields: details.methodData)
            options = details.options.isEmpty ? nil : [type: details.options]
        case .card(let card)?:
            paymentMethod = nil
            paymentMethodData = WirePaymentMethodData(
                type: "card",
                card: .init(
                    number: card.number, expMonth: card.expMonth, expYear: card.expYear, cvc: card.cvc, name: card.name))
        case nil:
            paymentMethod = nil
            paymentMethodData = nil
        }
        paymentMethodOptions = options
    }
}

/// The wire spelling of a capture method.
func wireCaptureMethod(_ method: GatewayCaptureMethod) -> String {
    switch method {
    case .automatic: return "automatic"
    case .manual: return "manual"
    case .unknown(let raw): return raw
    }
}
