import OrderDomain

// Request bodies, encoded as JSON with sorted keys: a retry must send byte-identical
// parameters or WooshPay may call the reused idempotency key a conflict.

/// `POST /v1/checkout/sessions`.
struct WireCreateCheckoutSession: Encodable {
    struct LineItem: Encodable {
        struct PriceData: Encodable {
            struct ProductData: Encodable {
                let name: String
                let description: String?
            }
            let currency: String
            let unitAmount: Int64
            let productData: ProductData

            enum CodingKeys: String, CodingKey {
                case currency
                case unitAmount = "unit_amount"
                case productData = "product_data"
            }
        }
        let quantity: Int
        let priceData: PriceData

        enum CodingKeys: String, CodingKey {
            case quantity
            case priceData = "price_data"
        }
    }

    let mode = "payment"
    let successURL: String
    let cancelURL: String
    let lineItems: [LineItem]
    let paymentMethodTypes: [String]?
    let clientReferenceID: String?
    let customerEmail: String?
    let metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case mode, metadata
        case successURL = "success_url"
        case cancelURL = "cancel_url"
        case lineItems = "line_items"
        case paymentMethodTypes = "payment_method_types"
        case clientReferenceID = "client_reference_id"
        case customerEmail = "customer_email"
    }

    init(_ request: CreateCheckoutSessionRequest) {
        let currency = request.currency.uppercased()
        successURL = request.successURL
        cancelURL = request.cancelURL
        lineItems = request.lineItems.map { item in
            LineItem(quantity: item.quantity, priceData: .init(
                currency: currency, unitAmount: item.unitAmount,
                productData: .init(name: item.name, description: item.description)))
        }
        paymentMethodTypes = request.paymentMethodTypes.isEmpty ? nil : request.paymentMethodTypes
        clientReferenceID = request.merchantReference
        customerEmail = request.customerEmail
        metadata = request.metadata.isEmpty ? nil : request.metadata
    }
}

/// `payment_method_data` for redirect methods such as Alipay.
struct WirePaymentMethodData: Encodable {
    let type: String
}

/// The payment-method fields shared by create and confirm.
struct WirePaymentMethodFields {
    let paymentMethod: String?
    let paymentMethodData: WirePaymentMethodData?

    init(_ input: GatewayPaymentMethodInput?) {
        switch input {
        case .existing(let id)?:
            paymentMethod = id
            paymentMethodData = nil
        case .redirectMethod(let type)?:
            paymentMethod = nil
            paymentMethodData = WirePaymentMethodData(type: type)
        case nil:
            paymentMethod = nil
            paymentMethodData = nil
        }
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
