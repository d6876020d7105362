/// A product as a caller asked to create it, before validation. Every field may be missing
/// or wrong; `validated(currencies:)` turns it into a `Product` or the first refusal.
public struct ProductDraft: Sendable, Equatable {
    /// Requested SKU.
    public var sku: String?
    /// Requested name.
    public var name: String?
    /// Requested description (absent = empty).
    public var description: String?
    /// Requested flag (absent = active).
    public var active: Bool?
    /// Requested stock (absent = not tracked).
    public var stock: Int?
    /// Requested prices.
    public var prices: [PriceInput]?

    /// Creates a draft.
    public init(
        sku: String?, name: String?, description: String? = nil, active: Bool? = nil,
        stock: Int? = nil, prices: [PriceInput]?
    ) {
        self.sku = sku
        self.name = name
        self.description = description
        self.active = active
        self.stock = stock
        self.prices = prices
    }

    /// The product, or a `DomainError` naming the first invalid field.
    public func validated(currencies: [Currency]) throws(DomainError) -> Product {
        Product(
            sku: try CatalogRules.sku(sku),
            name: try CatalogRules.name(name),
            description: try CatalogRules.description(description),
            active: active ?? true,
            stock: try CatalogRules.stock(stock),
            prices: try CatalogRules.prices(prices, allowed: currencies))
    }
}
