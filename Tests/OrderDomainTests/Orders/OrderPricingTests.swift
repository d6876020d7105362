import OrderDomain
import Testing

@Suite("Order pricing and validation (pure)")
struct OrderPricingTests {
    let usd = Currency(code: "usd")!
    let catalog: [String: CatalogEntry] = [
        "TEE": CatalogEntry(sku: "TEE", name: "T-shirt", active: true, stock: 5, unitAmount: 1250),
        "MUG": CatalogEntry(sku: "MUG", name: "Mug", active: true, stock: nil, unitAmount: 800),
        "OLD": CatalogEntry(sku: "OLD", name: "Retired", active: false, stock: nil, unitAmount: 100),
        "EUR-ONLY": CatalogEntry(sku: "EUR-ONLY", name: "Euro thing", active: true, stock: nil, unitAmount: nil),
        "HUGE": CatalogEntry(sku: "HUGE", name: "Huge", active: true, stock: nil, unitAmount: Int64.max / 2),
    ]

    @Test func pricesFromTheCatalog() throws {
        let (lines, total) = try OrderPricing.price(
            [.init(sku: "TEE", quantity: 2), .init(sku: "MUG", quantity: 3)], currency: usd, catalog: catalog)
        #expect(lines.map(\.amount) == [2500, 2400])
        #expect(lines.map(\.stockTracked) == [true, false])
        #expect(total == Money(amount: 4900, currency: usd))
    }

    @Test(arguments: [
        ("NOPE", 1, "unknown_sku"), ("OLD", 1, "product_inactive"), ("EUR-ONLY", 1, "price_unavailable"),
        ("TEE", 6, "out_of_stock"), ("HUGE", 3, "amount_too_large"),
    ])
    func refusals(sku: String, quantity: Int, code: String) {
        do {
            _ = try OrderPricing.price([.init(sku: sku, quantity: quantity)], currency: usd, catalog: catalog)
            Issue.record("\(sku) x\(quantity) was accepted")
        } catch {
            #expect(error.code == code)
        }
    }

    @Test func commandValidation() {
        func code(_ c: PlaceOrderCommand) -> String? {
            do {
                _ = try c.validated(accepting: [usd])
                return nil
            } catch { return error.code }
        }
        let ok = PlaceOrderCommand(currency: "USD", items: [.init(sku: "TEE", quantity: 1)], customerEmail: "a@b.co")
        #expect(code(ok) == nil)
        var c = ok
        c.currency = "EUR"
        #expect(code(c) == "unsupported_currency")
        c = ok
        c.currency = "dollars"
        #expect(code(c) == "unsupported_currency")
        c = ok
        c.items = []
        #expect(code(c) == "invalid_items")
        c = ok
        c.items = [.init(sku: "TEE", quantity: 0)]
        #expect(code(c) == "invalid_quantity")
        c = ok
        c.items = [.init(sku: "TEE", quantity: 1001)]
        #expect(code(c) == "invalid_quantity")
        c = ok
        c.items = [.init(sku: "TEE", quantity: 1), .init(sku: "TEE", quantity: 1)]
        #expect(code(c) == "duplicate_sku")
        c = ok
        c.customerEmail = "not-an-email"
        #expect(code(c) == "invalid_email")
        c = ok
        c.metadata = ["": "x"]
        #expect(code(c) == "invalid_metadata")
    }
}
