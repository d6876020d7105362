import Foundation
import Hummingbird
import OrderDomain

/// `GET /v1/orders/{id}/return`: where WooshPay sends the customer back (checkout success
/// and cancel URLs, redirect and 3-D Secure return URLs). The query string is never
/// trusted: the order's payment is re-read at WooshPay (bounded), and the customer is
/// sent on with `303` to the storefront page with `order` and `status`
/// (`paid`, `authorized`, `pending`, `failed`, `canceled`). Nothing here can answer 500.
public struct ReturnRoutes: Sendable {
    /// Syncs the order's payment (hinted by the untrusted `attempt` parameter) and returns
    /// the order's status afterwards, or `nil` for an unknown order.
    public typealias Settle = @Sendable (_ orderID: String, _ attemptHint: String?) async -> OrderStatus?

    private let storefrontURL: String
    private let settle: Settle

    /// Creates the routes; `storefrontURL` is the page the customer lands on.
    public init(storefrontURL: String, settle: @escaping Settle) {
        self.storefrontURL = storefrontURL
        self.settle = settle
    }

    /// Registers the return endpoint and a minimal built-in result page.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/v1/orders/{id}/return") { request, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let hint = request.uri.queryParameters.get("attempt")
            let backedOut = request.uri.queryParameters.get("canceled") == "true"
            let status = await settle(id, hint)
            return Self.redirect(to: storefrontURL, order: id, status: Self.outcome(status, customerBackedOut: backedOut))
        }
        router.get("/payment-result") { request, _ -> Response in
            let status = request.uri.queryParameters.get("status") ?? "pending"
            let text =
                [
                    "paid": "Payment received. Thank you!",
                    "authorized": "Your payment is authorised, not yet charged: the shop charges it when your order is confirmed.",
                    "failed": "The payment failed. You can try again.",
                    "canceled": "The payment was canceled.",
                ][status] ?? "Your payment is being confirmed; this page will not update by itself."
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: "<!doctype html><title>Payment</title><p>\(text)</p>")))
        }
    }

    /// The storefront's word for an order status. Whether the customer clicked "back" only
    /// chooses the message; money follows WooshPay. An authorisation is not a payment: it
    /// is `authorized` (not yet charged; it lapses if never captured), never `paid`.
    static func outcome(_ status: OrderStatus?, customerBackedOut: Bool) -> String {
        switch status {
        case .paid?, .partiallyRefunded?, .refunded?: return "paid"
        case .authorized?: return "authorized"
        case .paymentFailed?: return "failed"
        case .canceled?, .expired?: return "canceled"
        case .awaitingPayment?, .requiresAction?: return customerBackedOut ? "canceled" : "pending"
        case .processing?, nil: return "pending"
        }
    }

    static func redirect(to base: String, order: String, status: String) -> Response {
        var components = URLComponents(string: base) ?? URLComponents()
        let safeOrder = order.filter { $0.isLetter || $0.isNumber || $0 == "_" }.prefix(64)
        components.queryItems =
            (components.queryItems ?? []) + [
                URLQueryItem(name: "order", value: String(safeOrder)),
                URLQueryItem(name: "status", value: status),
            ]
        return Response(status: .seeOther, headers: [.location: components.string ?? base, .cacheControl: "no-store"])
    }
}
