import Foundation
import HTTPTypes
import Hummingbird
import OrderDomain

/// The storefront's order endpoints: `POST /v1/orders` and `GET /v1/orders/{id}`
/// (the latter with the order's `X-Order-Token`).
public struct OrderRoutes: Sendable {
    private let repository: any OrderRepository
    private let currencies: [Currency]
    private let lifetimeSeconds: Int64
    private let refresh: (@Sendable (String) async -> Bool)?

    /// Creates the routes. `refresh` syncs an order's stale open payment before a read and
    /// says whether anything was synced (bounded; errors leave the stored state).
    public init(
        repository: any OrderRepository, currencies: [Currency], lifetimeSeconds: Int64,
        refresh: (@Sendable (String) async -> Bool)? = nil
    ) {
        self.refresh = refresh
        self.repository = repository
        self.currencies = currencies
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// Registers the routes; `router` carries the anonymous idempotency middleware.
    public func register<Context: IdempotencyRequestContext>(on router: some RouterMethods<Context>) {
        router.post("/v1/orders") { request, context -> Response in
            let body = try await JSONRequest.decode(CreateOrderBody.self, from: request)
            let command = body.command
            let currency = try command.validated(accepting: currencies)
            let placed = try await repository.place(
                command, currency: currency, lifetimeSeconds: lifetimeSeconds,
                claim: context.idempotency)
            return try JSONRequest.response(OrderResponse(placed.order, clientToken: placed.clientToken), status: .created)
        }
        router.get("/v1/orders/{id}") { request, context -> Response in
            let id = try context.parameters.require("id")
            var order = try await authorizedOrder(id: id, request: request)
            if let refresh, await refresh(order.id) { order = try await authorizedOrder(id: id, request: request) }
            return try JSONRequest.response(OrderResponse(order), status: .ok)
        }
    }

    /// The order if the request carries its token. A missing token is 401; a wrong token
    /// and an unknown order are the same 404, so a token cannot probe for order ids.
    func authorizedOrder(id: String, request: Request) async throws -> Order {
        guard let order = try await repository.order(id: id, clientToken: try request.orderToken()) else {
            throw DomainError.orderNotFoundForToken
        }
        return order
    }
}

extension Request {
    /// The `X-Order-Token` the browser sent; missing or empty is 401 `order_token_required`.
    func orderToken() throws(DomainError) -> String {
        guard let token = headers[.orderToken], !token.isEmpty else {
            throw DomainError(
                code: .orderTokenRequired,
                message: "Send the order's client_token in the X-Order-Token header.")
        }
        return token
    }
}

extension HTTPField.Name {
    /// `X-Order-Token`: the browser's proof that it created the order.
    public static let orderToken = Self("X-Order-Token")!
}
