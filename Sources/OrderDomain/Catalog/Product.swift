/// A product of the catalog, valid by construction when it comes from `ProductDraft` or
/// `ProductPatch` (the store trusts rows it wrote itself).
public struct Product: Sendable, Equatable {
    /// Stable identifier chosen by the merchant, 1-64 of `[A-Za-z0-9._-]`.
    public var sku: String
    /// Display name, 1-200 characters.
    public var name: String
    /// Free text, at most 2000 characters (may be empty).
    public var description: String
    /// Whether the product is on sale (inactive products are hidden from the storefront).
    public var active: Bool
    /// Units left; `nil` when stock is not tracked (always available).
    public var stock: Int?
    /// At most one price per currency, ordered by currency code.
    public var prices: [Money]

    /// Creates a product from already-validated values.
    public init(sku: String, name: String, description: String, active: Bool, stock: Int?, prices: [Money]) {
        self.sku = sku
        self.name = name
        self.description = description
        self.active = active
        self.stock = stock
        self.prices = prices.sorted { $0.currency.code < $1.currency.code }
    }

    /// Whether a customer can buy at least one unit now (untracked stock is always available).
    public var inStock: Bool { stock.map { $0 > 0 } ?? true }

    /// The price in `currency`, if the product has one.
    public func price(in currency: Currency) -> Money? {
        prices.first { $0.currency == currency }
    }
}

/// One price as received from a caller, before validation: either field may be missing.
public struct PriceInput: Sendable, Equatable {
    /// ISO code as sent (any case).
    public var currency: String?
    /// Minor units as sent.
    public var unitAmount: Int64?

    /// Creates an input.
    public init(currency: String?, unitAmount: Int64?) {
        self.currency = currency
        self.unitAmount = unitAmount
    }
}
