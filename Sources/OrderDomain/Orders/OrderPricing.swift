/// A catalog row as order pricing needs it, read under a row lock in the order's transaction.
public struct CatalogEntry: Sendable, Equatable {
    /// SKU.
    public var sku: String
    /// Product name (snapshotted onto the line).
    public var name: String
    /// Whether the product is on sale.
    public var active: Bool
    /// Units left, `nil` when not tracked.
    public var stock: Int?
    /// Price in the order's currency, `nil` when the product has none in it.
    public var unitAmount: Int64?

    /// Creates an entry.
    public init(sku: String, name: String, active: Bool, stock: Int?, unitAmount: Int64?) {
        self.sku = sku
        self.name = name
        self.active = active
        self.stock = stock
        self.unitAmount = unitAmount
    }
}

/// A priced order line: the price snapshot stored with the order.
public struct PricedLine: Sendable, Equatable {
    /// SKU.
    public var sku: String
    /// Name at the time of ordering.
    public var name: String
    /// Unit price in minor units.
    public var unitAmount: Int64
    /// Units.
    public var quantity: Int
    /// `unitAmount * quantity`.
    public var amount: Int64
    /// Whether stock is tracked (and so reserved) for this line.
    public var stockTracked: Bool

    /// Creates a line.
    public init(sku: String, name: String, unitAmount: Int64, quantity: Int, amount: Int64, stockTracked: Bool) {
        self.sku = sku
        self.name = name
        self.unitAmount = unitAmount
        self.quantity = quantity
        self.amount = amount
        self.stockTracked = stockTracked
    }
}

/// Prices an order from catalog entries: pure, so every rule is testable without I/O.
public enum OrderPricing {
    /// The priced lines and the total, or the first refusal.
    public static func price(
        _ items: [PlaceOrderCommand.Item], currency: Currency, catalog: [String: CatalogEntry]
    ) throws(DomainError) -> (lines: [PricedLine], total: Money) {
        var lines = [PricedLine]()
        var total = Money(amount: 0, currency: currency)
        for (i, item) in items.enumerated() {
            let param = "items[\(i)].sku"
            guard let entry = catalog[item.sku] else {
                throw DomainError(code: .unknownSku, message: "No product has SKU \(item.sku).", param: param)
            }
            guard entry.active else {
                throw DomainError(code: .productInactive, message: "\(item.sku) is not on sale.", param: param)
            }
            guard let unit = entry.unitAmount else {
                throw DomainError(
                    code: .priceUnavailable,
                    message: "\(item.sku) has no price in \(currency.code).", param: param)
            }
            if let stock = entry.stock, stock < item.quantity {
                throw DomainError.outOfStock(sku: item.sku, param: "items[\(i)].quantity")
            }
            do {
                let amount = try Money(amount: unit, currency: currency).multiplied(by: Int64(item.quantity))
                total = try total.adding(amount)
                lines.append(
                    PricedLine(
                        sku: item.sku, name: entry.name, unitAmount: unit, quantity: item.quantity,
                        amount: amount.amount, stockTracked: entry.stock != nil))
            } catch {
                throw DomainError(code: .amountTooLarge, message: "The order total is too large.", param: "items")
            }
        }
        // WooshPay cannot charge nothing, so an order of free products could never be paid.
        guard total.amount > 0 else {
            throw DomainError(
                code: .orderTotalZero,
                message: "The order totals zero; add a product that has a price.", param: "items")
        }
        return (lines, total)
    }
}
