import OrderDomain
import Testing

/// `PaymentAttemptStore` in memory, for the pure tier: it decides with the same OrderDomain
/// functions the PostgreSQL store calls under its row lock (`PaymentStartPolicy`,
/// `AttemptChange`, `OrderStatus.derived`) and keeps the audit events they return, so a
/// use case's test needs no database. What only PostgreSQL does (stock, read spacing
/// across replicas, duplicate refunds) is left out and says so.
public actor InMemoryPaymentAttemptStore: PaymentAttemptStore {
    private var orders: [String: (order: Order, token: String)] = [:]
    private var attemptsByID: [String: PaymentAttempt] = [:]
    private var order: [String] = []
    private var sequence = 0
    /// Every audit event written, in order, with its order id and cause.
    public private(set) var events: [(orderID: String, event: AuditEvent, cause: SyncCause)] = []

    /// An empty store.
    public init() {}

    /// Adds an order the storefront holds `token` for.
    public func add(_ order: Order, token: String) { orders[order.id] = (order, token) }

    /// The audit events' types, in order (for short expectations).
    public var eventTypes: [String] { events.map(\.event.type) }

    public func openAttempt(orderID: String, clientToken: String, draft: AttemptDraft) async throws -> AttemptOpening {
        guard let (order, token) = orders[orderID], token == clientToken else { throw DomainError.orderNotFoundForToken }
        let fitted = try draft.fitted(currency: order.currency.code)
        switch try PaymentStartPolicy.decide(
            order: order, attempts: attemptsOf(orderID), mode: draft.mode, now: 0,
            maxFailures: draft.maxPaymentFailures)
        {
        case .reuse(let attempt):
            return AttemptOpening(order: order, attempt: attempt, created: false)
        case .create:
            sequence += 1
            let id = "pay_\(sequence)"
            var attempt = PaymentAttempt(
                id: id, orderID: orderID, mode: draft.mode, status: .pending, amount: order.total,
                captureMethod: draft.captureMethod, paymentMethodTypes: fitted.paymentMethodTypes,
                paymentMethod: draft.paymentMethod, usesRawCard: draft.usesRawCard,
                idempotencyKey: "merchant-\(id)")
            attempt.detailsWithheld = draft.detailsWithheld
            attemptsByID[id] = attempt
            self.order.append(id)
            events.append((orderID, .paymentStarted(attemptID: id, mode: draft.mode), .api))
            return AttemptOpening(order: order, attempt: attempt, created: true)
        }
    }

    public func record(_ update: AttemptUpdate, attemptID: String, cause: SyncCause) async throws -> PaymentAttempt {
        guard let before = attemptsByID[attemptID], var (order, token) = orders[before.orderID] else { throw DomainError.paymentNotFound }
        let change = AttemptChange(before, learning: update)
        attemptsByID[attemptID] = change.after
        events += change.events.map { (order.id, $0, cause) }
        let derived = OrderStatus.derived(
            current: order.status, attempts: attemptsOf(order.id), refunded: order.refunded.amount,
            total: order.total.amount)
        if derived != order.status {
            events.append((order.id, .orderStatusChanged(from: order.status, to: derived), cause))
            order.status = derived
            orders[order.id] = (order, token)
        }
        return change.after
    }

    public func beginConfirm(attemptID: String, draft: AttemptDraft) async throws -> String {
        guard var attempt = attemptsByID[attemptID] else { throw DomainError.paymentNotFound }
        attempt.confirmCount += 1
        attempt.paymentMethod = draft.paymentMethod
        attempt.usesRawCard = draft.usesRawCard
        attempt.detailsWithheld = draft.detailsWithheld
        attemptsByID[attemptID] = attempt
        return "\(attempt.idempotencyKey)-confirm-\(attempt.confirmCount)"
    }

    public func countDecline(orderID: String) async throws -> Int {
        guard var (order, token) = orders[orderID] else { return 0 }
        order.paymentFailures += 1
        orders[orderID] = (order, token)
        return order.paymentFailures
    }

    /// Every read passes: spacing is shared through PostgreSQL and tested there.
    public func claimRead(attemptID: String, minIntervalSeconds: Double) async throws -> Bool { true }

    public func attempt(id: String) async throws -> PaymentAttempt? { attemptsByID[id] }

    public func attempt(gatewayObjectID: String) async throws -> PaymentAttempt? {
        order.compactMap { attemptsByID[$0] }.first { $0.paymentIntentID == gatewayObjectID || $0.checkoutSessionID == gatewayObjectID }
    }

    public func attempts(orderID: String) async throws -> [PaymentAttempt] { attemptsOf(orderID) }

    public func order(id: String) async throws -> Order? { orders[id]?.order }

    /// Duplicate refunds need the refunds table: a test that gets here fails.
    public func beginDuplicateRefund(attemptID: String) async throws -> Refund? {
        Issue.record("InMemoryPaymentAttemptStore does not model duplicate refunds")
        return nil
    }

    private func attemptsOf(_ orderID: String) -> [PaymentAttempt] {
        order.compactMap { attemptsByID[$0] }.filter { $0.orderID == orderID }
    }
}
