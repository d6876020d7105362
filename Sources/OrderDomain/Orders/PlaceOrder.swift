/// What the storefront sends to create an order: SKUs and quantities, never prices.
public struct PlaceOrderCommand: Sendable, Equatable {
    /// One requested line.
    public struct Item: Sendable, Equatable {
        /// Catalog SKU.
        public var sku: String
        /// Units wanted.
        public var quantity: Int
        /// Creates a line.
        public init(sku: String, quantity: Int) {
            self.sku = sku
            self.quantity = quantity
        }
    }

    /// ISO currency code as sent.
    public var currency: String
    /// Requested lines.
    public var items: [Item]
    /// Customer e-mail.
    public var customerEmail: String
    /// Customer name.
    public var customerName: String?
    /// Free-form merchant metadata.
    public var metadata: [String: String]

    /// Creates a command.
    public init(currency: String, items: [Item], customerEmail: String, customerName: String? = nil, metadata: [String: String] = [:]) {
        self.currency = currency
        self.items = items
        self.customerEmail = customerEmail
        self.customerName = customerName
        self.metadata = metadata
    }

    /// Limits on what an order may contain. Text lengths count Unicode code points, as
    /// JSON Schema's `maxLength` in the OpenAPI document does.
    public enum Limits {
        /// Most lines in one order.
        public static let maxItems = 50
        /// Most units of one line.
        public static let maxQuantity = 1000
        /// Most metadata keys; key and value lengths.
        public static let maxMetadataKeys = 20, maxMetadataKeyLength = 40, maxMetadataValueLength = 500
    }

    /// Checks the shape of the command, before anything is read or written.
    public func validated(accepting currencies: [Currency]) throws(DomainError) -> Currency {
        guard let currency = Currency(code: currency), currencies.contains(currency) else {
            throw DomainError(
                code: .unsupportedCurrency,
                message: "The currency is not one this shop sells in.", param: "currency")
        }
        guard !items.isEmpty, items.count <= Limits.maxItems else {
            throw DomainError(
                code: .invalidItems,
                message: "An order needs 1 to \(Limits.maxItems) items.", param: "items")
        }
        var seen = Set<String>()
        for (i, item) in items.enumerated() {
            guard (1...Limits.maxQuantity).contains(item.quantity) else {
                throw DomainError(
                    code: .invalidQuantity,
                    message: "Quantity must be 1 to \(Limits.maxQuantity).", param: "items[\(i)].quantity")
            }
            guard !item.sku.isEmpty, item.sku.unicodeScalars.count <= 64 else {
                throw DomainError(code: .invalidSku, message: "SKU is empty or too long.", param: "items[\(i)].sku")
            }
            guard seen.insert(item.sku).inserted else {
                throw DomainError(
                    code: .duplicateSku,
                    message: "Each SKU may appear once; use its quantity.", param: "items[\(i)].sku")
            }
        }
        guard Email.isPlausible(customerEmail) else {
            throw DomainError(code: .invalidEmail, message: "The customer e-mail is not valid.", param: "customer.email")
        }
        if let name = customerName, name.unicodeScalars.count > 200 {
            throw DomainError(code: .invalidName, message: "The customer name is too long.", param: "customer.name")
        }
        guard metadata.count <= Limits.maxMetadataKeys,
            metadata.allSatisfy({
                $0.key.unicodeScalars.count <= Limits.maxMetadataKeyLength && !$0.key.isEmpty
                    && $0.value.unicodeScalars.count <= Limits.maxMetadataValueLength
            })
        else {
            throw DomainError(
                code: .invalidMetadata,
                message:
                    "Metadata allows \(Limits.maxMetadataKeys) keys of up to \(Limits.maxMetadataKeyLength) characters and values of up to \(Limits.maxMetadataValueLength).",
                param: "metadata")
        }
        return currency
    }
}

/// A deliberately loose e-mail check: one `@`, something on each side, a dot in the
/// domain, no spaces, at most 254 characters. Deliverability is not ours to judge.
enum Email {
    /// Works on code points, as the OpenAPI document's pattern does (characters would let a
    /// combining mark hide a dot or a space).
    static func isPlausible(_ s: String) -> Bool {
        let scalars = s.unicodeScalars
        guard scalars.count <= 254, !scalars.contains(where: { $0.properties.isWhitespace }) else { return false }
        let parts = scalars.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, domain.contains("."), domain.first != ".", domain.last != "."
        else { return false }
        return true
    }
}
