import HTTPTypes
import Hummingbird
import OrderDomain

/// The admin operations that move money, under `/v1/admin` (the caller mounts them behind
/// `AdminAuthMiddleware`): refunds, capture, cancel (or void), force sync, and the report
/// of authorisations about to lapse. Each is audited as `admin:<key name>`.
public struct OperationsRoutes: Sendable {
    private let operations: MerchantOperations
    private let store: any OperationsStore

    /// Creates the routes over the operations and their store.
    public init(operations: MerchantOperations, store: any OperationsStore) {
        self.operations = operations
        self.store = store
    }

    /// Registers the routes on `admin`, a group mounted at `/v1/admin`.
    public func registerAdmin<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let operations = operations
        let store = store
        admin.post("/orders/{id}/refunds") { request, context -> Response in
            let body = try await JSONRequest.decode(RefundBody.self, from: request, emptyBody: RefundBody())
            let input = try body.validated()
            let refund = try await operations.refund(
                orderID: try context.parameters.require("id"), amount: input.amount,
                reason: input.reason, actor: context.auditActor,
                requestKey: context.idempotency?.reference)
            // 201 when WooshPay settled it at once; 202 while its outcome is still coming.
            return try JSONRequest.response(AdminRefundDTO(refund), status: refund.status.isOpen ? .accepted : .created)
        }
        admin.get("/orders/{id}/refunds") { _, context -> Response in
            let refunds = try await store.refunds(orderID: try context.parameters.require("id"))
            return try JSONRequest.response(RefundList(data: refunds.map(AdminRefundDTO.init)), status: .ok)
        }
        admin.post("/orders/{id}/capture") { request, context -> Response in
            let body = try await JSONRequest.decode(CaptureBody.self, from: request, emptyBody: CaptureBody())
            if let amount = body.amountToCapture, amount < 1 {
                throw DomainError(
                    code: .invalidAmount, message: "amount_to_capture must be at least 1.",
                    param: "amount_to_capture")
            }
            let attempt = try await operations.capture(
                orderID: try context.parameters.require("id"), amount: body.amountToCapture,
                actor: context.auditActor, requestKey: context.idempotency?.reference)
            return try JSONRequest.response(OperationResult(attempt), status: .ok)
        }
        admin.post("/orders/{id}/cancel") { _, context -> Response in
            let id = try context.parameters.require("id")
            try await operations.cancel(orderID: id, actor: context.auditActor)
            return try JSONRequest.response(OrderStatusResult(order: id, status: "canceled"), status: .ok)
        }
        admin.post("/orders/{id}/sync") { _, context -> Response in
            let result = try await operations.forceSync(orderID: try context.parameters.require("id"), actor: context.auditActor)
            return try JSONRequest.response(SyncResult(synced: result.synced, failed: result.failed), status: .ok)
        }
        admin.get("/authorizations/lapsing") { request, _ -> Response in
            let hours = request.uri.queryParameters.get("within_hours").map { Int64($0) } ?? 48
            guard let hours, (1...(24 * 7)).contains(hours) else {
                throw DomainError(code: .invalidParameter, message: "within_hours must be 1-168.", param: "within_hours")
            }
            let lapsing = try await store.lapsingAuthorizations(withinSeconds: hours * 3600)
            return try JSONRequest.response(LapsingList(data: lapsing.map(LapsingDTO.init)), status: .ok)
        }
    }
}

/// `POST /v1/admin/orders/{id}/refunds`: `{"amount"?: minor units, "reason"?: ...}`.
struct RefundBody: Decodable, Sendable {
    var amount: Int64?
    var reason: String?

    /// The amount (nil: everything left) and the reason (default `requested_by_customer`).
    func validated() throws -> (amount: Int64?, reason: Refund.Reason) {
        if let amount, amount < 1 {
            throw DomainError(
                code: .invalidAmount, message: "amount must be a positive integer in minor units.",
                param: "amount")
        }
        let allowed: [Refund.Reason] = [.requestedByCustomer, .duplicate, .fraudulent]
        guard let parsed = reason.map(Refund.Reason.init(rawValue:)) ?? .requestedByCustomer, allowed.contains(parsed) else {
            throw DomainError(
                code: .invalidReason,
                message: "reason must be requested_by_customer, duplicate or fraudulent.", param: "reason")
        }
        return (amount, parsed)
    }
}

/// `POST /v1/admin/orders/{id}/capture`: `{"amount_to_capture"?: minor units}`.
struct CaptureBody: Decodable, Sendable {
    var amountToCapture: Int64?

    enum CodingKeys: String, CodingKey { case amountToCapture = "amount_to_capture" }
}

/// A list of refunds.
struct RefundList: Encodable, Sendable { var data: [AdminRefundDTO] }

/// The captured attempt.
struct OperationResult: Encodable, Sendable {
    var attempt: String
    var order: String
    var status: String
    var amountReceived: Int64
    var amountCapturable: Int64

    init(_ attempt: PaymentAttempt) {
        self.attempt = attempt.id
        order = attempt.orderID
        status = attempt.status.rawValue
        amountReceived = attempt.amountReceived
        amountCapturable = attempt.amountCapturable
    }

    enum CodingKeys: String, CodingKey {
        case attempt, order, status
        case amountReceived = "amount_received"
        case amountCapturable = "amount_capturable"
    }
}

/// An order and its status after an operation.
struct OrderStatusResult: Encodable, Sendable {
    var order: String
    var status: String
}

/// What a force sync did.
struct SyncResult: Encodable, Sendable {
    var synced: Int
    var failed: Int
}

/// One authorisation about to lapse.
struct LapsingDTO: Encodable, Sendable {
    var order: String
    var attempt: String
    var amountCapturable: Int64
    var currency: String
    var authorizedAt: Int64
    var lapsesAt: Int64

    init(_ value: LapsingAuthorization) {
        order = value.orderID
        attempt = value.attemptID
        amountCapturable = value.amountCapturable
        currency = value.currency
        authorizedAt = value.authorizedAt
        lapsesAt = value.lapsesAt
    }

    enum CodingKeys: String, CodingKey {
        case order, attempt, currency
        case amountCapturable = "amount_capturable"
        case authorizedAt = "authorized_at"
        case lapsesAt = "lapses_at"
    }
}

/// The lapsing report.
struct LapsingList: Encodable, Sendable { var data: [LapsingDTO] }
