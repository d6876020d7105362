/// An ISO-4217 currency with its minor-unit exponent (0, 2 or 3 decimals).
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Upper-case ISO code, e.g. `USD`.
    public let code: String
    /// Digits after the decimal point: amounts are counted in 10^-exponent units.
    public let exponent: Int

    /// The currency for `code` (any case), or `nil` when the code is not ISO-4217 shaped.
    /// Unknown but well-formed codes get 2 decimals, as ISO does for most currencies.
    public init?(code: String) {
        // ASCII letters only, checked before upper-casing: Unicode case mapping would turn
        // `uſd` into `USD`.
        guard code.utf8.count == 3, code.utf8.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
        else { return nil }
        let upper = code.uppercased()
        self.code = upper
        self.exponent = Currency.zeroDecimal.contains(upper) ? 0 : Currency.threeDecimal.contains(upper) ? 3 : 2
    }

    /// The code.
    public var description: String { code }

    // Stripe's lists, which WooshPay's examples agree with (UGX, RWF, XAF are 0 on its
    // mobile-money page).
    static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX",
        "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    static let threeDecimal: Set<String> = ["BHD", "JOD", "KWD", "OMR", "TND"]
}

/// An amount of money: an integer count of minor units and its currency. Never a Double.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Minor units (cents, yen, fils...).
    public let amount: Int64
    /// The currency.
    public let currency: Currency

    /// Creates an amount.
    public init(amount: Int64, currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    /// Human form with the currency's decimals, e.g. `USD 12.50`, `JPY 500`, `KWD 1.250`.
    public var description: String {
        guard currency.exponent > 0 else { return "\(currency.code) \(amount)" }
        var divisor: Int64 = 1
        for _ in 0..<currency.exponent { divisor *= 10 }
        let sign = amount < 0 ? "-" : ""
        let magnitude = amount.magnitude
        let fraction = String(magnitude % UInt64(divisor))
        let padded = String(repeating: "0", count: currency.exponent - fraction.count) + fraction
        return "\(currency.code) \(sign)\(magnitude / UInt64(divisor)).\(padded)"
    }

    /// `self + other`; throws on a currency mismatch or Int64 overflow.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        guard other.currency == currency else { throw .currencyMismatch }
        let (sum, overflow) = amount.addingReportingOverflow(other.amount)
        guard !overflow else { throw .overflow }
        return Money(amount: sum, currency: currency)
    }

    /// `self * quantity`; throws on Int64 overflow.
    public func multiplied(by quantity: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = amount.multipliedReportingOverflow(by: quantity)
        guard !overflow else { throw .overflow }
        return Money(amount: product, currency: currency)
    }
}

/// Why money arithmetic was refused.
public enum MoneyError: Error, Sendable, Equatable {
    /// The result does not fit in Int64 minor units.
    case overflow
    /// The operands are in different currencies.
    case currencyMismatch
}
