import Hummingbird
import OrderDomain

/// `GET /v1/admin/orders` and `GET /v1/admin/orders/{id}`: the back office's order list
/// (filters, newest first, cursor pages) and order detail. Read-only.
public struct AdminOrderRoutes: Sendable {
    private let orders: any BackOfficeOrders

    /// Creates the routes over `orders`.
    public init(orders: any BackOfficeOrders) { self.orders = orders }

    /// The list's query parameters.
    static let parameters: Set<String> = ["status", "created_from", "created_to", "email", "needs_review", "limit", "starting_after"]

    /// Registers the routes on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let orders = orders
        admin.get("/orders") { request, _ -> Response in
            let page = try await orders.orders(try Self.query(request))
            return try JSONRequest.response(AdminListDTO(data: page.items.map(AdminOrderDTO.init), has_more: page.hasMore), status: .ok)
        }
        admin.get("/orders/{id}") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let dossier = try await orders.dossier(orderID: id) else {
                throw DomainError.orderNotFound
            }
            return try JSONRequest.response(AdminOrderDTO(dossier), status: .ok)
        }
    }

    /// The list query of a request; every malformed parameter is a 400 naming it.
    static func query(_ request: Request) throws(DomainError) -> OrderListQuery {
        let q = try AdminQuery(request, allowed: parameters)
        let query = OrderListQuery(
            status: try q.status(OrderStatus.self), createdFrom: try q.time("created_from"),
            createdBefore: try q.time("created_to"), email: try q.text("email", maxLength: 254),
            needsReview: try q.flag("needs_review"), limit: try q.limit(),
            startingAfter: try q.text("starting_after"))
        if let from = query.createdFrom, let to = query.createdBefore, to <= from {
            throw DomainError(
                code: .invalidTimeRange, message: "created_to must be after created_from.",
                param: "created_to")
        }
        return query
    }
}
