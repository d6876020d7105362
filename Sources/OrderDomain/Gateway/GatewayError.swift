/// Why a gateway call did not return the object asked for.
///
/// The categories are about what the caller should do next. Above all, `outcomeUnknown`
/// is not a failure: the gateway may have acted, so the caller must retry with the
/// *same* idempotency key (or re-fetch) before concluding anything.
public enum GatewayError: Error, Sendable, Hashable {
    /// The request was refused as invalid (missing or bad parameter, over-refund, wrong
    /// state). Retrying the same request cannot help.
    case invalidRequest(code: String?, message: String, param: String?, requestID: String?)
    /// The customer's payment method was declined. `paymentIntentID` names the intent the
    /// attempt was made on, when the gateway says so.
    case cardDeclined(
        code: String?, declineCode: String?, message: String,
        paymentIntentID: String?, requestID: String?)
    /// The idempotency key was already used with different parameters: a bug on our side
    /// (a request still in progress under the key is `outcomeUnknown` instead).
    case idempotencyConflict(message: String, requestID: String?)
    /// The API key was missing, wrong or revoked: a configuration problem.
    case authentication(message: String, requestID: String?)
    /// The API key lacks permission for this operation.
    case permission(message: String, requestID: String?)
    /// The object does not exist (for this key's mode).
    case notFound(message: String, requestID: String?)
    /// Too many requests; wait at least `retryAfter` when the gateway said so.
    case rateLimited(retryAfter: Duration?, requestID: String?)
    /// The gateway failed (HTTP 5xx). The request may or may not have taken effect.
    case gatewayUnavailable(httpStatus: Int, requestID: String?)
    /// The request never reached the gateway (connection refused, DNS, TLS): nothing
    /// happened there, so anything may be retried.
    case notDelivered(reason: String)
    /// The request was sent but no answer came back (timeout, connection lost): the
    /// gateway may have acted.
    case outcomeUnknown(reason: String)
    /// The gateway answered something this adapter cannot read (unexpected status or body).
    case unexpectedResponse(httpStatus: Int, detail: String, requestID: String?)

    /// Whether sending the same request again with the same idempotency key is safe and
    /// may succeed: transient failures, never refusals.
    public var isRetryableWithSameKey: Bool {
        switch self {
        case .rateLimited, .gatewayUnavailable, .notDelivered, .outcomeUnknown: return true
        case .invalidRequest, .cardDeclined, .idempotencyConflict, .authentication,
            .permission, .notFound, .unexpectedResponse:
            return false
        }
    }

    /// Whether the gateway may have acted on the request despite the error, so the
    /// caller must not conclude that nothing happened.
    public var mayHaveTakenEffect: Bool {
        switch self {
        case .gatewayUnavailable, .outcomeUnknown, .unexpectedResponse: return true
        case .invalidRequest, .cardDeclined, .idempotencyConflict, .authentication,
            .permission, .notFound, .rateLimited, .notDelivered:
            return false
        }
    }

    /// The gateway's request id, for support tickets, when an HTTP answer carried one.
    public var requestID: String? {
        switch self {
        case .invalidRequest(_, _, _, let id), .cardDeclined(_, _, _, _, let id),
            .idempotencyConflict(_, let id), .authentication(_, let id), .permission(_, let id),
            .notFound(_, let id), .rateLimited(_, let id), .gatewayUnavailable(_, let id),
            .unexpectedResponse(_, _, let id):
            return id
        case .notDelivered, .outcomeUnknown:
            return nil
        }
    }
}

extension GatewayError {
    /// A short description for API messages and stored failure reasons, which the admin
    /// API shows: WooshPay's error code and message, never a key, a body, or the transport's
    /// own text (it names hosts and ports; the adapter logs it).
    public var summary: String {
        switch self {
        case .invalidRequest(let code, let message, _, _): return "\(code ?? "invalid_request"): \(message)"
        case .cardDeclined(let code, _, let message, _, _): return "\(code ?? "declined"): \(message)"
        case .idempotencyConflict(let message, _): return "idempotency_conflict: \(message)"
        case .authentication: return "authentication failed"
        case .permission: return "permission denied"
        case .notFound(let message, _): return "not_found: \(message)"
        case .rateLimited: return "rate limited"
        case .gatewayUnavailable(let status, _): return "WooshPay error \(status)"
        case .notDelivered: return "WooshPay not reached"
        case .outcomeUnknown: return "no answer from WooshPay"
        case .unexpectedResponse(let status, _, _): return "unexpected answer \(status)"
        }
    }
}
