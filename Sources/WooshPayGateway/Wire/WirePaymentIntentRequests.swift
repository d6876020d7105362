import OrderDomain

/// `POST /v1/payment_intents`.
struct WireCreatePaymentIntent: Encodable {
    let amount: Int64
    let currency: String
    let captureMethod: String
    let paymentMethodTypes: [String]?
    let paymentMethod: String?
    let paymentMethodData: WirePaymentMethodData?
    let confirm: Bool?
    let returnURL: String?
    let merchantOrderID: String?
    let description: String?
    let metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case amount, currency, confirm, description, metadata
        case captureMethod = "capture_method"
        case paymentMethodTypes = "payment_method_types"
        case paymentMethod = "payment_method"
        case paymentMethodData = "payment_method_data"
        case returnURL = "return_url"
        case merchantOrderID = "merchant_order_id"
    }

    init(_ request: CreatePaymentIntentRequest) {
        let method = WirePaymentMethodFields(request.paymentMethod)
        amount = request.amount
        currency = request.currency.uppercased()
        captureMethod = wireCaptureMethod(request.captureMethod)
        paymentMethodTypes = request.paymentMethodTypes.isEmpty ? nil : request.paymentMethodTypes
        paymentMethod = method.paymentMethod
        paymentMethodData = method.paymentMethodData
        confirm = request.confirm ? true : nil
        returnURL = request.returnURL
        merchantOrderID = request.merchantOrderID
        description = request.description
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}

/// `POST /v1/payment_intents/{id}/confirm`.
struct WireConfirmPaymentIntent: Encodable {
    let paymentMethod: String?
    let paymentMethodData: WirePaymentMethodData?
    let returnURL: String?

    enum CodingKeys: String, CodingKey {
        case paymentMethod = "payment_method"
        case paymentMethodData = "payment_method_data"
        case returnURL = "return_url"
    }

    init(_ request: ConfirmPaymentIntentRequest) {
        let method = WirePaymentMethodFields(request.paymentMethod)
        paymentMethod = method.paymentMethod
        paymentMethodData = method.paymentMethodData
        returnURL = request.returnURL
    }
}

/// `POST /v1/payment_intents/{id}/capture`.
struct WireCapturePaymentIntent: Encodable {
    let amountToCapture: Int64?

    enum CodingKeys: String, CodingKey { case amountToCapture = "amount_to_capture" }
}

/// `POST /v1/payment_intents/{id}/cancel`; WooshPay's spec marks the reason required.
struct WireCancelPaymentIntent: Encodable {
    let cancellationReason: String

    enum CodingKeys: String, CodingKey { case cancellationReason = "cancellation_reason" }
}

/// `POST /v1/refunds`.
struct WireCreateRefund: Encodable {
    let paymentIntent: String
    let amount: Int64?
    let reason: String?
    let metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case amount, reason, metadata
        case paymentIntent = "payment_intent"
    }

    init(_ request: CreateRefundRequest) {
        paymentIntent = request.paymentIntentID
        amount = request.amount
        switch request.reason {
        case .duplicate?: reason = "duplicate"
        case .fraudulent?: reason = "fraudulent"
        case .requestedByCustomer?: reason = "requested_by_customer"
        case nil: reason = nil
        }
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}

/// A body-less POST (expire) still sends `{}` so the server sees valid JSON.
struct WireEmptyBody: Encodable {}
