import Hummingbird
import Logging
import OrderDomain

/// `POST /v1/orders/{id}/payments`: starts (or continues) paying an order in the
/// checkout, sdk or direct flow. Needs the order's `X-Order-Token`.
public struct PaymentRoutes: Sendable {
    private let starter: PaymentStarter
    private let cardTesting: CardTestingGuard?

    /// Creates the routes; `cardTesting` caps each client's declines.
    public init(starter: PaymentStarter, cardTesting: CardTestingGuard? = nil) {
        self.starter = starter
        self.cardTesting = cardTesting
    }

    /// Registers the routes; `router` authenticates the order token (`OrderTokenMiddleware`)
    /// and then runs the order-token idempotency middleware.
    public func register<Context: IdempotencyRequestContext & ClientRequestContext>(on router: some RouterMethods<Context>) {
        router.post("/v1/orders/{id}/payments") { request, context -> Response in
            let id = try context.parameters.require("id")
            let token = try request.orderToken()
            let body = try await JSONRequest.decode(StartPaymentBody.self, from: request)
            try await cardTesting?.check(client: context.clientAddress)
            do {
                var start = try body.request()
                start.requestKey = context.idempotency?.reference
                let result = try await starter.start(orderID: id, clientToken: token, request: start)
                return try JSONRequest.response(PaymentResponse(result), status: result.created ? .created : .ok)
            } catch let failure as GatewayCallFailure {
                if failure.error.code == "card_declined" { await cardTesting?.declined(client: context.clientAddress) }
                // The gateway's detail goes to the log, never to the storefront.
                context.logger.log(
                    level: failure.error.kind == .unavailable ? .error : .info, "payment start failed",
                    metadata: [
                        "order": "\(id)", "attempt": "\(failure.attemptID)", "gateway_error": "\(failure.gateway)",
                        "gateway_request_id": "\(failure.gateway.requestID ?? "-")",
                    ])
                throw failure.error
            }
        }
    }
}
