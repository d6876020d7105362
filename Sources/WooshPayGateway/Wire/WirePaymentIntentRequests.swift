import OrderDomain

/// `POST /v1/payment_intents`.
struct WireCreatePaymentIntent: Encodable {
    /// Minor units.
    let amount: Int64
    /// Upper-case ISO 4217 code.
    let currency: String
    /// `automatic` or `manual`.
    let captureMethod: String
    /// Allowed methods; omitted when empty.
    let paymentMethodTypes: [String]?
    /// A `pm_...` id.
    let paymentMethod: String?
    /// A method by type, or a card.
    let paymentMethodData: WirePaymentMethodData?
    /// `payment_method_options{<type>: {...}}` (Alipay's terminal type, SPEI's CURP...).
    let paymentMethodOptions: [String: [String: String]]?
    /// Sent only when `true`.
    let confirm: Bool?
    /// Where the customer comes back after a redirect.
    let returnURL: String?
    /// Our order reference.
    let merchantOrderID: String?
    /// Dashboard text.
    let description: String?
    /// Omitted when empty.
    let metadata: [String: String]?

    private enum CodingKeys: String, CodingKey {
        case amount, currency, confirm, description, metadata
        case captureMethod = "capture_method"
        case paymentMethodTypes = "payment_method_types"
        case paymentMethod = "payment_method"
        case paymentMethodData = "payment_method_data"
        case paymentMethodOptions = "payment_method_options"
        case returnURL = "return_url"
        case merchantOrderID = "merchant_order_id"
    }

    /// Builds the wire body from the port's request.
    init(_ request: CreatePaymentIntentRequest) {
        let method = WirePaymentMethodFields(request.paymentMethod)
        amount = request.amount
        currency = request.currency.uppercased()
        captureMethod = wireCaptureMethod(request.captureMethod)
        paymentMethodTypes = request.paymentMethodTypes.isEmpty ? nil : request.paymentMethodTypes
        paymentMethod = method.paymentMethod
        paymentMethodData = method.paymentMethodData
        paymentMethodOptions = method.paymentMethodOptions
        confirm = request.confirm ? true : nil
        returnURL = request.returnURL
        merchantOrderID = request.merchantOrderID
        description = request.description
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}

/// `POST /v1/payment_intents/{id}/confirm`.
struct WireConfirmPaymentIntent: Encodable {
    /// A `pm_...` id.
    let paymentMethod: String?
    /// A method by type, or a card.
    let paymentMethodData: WirePaymentMethodData?
    /// `payment_method_options{<type>: {...}}`.
    let paymentMethodOptions: [String: [String: String]]?
    /// Where the customer comes back after a redirect.
    let returnURL: String?

    private enum CodingKeys: String, CodingKey {
        case paymentMethod = "payment_method"
        case paymentMethodData = "payment_method_data"
        case paymentMethodOptions = "payment_method_options"
        case returnURL = "return_url"
    }

    /// Builds the wire body from the port's request.
    init(_ request: ConfirmPaymentIntentRequest) {
        let method = WirePaymentMethodFields(request.paymentMethod)
        paymentMethod = method.paymentMethod
        paymentMethodData = method.paymentMethodData
        paymentMethodOptions = method.paymentMethodOptions
        returnURL = request.returnURL
    }
}

/// `POST /v1/payment_intents/{id}/capture`.
struct WireCapturePaymentIntent: Encodable {
    /// `nil` captures everything.
    let amountToCapture: Int64?

    private enum CodingKeys: String, CodingKey { case amountToCapture = "amount_to_capture" }
}

/// `POST /v1/payment_intents/{id}/cancel`; WooshPay's spec marks the reason required.
struct WireCancelPaymentIntent: Encodable {
    /// Free text; WooshPay requires one.
    let cancellationReason: String

    private enum CodingKeys: String, CodingKey { case cancellationReason = "cancellation_reason" }
}

/// A body-less POST (expire) still sends `{}` so the server sees valid JSON.
struct WireEmptyBody: Encodable {}
