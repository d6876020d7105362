import HTTPTypes
import Hummingbird
import Logging
import Metrics
import OrderDomain

/// `POST /webhooks/wooshpay`: verify, store raw, acknowledge. Nothing is processed
/// here (the `WebhookProcessor` does that from the inbox), so the answer is fast and a
/// crash after the insert loses nothing. Duplicates are acknowledged and stored once.
public struct WebhookRoutes: Sendable {
    /// Authenticates a raw body with its `Wooshpay-Signature` header and decodes the event's
    /// envelope (the gateway adapter's verifier, injected: this module imports no adapter).
    public typealias Verifier =
        @Sendable (_ rawBody: [UInt8], _ signatureHeader: String?)
        throws(WebhookVerificationError) -> WebhookEnvelope

    /// Largest webhook body accepted: events carry one object, far below this.
    public static let maxBodyBytes = 256 * 1024

    private let inbox: any WebhookInbox
    private let verify: Verifier
    private var metrics: any MetricsFactory

    /// Creates the routes over the inbox and the verifier; deliveries are counted in the
    /// process's metrics system unless `recordingMetrics(to:)` names another factory.
    public init(inbox: any WebhookInbox, verify: @escaping Verifier) {
        self.inbox = inbox
        self.verify = verify
        self.metrics = MetricsSystem.factory
    }

    /// The same routes counting deliveries in `factory`:
    /// `merchant_webhook_events_received_total{type,outcome}`, outcome `accepted`,
    /// `duplicate`, `rejected` (signature, staleness, payload or size; type `unknown`) or
    /// `unavailable` (the inbox could not store it: 503, WooshPay delivers again).
    public func recordingMetrics(to factory: any MetricsFactory) -> WebhookRoutes {
        var copy = self
        copy.metrics = factory
        return copy
    }

    /// The received-events counter family.
    public static let receivedMetricName = "merchant_webhook_events_received_total"

    private func count(type: String, outcome: String) {
        Counter(
            label: Self.receivedMetricName, dimensions: [("type", GatewayEventType.metricLabel(type)), ("outcome", outcome)],
            factory: metrics
        ).increment()
    }

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/webhooks/wooshpay") { request, context -> Response in
            let rawBody: [UInt8]
            do {
                rawBody = Array(buffer: try await request.body.collect(upTo: Self.maxBodyBytes))
            } catch {
                count(type: "unknown", outcome: "rejected")
                throw APIError.bodyTooLarge(limitBytes: Self.maxBodyBytes)
            }
            let event: WebhookEnvelope
            do throws(WebhookVerificationError) {
                event = try verify(rawBody, request.headers[Self.signatureHeader])
            } catch {
                // The reason goes to our log; the sender learns only the stable code.
                context.logger.notice("webhook rejected", metadata: ["reason": "\(error)"])
                count(type: "unknown", outcome: "rejected")
                throw Self.rejection(error)
            }
            let isNew: Bool
            do {
                isNew = try await inbox.store(InboxedWebhook(event, rawBody: WebhookRedaction.withoutClientSecrets(rawBody)))
            } catch {
                // Not stored, so not acknowledged: WooshPay delivers it again later.
                context.logger.error("webhook inbox unavailable", metadata: ["event": "\(event.id)", "error": "\(error)"])
                count(type: event.type.name, outcome: "unavailable")
                throw APIError(
                    type: "api_error", code: .inboxUnavailable,
                    message: "The event could not be stored; deliver it again later.")
            }
            count(type: event.type.name, outcome: isNew ? "accepted" : "duplicate")
            // Debug, not info: the inbox row is the durable record of every receipt (the
            // back office lists it), and formatting this line cost 3-12% of the route's
            // throughput in make bench (README, Benchmark).
            context.logger.debug(
                "webhook received",
                metadata: [
                    "event": "\(event.id)", "type": "\(event.type.name)", "duplicate": "\(!isNew)",
                ])
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: isNew ? Self.accepted : Self.duplicate))
        }
    }

    /// WooshPay's signature header (field names are case-insensitive).
    // A valid token literal, so the initialiser cannot return nil.
    static let signatureHeader = HTTPField.Name("Wooshpay-Signature")!

    /// The 400 answer for each verification failure.
    static func rejection(_ error: WebhookVerificationError) -> APIError {
        let (code, message): (ErrorCode, String) =
            switch error {
            case .missingHeader, .malformedHeader, .noSignatureMatch:
                (.invalidSignature, "The Wooshpay-Signature header is missing or does not match the body.")
            case .timestampOutsideTolerance:
                (.staleSignature, "The signature's timestamp is outside the accepted window.")
            case .malformedPayload:
                (.invalidPayload, "The body is not a readable event.")
            }
        return APIError(type: "invalid_request_error", code: code, message: message)
    }
}

extension WebhookRoutes {
    /// The acknowledgement of a new event (the same bytes every time, so written once).
    static let accepted = ByteBuffer(string: #"{"received":true}"#)
    /// The acknowledgement of an event id already in the inbox.
    static let duplicate = ByteBuffer(string: #"{"duplicate":true,"received":true}"#)
}
