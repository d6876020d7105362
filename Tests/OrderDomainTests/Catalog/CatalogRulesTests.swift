import Testing

@testable import OrderDomain

/// The catalog's field rules, which the migration's CHECK constraints mirror.
@Suite("A product's fields are checked before they are stored") struct CatalogRulesTests {
    static let currencies = ["USD", "EUR", "JPY"].compactMap(Currency.init(code:))

    /// The code `rule` refuses `value` with, or `nil` when it accepts it.
    static func refusal<T>(_ rule: (T) throws(DomainError) -> Any, _ value: T) -> String? {
        do {
            _ = try rule(value)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(
        "a name is 1-200 code points and not blank",
        arguments: [
            ("Mug", true), (String(repeating: "é", count: 200), true), (String(repeating: "e\u{301}", count: 100), true),
            (String(repeating: "e\u{301}", count: 101), false), (String(repeating: "x", count: 201), false),
            ("", false), ("   ", false), ("\n\t", false),
        ])
    func names(_ name: String, _ accepted: Bool) {
        #expect(Self.refusal(CatalogRules.name, name) == (accepted ? nil : "invalid_name"))
    }

    @Test(
        "a description may be absent or empty, and is at most 2000 code points",
        arguments: [
            (String?.none, true), ("", true), (String(repeating: "d", count: 2000), true), (String(repeating: "d", count: 2001), false),
        ])
    func descriptions(_ description: String?, _ accepted: Bool) {
        #expect(Self.refusal(CatalogRules.description, description) == (accepted ? nil : "invalid_description"))
    }

    @Test(
        "stock is untracked, or 0 to Int32.max",
        arguments: [
            (Int?.none, true), (0, true), (Int(Int32.max), true), (-1, false), (Int(Int32.max) + 1, false),
        ])
    func stock(_ stock: Int?, _ accepted: Bool) {
        #expect(Self.refusal(CatalogRules.stock, stock) == (accepted ? nil : "invalid_stock"))
    }

    @Test(
        "a price list has one non-negative price per currency the shop sells in",
        arguments: [
            ([PriceInput(currency: "USD", unitAmount: 0)], nil),
            ([PriceInput(currency: "jpy", unitAmount: 500), PriceInput(currency: "EUR", unitAmount: 1)], nil),
            ([], "invalid_price"),
            ([PriceInput(currency: "USD", unitAmount: -1)], "invalid_price"),
            ([PriceInput(currency: "USD", unitAmount: nil)], "invalid_price"),
            ([PriceInput(currency: nil, unitAmount: 1)], "unsupported_currency"),
            ([PriceInput(currency: "GBP", unitAmount: 1)], "unsupported_currency"),
            ([PriceInput(currency: "USD", unitAmount: 1), PriceInput(currency: "usd", unitAmount: 2)], "duplicate_currency"),
        ] as [([PriceInput], String?)])
    func prices(_ inputs: [PriceInput], _ code: String?) {
        #expect(
            Self.refusal(
                { (inputs: [PriceInput]) throws(DomainError) in try CatalogRules.prices(inputs, allowed: Self.currencies) },
                inputs) == code)
    }

    @Test("a missing price list is refused like an empty one")
    func noPriceList() {
        #expect(Self.refusal({ (_: Void) throws(DomainError) in try CatalogRules.prices(nil, allowed: Self.currencies) }, ()) == "invalid_price")
    }
}
