import OrderDomain

/// `POST /v1/orders` body. Carries SKUs and quantities only: prices come from the catalog.
struct CreateOrderBody: Decodable {
    struct Item: Decodable {
        var sku: String
        var quantity: Int
    }
    struct Customer: Decodable {
        var email: String
        var name: String?
    }
    var currency: String
    var items: [Item]
    var customer: Customer
    var metadata: [String: String]?

    var command: PlaceOrderCommand {
        PlaceOrderCommand(
            currency: currency, items: items.map { .init(sku: $0.sku, quantity: $0.quantity) },
            customerEmail: customer.email, customerName: customer.name, metadata: metadata ?? [:])
    }
}

/// An order on the wire.
struct OrderResponse: Encodable {
    struct Item: Encodable {
        var sku: String
        var name: String
        var unit_amount: Int64
        var quantity: Int
        var amount: Int64
    }
    struct Customer: Encodable {
        var email: String
        var name: String?
    }
    var id: String
    var object = "order"
    var status: String
    var currency: String
    var items: [Item]
    var total_amount: Int64
    var amount_refunded: Int64
    var customer: Customer
    var metadata: [String: String]
    var created: Int64
    var expires_at: Int64
    /// Present only in the creation response.
    var client_token: String?

    init(_ order: Order, clientToken: String? = nil) {
        id = order.id
        status = order.status.rawValue
        currency = order.currency.code
        items = order.lines.map { Item(sku: $0.sku, name: $0.name, unit_amount: $0.unitAmount, quantity: $0.quantity, amount: $0.amount) }
        total_amount = order.total.amount
        amount_refunded = order.refunded.amount
        customer = Customer(email: order.customerEmail, name: order.customerName)
        metadata = order.metadata
        created = order.createdAt
        expires_at = order.expiresAt
        client_token = clientToken
    }
}
