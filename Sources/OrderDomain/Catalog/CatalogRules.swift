/// The catalog's validation rules, shared by creation and partial updates. The migration's
/// CHECK constraints mirror them, so a row that bypasses this code is refused too.
public enum CatalogRules {
    /// Longest SKU.
    public static let maxSKULength = 64
    /// Longest name.
    public static let maxNameLength = 200
    /// Longest description.
    public static let maxDescriptionLength = 2000

    /// Whether `sku` is 1-64 characters of `[A-Za-z0-9._-]`.
    public static func isValidSKU(_ sku: String) -> Bool {
        let bytes = Array(sku.utf8)
        guard (1...maxSKULength).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
    }

    /// The SKU, or `invalid_sku`.
    public static func sku(_ value: String?) throws(DomainError) -> String {
        guard let value, isValidSKU(value) else {
            throw DomainError(
                code: .invalidSku,
                message: "sku must be 1-64 characters of letters, digits, '.', '_' or '-'.", param: "sku")
        }
        return value
    }

    /// The name, or `invalid_name`. Lengths count Unicode scalars, as PostgreSQL's
    /// `char_length` does, so the CHECK constraint agrees with this rule.
    public static func name(_ value: String?) throws(DomainError) -> String {
        guard let value, !value.allSatisfy(\.isWhitespace),
            value.unicodeScalars.count <= maxNameLength
        else {
            throw DomainError(
                code: .invalidName,
                message: "name must be 1-200 characters and not blank.", param: "name")
        }
        return value
    }

    /// The description (empty when absent), or `invalid_description`.
    public static func description(_ value: String?) throws(DomainError) -> String {
        let value = value ?? ""
        guard value.unicodeScalars.count <= maxDescriptionLength else {
            throw DomainError(
                code: .invalidDescription,
                message: "description must be at most 2000 characters.", param: "description")
        }
        return value
    }

    /// The stock count (`nil` = not tracked), or `invalid_stock` when negative.
    public static func stock(_ value: Int?) throws(DomainError) -> Int? {
        if let value, value < 0 || value > Int(Int32.max) {
            throw DomainError(
                code: .invalidStock,
                message: "stock must be null (not tracked) or a whole number from 0 to 2147483647.", param: "stock")
        }
        return value
    }

    /// The price list: at least one price, one per currency, each a non-negative amount
    /// in a currency the shop sells in.
    public static func prices(_ inputs: [PriceInput]?, allowed: [Currency]) throws(DomainError) -> [Money] {
        guard let inputs, !inputs.isEmpty else {
            throw DomainError(
                code: .invalidPrice,
                message: "prices must list at least one price.", param: "prices")
        }
        var seen = Set<Currency>()
        var prices = [Money]()
        for (i, input) in inputs.enumerated() {
            guard let code = input.currency, let currency = Currency(code: code), allowed.contains(currency) else {
                let list = allowed.map(\.code).joined(separator: ", ")
                throw DomainError(
                    code: .unsupportedCurrency,
                    message: "currency must be one of \(list).", param: "prices[\(i)].currency")
            }
            guard seen.insert(currency).inserted else {
                throw DomainError(
                    code: .duplicateCurrency,
                    message: "prices lists \(currency.code) more than once.", param: "prices[\(i)].currency")
            }
            guard let amount = input.unitAmount, amount >= 0 else {
                throw DomainError(
                    code: .invalidPrice,
                    message: "unit_amount must be a whole number of minor units, 0 or more.",
                    param: "prices[\(i)].unit_amount")
            }
            prices.append(Money(amount: amount, currency: currency))
        }
        return prices
    }
}
