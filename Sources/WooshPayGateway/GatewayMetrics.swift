import CurlTransport
import Logging
import Metrics

/// What the adapter records of each HTTP attempt at WooshPay (a retried call counts once
/// per attempt): `merchant_gateway_requests_total{operation,outcome}` and the
/// `merchant_gateway_request_duration_seconds` histogram with the same labels.
///
/// `operation` names the API call (`create_payment_intent`, `retrieve_checkout_session`,
/// `create_refund`...); `outcome` is `ok` (2xx), `4xx`, `5xx`, `timeout` (no answer in
/// time), `transport_error` (connection refused, TLS, a malformed answer) or `other`
/// (an unexpected 1xx/3xx status).
public struct GatewayMetrics: Sendable {
    /// Attempt counter family.
    public static let requestsName = "merchant_gateway_requests_total"
    /// Latency histogram family (a swift-metrics Timer).
    public static let durationName = "merchant_gateway_request_duration_seconds"

    /// Where the attempts are recorded.
    let factory: any MetricsFactory

    /// Records into `factory`.
    public init(factory: any MetricsFactory) { self.factory = factory }

    /// Records one attempt of `operation` (the adapter's internal name, e.g.
    /// `payment_intents.create`).
    func record(operation: String, outcome: String, elapsed: Duration) {
        let dimensions = [("operation", Self.operationLabel(operation)), ("outcome", outcome)]
        Counter(label: Self.requestsName, dimensions: dimensions, factory: factory).increment()
        let (seconds, attoseconds) = elapsed.components
        Timer(label: Self.durationName, dimensions: dimensions, factory: factory)
            .recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// The outcome of an attempt WooshPay answered with `status`.
    static func outcome(status: Int) -> String {
        switch status {
        case 200..<300: "ok"
        case 400..<500: "4xx"
        case 500..<600: "5xx"
        default: "other"
        }
    }

    /// The outcome of an attempt that got no answer.
    static func outcome(_ error: TransportError) -> String {
        if case .timedOut = error { return "timeout" }
        return "transport_error"
    }

    /// `payment_intents.create` as `create_payment_intent`, `payment_intents.list` as
    /// `list_payment_intents`: verb first, the object singular unless listed.
    static func operationLabel(_ operation: String) -> String {
        let parts = operation.split(separator: ".", maxSplits: 1)
        guard parts.count == 2 else { return operation }
        let (resource, verb) = (String(parts[0]), String(parts[1]))
        guard verb != "list", resource.hasSuffix("s") else { return "\(verb)_\(resource)" }
        return "\(verb)_\(resource.dropLast())"
    }
}

/// The transport of an adapter built with metrics: it only passes requests on, and
/// carries the adapter's `GatewayMetrics` (so an adapter built without them, as most
/// tests do, records nothing and behaves exactly as before).
struct MeteredTransport: HTTPTransport {
    /// The real client.
    let base: any HTTPTransport
    /// Where the adapter records its attempts.
    let metrics: GatewayMetrics

    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPResponse {
        try await base.send(request)
    }
}

extension WooshPayGateway {
    /// Creates the adapter recording every WooshPay attempt into `metrics` (see
    /// `GatewayMetrics`); otherwise as `init(configuration:transport:logger:)`.
    public init(
        configuration: WooshPayConfiguration, transport: any HTTPTransport, logger: Logger,
        metrics: any MetricsFactory
    ) {
        self.init(
            configuration: configuration,
            transport: MeteredTransport(base: transport, metrics: GatewayMetrics(factory: metrics)),
            logger: logger)
    }

    /// The metrics this adapter records into, if it was built with them.
    var metrics: GatewayMetrics? { (transport as? MeteredTransport)?.metrics }
}
