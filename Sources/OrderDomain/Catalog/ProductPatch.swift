/// A partial update of a product: absent fields stay as they are; `prices`, when given,
/// replaces the whole price list.
public struct ProductPatch: Sendable, Equatable {
    /// New name.
    public var name: String?
    /// New description.
    public var description: String?
    /// New flag.
    public var active: Bool?
    /// `nil`: unchanged; `.some(nil)`: stop tracking stock; `.some(n)`: set the count.
    public var stock: Int??
    /// Replacement price list.
    public var prices: [PriceInput]?

    /// Creates a patch.
    public init(
        name: String? = nil, description: String? = nil, active: Bool? = nil,
        stock: Int?? = nil, prices: [PriceInput]? = nil
    ) {
        self.name = name
        self.description = description
        self.active = active
        self.stock = stock
        self.prices = prices
    }

    /// The patch that takes a product off sale (what `DELETE` means for products, whose
    /// SKUs stay referenced by past orders).
    public static let deactivate = ProductPatch(active: false)

    /// `product` with this patch applied, or a `DomainError` naming the first invalid field.
    public func applied(to product: Product, currencies: [Currency]) throws(DomainError) -> Product {
        var updated = product
        if let name { updated.name = try CatalogRules.name(name) }
        if let description { updated.description = try CatalogRules.description(description) }
        if let active { updated.active = active }
        if let stock { updated.stock = try CatalogRules.stock(stock) }
        if let prices {
            updated.prices = try CatalogRules.prices(prices, allowed: currencies)
                .sorted { $0.currency.code < $1.currency.code }
        }
        return updated
    }
}
