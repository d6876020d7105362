import OrderDomain
import Testing

@Suite("Catalog domain rules")
struct CatalogDomainTests {
    static let currencies = ["USD", "EUR", "JPY"].compactMap(Currency.init(code:))

    @Test("SKU rule: 1-64 of [A-Za-z0-9._-]")
    func skuRule() {
        for good in ["A", "tshirt-BLK_m.2", String(repeating: "z", count: 64)] {
            #expect(CatalogRules.isValidSKU(good), "\(good)")
        }
        for bad in ["", " ", "a b", "a/b", "é", "a\n", String(repeating: "z", count: 65), "a%20"] {
            #expect(!CatalogRules.isValidSKU(bad), "\(bad)")
        }
    }

    @Test("a draft gets defaults: active, empty description, untracked stock; prices sorted")
    func draftDefaults() throws {
        let product = try ProductDraft(
            sku: "A", name: "x",
            prices: [
                PriceInput(currency: "usd", unitAmount: 1), PriceInput(currency: "EUR", unitAmount: 0),
            ]
        ).validated(currencies: Self.currencies)
        #expect(product.active)
        #expect(product.description == "")
        #expect(product.stock == nil)
        #expect(product.inStock)
        #expect(product.prices.map(\.currency.code) == ["EUR", "USD"])
        #expect(product.price(in: try #require(Currency(code: "USD")))?.amount == 1)
        #expect(product.price(in: try #require(Currency(code: "JPY"))) == nil)
    }

    @Test("a patch changes only what it names; stock .some(nil) stops tracking")
    func patchSemantics() throws {
        let usd = try #require(Currency(code: "USD"))
        let product = Product(sku: "A", name: "x", description: "d", active: true, stock: 4, prices: [Money(amount: 1, currency: usd)])
        #expect(try ProductPatch().applied(to: product, currencies: Self.currencies) == product)
        let untracked = try ProductPatch(stock: .some(nil)).applied(to: product, currencies: Self.currencies)
        #expect(untracked.stock == nil)
        #expect(untracked.name == "x")
        let soldOut = try ProductPatch(stock: 0).applied(to: product, currencies: Self.currencies)
        #expect(!soldOut.inStock)
        #expect(try ProductPatch.deactivate.applied(to: product, currencies: Self.currencies).active == false)
        #expect(throws: DomainError.self) { try ProductPatch(stock: -1).applied(to: product, currencies: Self.currencies) }
    }

    @Test("price errors name the offending entry")
    func priceParams() {
        do {
            _ = try CatalogRules.prices(
                [PriceInput(currency: "USD", unitAmount: 1), PriceInput(currency: "GBP", unitAmount: 1)],
                allowed: Self.currencies)
            Issue.record("GBP accepted")
        } catch {
            #expect(error.code == "unsupported_currency")
            #expect(error.param == "prices[1].currency")
        }
    }
}
