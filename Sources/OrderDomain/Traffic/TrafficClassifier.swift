/// Which rate limit a storefront request counts against, from its method and path alone,
/// so the limiter can run before routing, authentication or any body is read. Pure.
public enum TrafficClassifier {
    /// A classified request: its class and, for per-order limits, the order id.
    public struct Match: Sendable, Equatable {
        /// The route class.
        public var traffic: TrafficClass
        /// The `{id}` of `/v1/orders/{id}/payments`: starts are limited per order too.
        public var orderID: String?

        /// A match.
        public init(_ traffic: TrafficClass, orderID: String? = nil) {
            self.traffic = traffic
            self.orderID = orderID
        }
    }

    /// The class of `method path`, or `nil` for what is not limited here: WooshPay's
    /// webhooks (never limited into loss), health, metrics, the OpenAPI document, the demo,
    /// CORS preflights, and the admin API (limited per key after authentication) but its
    /// sign-in, limited per client.
    public static func classify(method: String, path: String) -> Match? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        guard segments.count >= 2, segments[0] == "v1" else { return nil }
        switch (method, segments.count, segments[1]) {
        case ("GET", 2, "products"), ("GET", 3, "products"):
            return Match(.reads)
        case ("POST", 2, "orders"):
            return Match(.orders)
        case ("GET", 3, "orders"):
            return Match(.reads)
        case ("POST", 3, "admin") where segments[2] == "session":
            return Match(.signIns)
        case (_, 4, "orders"):
            return classifyOrderAction(method: method, id: String(segments[2].prefix(64)), action: segments[3])
        default:
            return nil
        }
    }

    private static func classifyOrderAction(method: String, id: String, action: Substring) -> Match? {
        switch (method, action) {
        case ("POST", "payments"): return Match(.payments, orderID: id)
        case ("GET", "return"): return Match(.returns)
        case ("GET", "events"), ("POST", "stream-tickets"): return Match(.reads)
        default: return nil
        }
    }
}
