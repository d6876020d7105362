import HTTPTypes
import Hummingbird
import Logging
import OrderDomain

/// `POST /webhooks/wooshpay`: verify, store raw, acknowledge. Nothing is processed
/// here (the `WebhookProcessor` does that from the inbox), so the answer is fast and a
/// crash after the insert loses nothing. Duplicates are acknowledged and stored once.
public struct WebhookRoutes: Sendable {
    /// Authenticates a raw body with its `Wooshpay-Signature` header and decodes the event
    /// (the gateway adapter's verifier, injected: this module imports no adapter).
    public typealias Verifier = @Sendable (_ rawBody: [UInt8], _ signatureHeader: String?)
        throws(WebhookVerificationError) -> GatewayEvent

    /// Largest webhook body accepted: events carry one object, far below this.
    public static let maxBodyBytes = 256 * 1024

    private let inbox: any WebhookInbox
    private let verify: Verifier

    /// Creates the routes over the inbox and the verifier.
    public init(inbox: any WebhookInbox, verify: @escaping Verifier) {
        self.inbox = inbox
        self.verify = verify
    }

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/webhooks/wooshpay") { request, context -> Response in
            let rawBody: [UInt8]
            do {
                rawBody = Array(buffer: try await request.body.collect(upTo: Self.maxBodyBytes))
            } catch {
                throw APIError.bodyTooLarge(limitBytes: Self.maxBodyBytes)
            }
            let event: GatewayEvent
            do throws(WebhookVerificationError) {
                event = try verify(rawBody, request.headers[Self.signatureHeader])
            } catch {
                // The reason goes to our log; the sender learns only the stable code.
                context.logger.notice("webhook rejected", metadata: ["reason": "\(error)"])
                throw Self.rejection(error)
            }
            let isNew: Bool
            do {
                isNew = try await inbox.store(InboxedWebhook(event, rawBody: rawBody))
            } catch {
                // Not stored, so not acknowledged: WooshPay delivers it again later.
                context.logger.error("webhook inbox unavailable", metadata: ["event": "\(event.id)", "error": "\(error)"])
                throw APIError(status: .serviceUnavailable, type: "api_error", code: "inbox_unavailable",
                               message: "The event could not be stored; deliver it again later.")
            }
            context.logger.info("webhook received", metadata: [
                "event": "\(event.id)", "type": "\(event.type.name)", "duplicate": "\(!isNew)"])
            return try JSONRequest.response(WebhookAcknowledgement(received: true, duplicate: isNew ? nil : true), status: .ok)
        }
    }

    /// WooshPay's signature header (field names are case-insensitive).
    // A valid token literal, so the initialiser cannot return nil.
    static let signatureHeader = HTTPField.Name("Wooshpay-Signature")!

    /// The 400 answer for each verification failure.
    static func rejection(_ error: WebhookVerificationError) -> APIError {
        let (code, message) = switch error {
        case .missingHeader, .malformedHeader, .noSignatureMatch:
            ("invalid_signature", "The Wooshpay-Signature header is missing or does not match the body.")
        case .timestampOutsideTolerance:
            ("stale_signature", "The signature's timestamp is outside the accepted window.")
        case .malformedPayload:
            ("invalid_payload", "The body is not a readable event.")
        }
        return APIError(status: .badRequest, type: "invalid_request_error", code: code, message: message)
    }
}

/// The acknowledgement body: `{"received":true}`, plus `"duplicate":true` for a repeat.
struct WebhookAcknowledgement: Encodable {
    /// Always true: the event is (or already was) in the inbox.
    let received: Bool
    /// Present when the event id was already stored.
    let duplicate: Bool?
}
