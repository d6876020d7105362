import Hummingbird
import OrderDomain

/// Authenticates routes under `/v1/orders/{id}/...` that act on an order: the request must
/// carry that order's `X-Order-Token`. A missing token is 401 `order_token_required`; a
/// wrong token and an unknown order are the same 404 `order_not_found`. It runs before the
/// idempotency middleware, so a request that is not the order's never reaches the key store.
public struct OrderTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    private let orders: any OrderRepository

    /// Creates the middleware over the orders.
    public init(orders: any OrderRepository) { self.orders = orders }

    /// Checks the token, then runs the route.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = try context.parameters.require("id")
        let token = try request.orderToken()
        guard token.utf8.count <= 255, try await orders.tokenMatches(orderID: id, clientToken: token) else {
            throw DomainError.orderNotFoundForToken
        }
        return try await next(request, context)
    }
}
