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
///
/// Raw card numbers are deliberately not representable: they would put us in PCI scope.
public enum GatewayPaymentMethodInput: Sendable, Hashable {
    /// A payment method the gateway already holds (`pm_...`), e.g. tokenised by its SDK.
    case existing(id: String)
    /// A non-card method described only by its type (for example `alipay`), which the
    /// gateway completes through a redirect.
    case redirectMethod(type: String)
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
