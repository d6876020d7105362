import OrderDomain

/// An order as the back office sees it. In a list it carries the order's own fields; the
/// detail adds its lines, payments, refunds, audit trail and disputes with their money. Never the client token (only
/// its hash is stored, and that is not shown either). Timestamps are epoch seconds.
struct AdminOrderDTO: Encodable {
    /// Lines and customer as the storefront's order shows them.
    typealias Item = OrderResponse.Item
    typealias Customer = OrderResponse.Customer
    var id: String
    var object = "order"
    var status: String
    var currency: String
    var total_amount: Int64
    var refunded_amount: Int64
    var customer: Customer
    var metadata: [String: String]
    var needs_review: Bool
    @ExplicitNull var review_reason: String?
    var created_at: Int64
    var updated_at: Int64
    var expires_at: Int64
    /// Detail only (left out of list items).
    var items: [Item]?
    var payments: [AdminPaymentDTO]?
    var refunds: [AdminRefundDTO]?
    var events: [AdminOrderEventDTO]?
    var disputes: [AdminDisputeDTO]?
    /// Money disputes hold or took (not won).
    var disputed_amount: Int64?
    /// Captured − refunded − lost to disputes: what the order really brought in.
    var net_amount: Int64?

    /// A list item.
    init(_ overview: OrderOverview) {
        let order = overview.order
        id = order.id
        status = order.status.rawValue
        currency = order.currency.code
        total_amount = order.total.amount
        refunded_amount = order.refunded.amount
        customer = Customer(email: order.customerEmail, name: order.customerName)
        metadata = order.metadata
        needs_review = overview.reviewReason != nil
        review_reason = overview.reviewReason
        created_at = order.createdAt
        updated_at = overview.updatedAt
        expires_at = order.expiresAt
    }

    /// The detail.
    init(_ dossier: OrderDossier) {
        self.init(dossier.overview)
        items = dossier.overview.order.lines.map {
            Item(sku: $0.sku, name: $0.name, unit_amount: $0.unitAmount, quantity: $0.quantity, amount: $0.amount)
        }
        payments = dossier.attempts.map(AdminPaymentDTO.init)
        refunds = dossier.refunds.map(AdminRefundDTO.init)
        events = dossier.events.map(AdminOrderEventDTO.init)
        disputes = dossier.disputes.map(AdminDisputeDTO.init)
        (disputed_amount, net_amount) = dossier.money
    }
}

/// A payment attempt in the order detail. Leaves out what could act on the payment: its
/// idempotency keys, the checkout page URL and the next action's URL (which carries the
/// intent's client secret); only the next action's type is shown.
struct AdminPaymentDTO: Encodable {
    var id: String
    var object = "payment"
    var mode: String
    var status: String
    @ExplicitNull var gateway_status: String?
    var amount: Int64
    var currency: String
    var capture_method: String
    var payment_method_types: [String]
    @ExplicitNull var payment_method: String?
    @ExplicitNull var payment_intent: String?
    @ExplicitNull var checkout_session: String?
    var amount_received: Int64
    var amount_capturable: Int64
    @ExplicitNull var next_action: String?
    @ExplicitNull var last_error_code: String?
    @ExplicitNull var last_error_message: String?
    @ExplicitNull var review_reason: String?
    @ExplicitNull var authorized_at: Int64?
    @ExplicitNull var next_sync_at: Int64?
    var sync_attempts: Int
    var created_at: Int64
    var updated_at: Int64

    init(_ overview: AttemptOverview) {
        let a = overview.attempt
        id = a.id
        mode = a.mode.rawValue
        status = a.status.rawValue
        gateway_status = a.gatewayStatus
        amount = a.amount.amount
        currency = a.amount.currency.code
        capture_method = a.captureMethod.rawValue
        payment_method_types = a.paymentMethodTypes
        payment_method = a.paymentMethod
        payment_intent = a.paymentIntentID
        checkout_session = a.checkoutSessionID
        amount_received = a.amountReceived
        amount_capturable = a.amountCapturable
        next_action = a.nextAction?.type
        last_error_code = a.lastErrorCode
        last_error_message = a.lastErrorMessage
        review_reason = a.reviewReason
        authorized_at = overview.authorizedAt
        next_sync_at = overview.nextSyncAt
        sync_attempts = overview.syncAttempts
        created_at = overview.createdAt
        updated_at = a.updatedAt
    }
}

/// One line of an order's audit trail.
struct AdminOrderEventDTO: Encodable {
    var id: Int64
    var type: String
    var cause: String
    var data: [String: String]
    var created_at: Int64

    init(_ event: OrderEvent) {
        id = event.id
        type = event.type
        cause = event.cause
        data = event.data
        created_at = event.createdAt
    }
}

/// A page of a list: `{"object":"list","data":[...],"has_more":bool}`.
struct AdminListDTO<Item: Encodable>: Encodable {
    var object = "list"
    var data: [Item]
    var has_more: Bool
}
