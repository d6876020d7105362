import Hummingbird
import OrderDomain

/// The merchant notification outbox for operators: `GET /v1/admin/notifications` (newest
/// first, by status or order, cursor pages), `GET /v1/admin/notifications/{id}` and
/// `POST /v1/admin/notifications/{id}/replay`, which sends it again to every endpoint
/// from a fresh retry schedule (202: the notifier does it next).
public struct AdminNotificationRoutes: Sendable {
    private let store: any NotificationStore

    /// Creates the routes over `store`.
    public init(store: any NotificationStore) { self.store = store }

    /// Registers the routes on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let store = store
        admin.get("/notifications") { request, _ -> Response in
            let q = try AdminQuery(request, allowed: ["status", "order_id", "limit", "starting_after"])
            let page = try await store.notifications(
                OrderNotificationQuery(
                    status: try q.status(OrderNotification.Status.self), orderID: try q.text("order_id"), limit: try q.limit(),
                    startingAfter: try q.text("starting_after")))
            return try JSONRequest.response(
                AdminListDTO(data: page.items.map(AdminNotificationDTO.init), has_more: page.hasMore),
                status: .ok)
        }
        admin.get("/notifications/{id}") { _, context -> Response in
            guard let notification = try await store.notification(id: try context.parameters.require("id")) else { throw Self.notFound }
            return try JSONRequest.response(AdminNotificationDTO(notification), status: .ok)
        }
        admin.post("/notifications/{id}/replay") { _, context -> Response in
            guard let notification = try await store.replay(id: try context.parameters.require("id"), cause: context.auditActor) else {
                throw Self.notFound
            }
            return try JSONRequest.response(AdminNotificationDTO(notification), status: .accepted)
        }
    }

    /// The 404 of an unknown notification id.
    static var notFound: DomainError {
        DomainError(code: .notificationNotFound, message: "No such notification.")
    }
}

/// A notification as the back office sees it: its delivery state per endpoint and the
/// exact payload sent. Timestamps are epoch seconds.
struct AdminNotificationDTO: Encodable {
    struct Delivery: Encodable {
        var url: String
        var attempts: Int
        @ExplicitNull var last_status: Int?
        @ExplicitNull var last_error: String?
        @ExplicitNull var delivered_at: Int64?
    }

    var id: String
    var object = "notification"
    var type: String
    var order: String
    /// `pending`, `delivered`, `failed`.
    var status: String
    var attempts: Int
    @ExplicitNull var next_attempt_at: Int64?
    var created: Int64
    var deliveries: [Delivery]
    var payload: String

    init(_ n: OrderNotification) {
        id = n.id
        type = n.kind.rawValue
        order = n.orderID
        status = n.status.rawValue
        attempts = n.attempts
        next_attempt_at = n.nextAttemptAt
        created = n.createdAt
        deliveries = n.deliveries.map {
            Delivery(url: $0.url, attempts: $0.attempts, last_status: $0.lastStatus, last_error: $0.lastError, delivered_at: $0.deliveredAt)
        }
        payload = n.payload
    }
}
