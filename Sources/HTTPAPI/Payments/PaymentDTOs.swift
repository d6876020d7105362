import OrderDomain

/// `POST /v1/orders/{id}/payments` body.
struct StartPaymentBody: Decodable {
    var mode: String
    var payment_method: String?
    var payment_method_data: StartPaymentMethodData?
    /// `{"<type>": {"<name>": "<text>"}}`, as WooshPay's `payment_method_options`.
    var payment_method_options: [String: [String: String]]?
    var capture_method: String?
    var payment_method_types: [String]?

    /// The domain request; shape errors are 400 with the offending field.
    func request() throws(DomainError) -> StartPaymentRequest {
        guard let mode = PaymentMode(rawValue: mode) else {
            throw DomainError(code: .invalidMode, message: "mode must be checkout, sdk or direct.", param: "mode")
        }
        var capture: CaptureMethod?
        if let raw = capture_method {
            guard let c = CaptureMethod(rawValue: raw) else {
                throw DomainError(
                    code: .invalidCaptureMethod,
                    message: "capture_method must be automatic or manual.", param: "capture_method")
            }
            capture = c
        }
        return StartPaymentRequest(
            mode: mode, paymentMethod: try method(), captureMethod: capture,
            paymentMethodTypes: payment_method_types)
    }

    private func method() throws(DomainError) -> GatewayPaymentMethodInput? {
        switch (payment_method, payment_method_data) {
        case (nil, nil):
            guard payment_method_options == nil else { throw Self.optionsWithoutMethod }
            return nil
        case (let id?, nil):
            guard payment_method_options == nil else { throw Self.optionsWithoutMethod }
            return .existing(id: id)
        case (nil, let data?):
            if data.type == "card" {
                guard let card = data.card else {
                    throw DomainError(
                        code: .missingParameter, message: "Card payments need payment_method_data.card.",
                        param: "payment_method_data.card")
                }
                return .card(GatewayCard(number: card.number, expMonth: card.exp_month, expYear: card.exp_year, cvc: card.cvc, name: card.name))
            }
            guard PaymentRules.isPaymentMethodType(data.type), data.card == nil else {
                throw DomainError(
                    code: .invalidPaymentMethod,
                    message: "payment_method_data.type must be a WooshPay payment method type such as alipay.",
                    param: "payment_method_data.type")
            }
            return .redirectMethod(type: data.type, details: try data.details(options: payment_method_options))
        case (_?, _?):
            throw DomainError(
                code: .invalidPaymentMethod,
                message: "Send payment_method or payment_method_data, not both.", param: "payment_method")
        }
    }

    private static let optionsWithoutMethod = DomainError(
        code: .invalidParameter, message: "payment_method_options go with payment_method_data.", param: "payment_method_options")
}

/// A payment attempt on the wire. The client secret appears only in the SDK flow's
/// responses (it is never stored).
struct PaymentResponse: Encodable {
    /// WooshPay's action as it sent it: any type passes through, with its URL, payment
    /// code and other text fields.
    struct NextAction: Encodable {
        var type: String
        var redirect_url: String?
        var qr_code: String?
        var details: [String: String]
    }
    var id: String
    var object = "payment"
    var order_id: String
    var mode: String
    var status: String
    var amount: Int64
    var currency: String
    var capture_method: String
    var payment_intent: String?
    var checkout_session: String?
    var redirect_url: String?
    var client_secret: String?
    var publishable_key: String?
    var next_action: NextAction?
    var last_error: String?
    var reused: Bool

    init(_ result: PaymentStartResult) {
        let a = result.attempt
        id = a.id
        order_id = a.orderID
        mode = a.mode.rawValue
        status = a.status.rawValue
        amount = a.amount.amount
        currency = a.amount.currency.code
        capture_method = a.captureMethod.rawValue
        payment_intent = a.paymentIntentID
        checkout_session = a.checkoutSessionID
        redirect_url = a.mode == .checkout && a.status.isOpen ? a.checkoutURL : nil
        if a.mode == .sdk {
            client_secret = result.clientSecret
            publishable_key = result.publishableKey
        }
        next_action = a.nextAction.map { NextAction(type: $0.type, redirect_url: $0.redirectURL, qr_code: $0.qrCode, details: $0.details) }
        last_error = DeclineMasking.storefrontCode(a.lastErrorCode)
        reused = !result.created
    }
}
