/// A refund of (part of) an order's payment, as we record it: asked for by the merchant
/// (`api`), made automatically for a duplicate payment, or seen at WooshPay after someone
/// refunded in its dashboard (`dashboard`).
public struct Refund: Sendable, Hashable {
    /// Where the refund is in its life; `succeeded`, `failed` and `canceled` are final.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case pending
        case requiresAction = "requires_action"
        case succeeded
        case failed
        case canceled

        /// Whether the refund can still change.
        public var isOpen: Bool { self == .pending || self == .requiresAction }

        /// The domain status of a gateway status; `nil` for one we do not know.
        public init?(_ gateway: GatewayRefundStatus) {
            switch gateway {
            case .pending: self = .pending
            case .requiresAction: self = .requiresAction
            case .succeeded: self = .succeeded
            case .failed: self = .failed
            case .canceled: self = .canceled
            case .unknown: return nil
            }
        }
    }

    /// Why the money goes back.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        case duplicate
        case requestedByCustomer = "requested_by_customer"
        case fraudulent
        case resolvedDispute = "resolved_dispute"
        case unspecified

        /// The reason WooshPay is told, if it has one for this.
        public var gatewayReason: GatewayRefundReason? {
            switch self {
            case .duplicate: .duplicate
            case .requestedByCustomer: .requestedByCustomer
            case .fraudulent: .fraudulent
            case .resolvedDispute, .unspecified: nil
            }
        }
    }

    /// Who made it.
    public enum Source: String, Sendable, Hashable {
        /// This service (an admin request or a duplicate payment).
        case api
        /// Someone in WooshPay's dashboard; seen through a webhook or a sync.
        case dashboard
    }

    /// Our id (`rf_...`).
    public var id: String
    /// The order refunded.
    public var orderID: String
    /// The payment attempt whose money goes back.
    public var attemptID: String
    /// WooshPay's payment intent refunded.
    public var paymentIntentID: String
    /// Minor units.
    public var amount: Int64
    /// ISO 4217, upper-case.
    public var currency: String
    /// Why.
    public var reason: Reason
    /// Where it is.
    public var status: Status
    /// Who made it.
    public var source: Source
    /// WooshPay's id (`re_...`) once known.
    public var gatewayRefundID: String?
    /// Why it failed, as WooshPay spelled it.
    public var failureReason: String?
    /// The key every create call for this refund carries (stored before the first call).
    public var idempotencyKey: String
    /// What made it: `admin:<key name>`, `duplicate:<attempt>`, `webhook:<evt>`...
    public var cause: String
    /// Epoch seconds.
    public var createdAt: Int64
    /// Epoch seconds of the last change.
    public var updatedAt: Int64

    /// Creates the value.
    public init(
        id: String, orderID: String, attemptID: String, paymentIntentID: String, amount: Int64, currency: String,
        reason: Reason, status: Status, source: Source = .api, gatewayRefundID: String? = nil,
        failureReason: String? = nil, idempotencyKey: String, cause: String, createdAt: Int64 = 0, updatedAt: Int64 = 0
    ) {
        self.id = id
        self.orderID = orderID
        self.attemptID = attemptID
        self.paymentIntentID = paymentIntentID
        self.amount = amount
        self.currency = currency
        self.reason = reason
        self.status = status
        self.source = source
        self.gatewayRefundID = gatewayRefundID
        self.failureReason = failureReason
        self.idempotencyKey = idempotencyKey
        self.cause = cause
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
