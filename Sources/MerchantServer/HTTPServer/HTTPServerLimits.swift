import Hummingbird
import HummingbirdCore
import NIOCore
import OrderDomain

/// The HTTP/1 server with the connection limits of `traffic`: a request head must arrive
/// within `httpHeaderTimeoutSeconds`, an idle keep-alive connection closes after
/// `httpIdleTimeoutSeconds` (Hummingbird's own timer, which never fires while a response
/// is being written), and at most `httpMaxConnections` are open at once.
func limitedHTTP1Server(_ traffic: TrafficSettings) -> HTTPServerBuilder {
    let budget = ConnectionBudget(limit: traffic.httpMaxConnections)
    let headerTimeout = TimeAmount.seconds(traffic.httpHeaderTimeoutSeconds)
    return .http1(
        configuration: .init(
            // One set per connection; the limiter first, so a refused connection arms no timer.
            additionalChannelHandlers: [ConnectionLimitHandler(budget: budget), HeaderTimeoutHandler(timeout: headerTimeout)],
            idleTimeout: .seconds(traffic.httpIdleTimeoutSeconds)))
}

extension TimeAmount {
    /// `seconds` (fractional, as configured) as a time amount.
    static func seconds(_ seconds: Double) -> TimeAmount { .nanoseconds(Int64(seconds * 1_000_000_000)) }
}
