import OrderDomain
import Testing

@Suite("Money and currencies")
struct MoneyTests {
    @Test(
        "exponents: 0 for JPY/KRW/UGX, 3 for BHD/KWD, 2 for USD and unknown codes",
        arguments: [
            ("JPY", 0), ("KRW", 0), ("UGX", 0), ("BHD", 3), ("KWD", 3), ("USD", 2), ("EUR", 2), ("XYZ", 2),
        ])
    func exponents(code: String, exponent: Int) throws {
        let currency = try #require(Currency(code: code))
        #expect(currency.exponent == exponent)
    }

    @Test("codes are upper-cased; malformed codes are refused")
    func codes() {
        #expect(Currency(code: "usd")?.code == "USD")
        #expect(Currency(code: "jpy")?.exponent == 0)
        for bad in ["", "US", "USDX", "U1D", "U D", "ÜSD"] {
            #expect(Currency(code: bad) == nil, "\(bad)")
        }
    }

    @Test("descriptions use the currency's decimals")
    func descriptions() throws {
        let usd = try #require(Currency(code: "USD"))
        let jpy = try #require(Currency(code: "JPY"))
        let kwd = try #require(Currency(code: "KWD"))
        #expect(Money(amount: 1250, currency: usd).description == "USD 12.50")
        #expect(Money(amount: 5, currency: usd).description == "USD 0.05")
        #expect(Money(amount: -5, currency: usd).description == "USD -0.05")
        #expect(Money(amount: 500, currency: jpy).description == "JPY 500")
        #expect(Money(amount: 1250, currency: kwd).description == "KWD 1.250")
        #expect(Money(amount: .min, currency: usd).description == "USD -92233720368547758.08")
    }

    @Test("addition and multiplication refuse overflow and mixed currencies")
    func arithmetic() throws {
        let usd = try #require(Currency(code: "USD"))
        let eur = try #require(Currency(code: "EUR"))
        let big = Money(amount: .max, currency: usd)
        #expect(try Money(amount: 2, currency: usd).adding(Money(amount: 3, currency: usd)).amount == 5)
        #expect(try Money(amount: 1250, currency: usd).multiplied(by: 3).amount == 3750)
        #expect(throws: MoneyError.overflow) { try big.adding(Money(amount: 1, currency: usd)) }
        #expect(throws: MoneyError.overflow) { try Money(amount: .min, currency: usd).adding(Money(amount: -1, currency: usd)) }
        #expect(throws: MoneyError.overflow) { try big.multiplied(by: 2) }
        #expect(throws: MoneyError.overflow) { try Money(amount: Int64.max / 2 + 1, currency: usd).multiplied(by: 2) }
        #expect(throws: MoneyError.overflow) { try Money(amount: .min, currency: usd).multiplied(by: -1) }
        #expect(throws: MoneyError.currencyMismatch) { try Money(amount: 1, currency: usd).adding(Money(amount: 1, currency: eur)) }
        #expect(try big.multiplied(by: 1) == big)
    }
}
