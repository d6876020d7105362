/// When the gateway takes the money for an authorised payment.
public enum GatewayCaptureMethod: Sendable, Hashable {
    /// Captured as soon as it is authorised.
    case automatic
    /// Authorised only; we capture (or cancel) later.
    case manual
    /// A capture method this code does not know, as the gateway spelled it.
    case unknown(String)
}

/// How the customer pays in the direct flow.
public enum GatewayPaymentMethodInput: Sendable, Hashable {
    /// A payment method the gateway already holds (`pm_...`), e.g. tokenised by its SDK.
    case existing(id: String)
    /// A non-card method by its type (`alipay`, `pix`) with what the method needs (billing
    /// details, options; see `PaymentMethodCatalog`); the gateway completes it through a
    /// redirect to its own page.
    case redirectMethod(type: String, details: PaymentMethodDetails = PaymentMethodDetails())
    /// Raw card details: only when the deployment sets `ALLOW_RAW_CARD_DATA` (full PCI
    /// scope). Passed straight to the gateway; never stored or logged.
    case card(GatewayCard)
}

/// Raw card details. Every textual rendering (`description`, `debugDescription`, `dump`)
/// shows only the last four digits, so a stray log line cannot leak the number or CVC.
public struct GatewayCard: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The card number, digits only.
    public var number: String
    /// 1-12.
    public var expMonth: Int
    /// Four digits.
    public var expYear: Int
    /// Card verification code.
    public var cvc: String
    /// Cardholder name.
    public var name: String?

    /// Creates card details.
    public init(number: String, expMonth: Int, expYear: Int, cvc: String, name: String? = nil) {
        self.number = number
        self.expMonth = expMonth
        self.expYear = expYear
        self.cvc = cvc
        self.name = name
    }

    /// The last four digits.
    public var last4: String { String(number.suffix(4)) }
    /// `card ****1111`.
    public var description: String { "card ****\(last4)" }
    /// Same as `description`.
    public var debugDescription: String { description }
    /// Hides every field from `dump` and mirrors.
    public var customMirror: Mirror { Mirror(self, children: ["last4": last4]) }
}

/// One line of a hosted checkout page, priced by our catalog.
public struct GatewayLineItem: Sendable, Hashable {
    /// Product name shown to the customer.
    public var name: String
    /// Optional longer text shown under the name.
    public var description: String?
    /// Price of one unit in minor units of the session currency.
    public var unitAmount: Int64
    /// Number of units (at least 1).
    public var quantity: Int

    /// Creates a line item.
    public init(name: String, description: String? = nil, unitAmount: Int64, quantity: Int) {
        self.name = name
        self.description = description
        self.unitAmount = unitAmount
        self.quantity = quantity
    }
}
