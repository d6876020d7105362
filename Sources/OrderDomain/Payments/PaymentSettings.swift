/// The payment options one deployment offers. A request may narrow them, never widen them.
public struct PaymentSettings: Sendable, Equatable {
    /// Payment method types offered at WooshPay (`PAYMENT_METHOD_TYPES`, default `card`);
    /// a request may ask for a subset.
    public var paymentMethodTypes: [String] = ["card"]
    /// Capture method used when a request does not choose (`CAPTURE_METHOD`, default automatic).
    public var defaultCaptureMethod: CaptureMethod = .automatic
    /// Capture methods a request may choose (`ALLOWED_CAPTURE_METHODS`); until set, only
    /// the default: the shop decides how it is paid, not the storefront's caller.
    public var allowedCaptureMethods: Set<CaptureMethod> {
        get { allowedCaptureMethodsSetting ?? [defaultCaptureMethod] }
        set { allowedCaptureMethodsSetting = newValue }
    }
    private var allowedCaptureMethodsSetting: Set<CaptureMethod>?
    /// Whether the direct flow accepts raw card numbers (`ALLOW_RAW_CARD_DATA`, default
    /// false: that would bring the shop into full PCI scope).
    public var allowRawCardData: Bool = false
    /// Declined attempts an order may have before starts are refused
    /// (`MAX_PAYMENT_FAILURES_PER_ORDER`, default 5): card testers loop stolen cards
    /// through one order.
    public var maxPaymentFailuresPerOrder: Int = 5

    /// Defaults.
    public init() {}
}

/// When WooshPay takes the money for an authorised payment.
public enum CaptureMethod: String, Sendable, Hashable, CaseIterable {
    /// Captured on authorisation.
    case automatic
    /// Authorised only; the merchant captures (or cancels) later.
    case manual

    /// The gateway's spelling.
    public var gateway: GatewayCaptureMethod {
        switch self {
        case .automatic: return .automatic
        case .manual: return .manual
        }
    }
}
