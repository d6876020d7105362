import OrderDomain

/// A price in a response.
struct PriceResponse: Encodable, Sendable {
    var currency: String
    var unitAmount: Int64

    enum CodingKeys: String, CodingKey {
        case currency
        case unitAmount = "unit_amount"
    }

    init(_ money: Money) {
        currency = money.currency.code
        unitAmount = money.amount
    }
}

/// A product as the storefront sees it: on sale, with availability but not the count
/// (stock levels are business information).
struct PublicProductResponse: Encodable, Sendable {
    var sku: String
    var name: String
    var description: String
    var prices: [PriceResponse]
    var inStock: Bool

    enum CodingKeys: String, CodingKey {
        case sku, name, description, prices
        case inStock = "in_stock"
    }

    init(_ product: Product) {
        sku = product.sku
        name = product.name
        description = product.description
        prices = product.prices.map(PriceResponse.init)
        inStock = product.inStock
    }
}

/// A product as the merchant's back office sees it, with `"stock": null` when not tracked.
struct AdminProductResponse: Encodable, Sendable {
    var sku: String
    var name: String
    var description: String
    var active: Bool
    var stock: Int?
    var inStock: Bool
    var prices: [PriceResponse]

    enum CodingKeys: String, CodingKey {
        case sku, name, description, active, stock, prices
        case inStock = "in_stock"
    }

    init(_ product: Product) {
        sku = product.sku
        name = product.name
        description = product.description
        active = product.active
        stock = product.stock
        inStock = product.inStock
        prices = product.prices.map(PriceResponse.init)
    }

    /// Encodes every field, `stock` included when `nil`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sku, forKey: .sku)
        try container.encode(name, forKey: .name)
        try container.encode(description, forKey: .description)
        try container.encode(active, forKey: .active)
        // Explicit null: "not tracked" is information, unlike a missing field.
        try container.encode(stock, forKey: .stock)
        try container.encode(inStock, forKey: .inStock)
        try container.encode(prices, forKey: .prices)
    }
}

/// A list response: `{"data":[...]}`.
struct ProductListResponse<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items, ordered by SKU.
    var data: [Item]
}
