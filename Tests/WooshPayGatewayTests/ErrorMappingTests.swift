import CurlTransport
import OrderDomain
import Testing

@testable import WooshPayGateway

/// HTTP status + error envelope -> `GatewayError` category.
@Suite("Error mapping")
struct ErrorMappingTests {
    func map(
        _ status: Int, _ body: String, headers: [(name: String, value: String)] = []
    )
        -> GatewayError
    {
        WooshPayErrorMapping.error(
            for: HTTPResponse(status: status, headers: headers, body: Array(body.utf8)),
            requestID: "req_1")
    }

    @Test("400 invalid_request_error keeps code, message and param")
    func invalidRequest() {
        #expect(
            map(
                400,
                #"{"error":{"type":"invalid_request_error","code":"parameter_missing","message":"Missing required param: amount.","param":"amount"}}"#
            )
                == .invalidRequest(code: "parameter_missing", message: "Missing required param: amount.", param: "amount", requestID: "req_1"))
    }

    @Test("402 card_error is a decline with its decline code and payment intent")
    func decline() {
        #expect(
            map(
                402,
                #"{"error":{"type":"card_error","code":"card_declined","decline_code":"insufficient_funds","message":"Insufficient funds.","payment_intent":{"id":"pi_9","object":"payment_intent"}}}"#
            )
                == .cardDeclined(
                    code: "card_declined", declineCode: "insufficient_funds", message: "Insufficient funds.", paymentIntentID: "pi_9",
                    requestID: "req_1"))
        // Some integrations saw declines as 400 with a card_error type.
        #expect(
            map(400, #"{"error":{"type":"card_error","code":"card_declined","message":"Declined."}}"#)
                == .cardDeclined(code: "card_declined", declineCode: nil, message: "Declined.", paymentIntentID: nil, requestID: "req_1"))
    }

    @Test("402 that is not a card error (refund refused) is an invalid request")
    func refundRefused() {
        #expect(
            map(402, #"{"error":{"code":"refund_failed","type":"invalid_request_error","message":"Refund failed."}}"#)
                == .invalidRequest(code: "refund_failed", message: "Refund failed.", param: nil, requestID: "req_1"))
    }

    @Test("401, 403, 404, 409 and idempotency_error")
    func simpleCategories() {
        #expect(
            map(401, #"{"error":{"type":"invalid_request_error","message":"Invalid API Key provided."}}"#)
                == .authentication(message: "Invalid API Key provided.", requestID: "req_1"))
        #expect(map(403, #"{"error":{"message":"nope"}}"#) == .permission(message: "nope", requestID: "req_1"))
        #expect(
            map(404, #"{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such payment_intent"}}"#)
                == .notFound(message: "No such payment_intent", requestID: "req_1"))
        #expect(map(409, #"{"error":{"message":"conflict"}}"#) == .idempotencyConflict(message: "conflict", requestID: "req_1"))
        #expect(
            map(400, #"{"error":{"type":"idempotency_error","message":"Keys for idempotent requests can only be used with the same parameters"}}"#)
                == .idempotencyConflict(message: "Keys for idempotent requests can only be used with the same parameters", requestID: "req_1"))
    }

    @Test("a key still in use by another request is an unknown outcome (retryable), not a conflict")
    func keyInUse() {
        let error = map(409, #"{"error":{"type":"idempotency_error","code":"idempotency_key_in_use","message":"in progress"}}"#)
        #expect(error.isOutcomeUnknown)
        #expect(error.isRetryableWithSameKey)
    }

    @Test("429 reads Retry-After in seconds; absent or HTTP-date gives nil")
    func rateLimited() {
        #expect(map(429, "{}", headers: [("Retry-After", "2")]) == .rateLimited(retryAfter: .seconds(2), requestID: "req_1"))
        #expect(map(429, "{}", headers: [("retry-after", " 0.5 ")]) == .rateLimited(retryAfter: .milliseconds(500), requestID: "req_1"))
        #expect(map(429, "{}") == .rateLimited(retryAfter: nil, requestID: "req_1"))
        #expect(map(429, "{}", headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]) == .rateLimited(retryAfter: nil, requestID: "req_1"))
    }

    @Test("5xx is gatewayUnavailable whatever the body")
    func serverErrors() {
        for status in [500, 502, 503, 504] {
            #expect(map(status, "<html>oops</html>") == .gatewayUnavailable(httpStatus: status, requestID: "req_1"))
        }
    }

    @Test("envelope fallbacks: top-level message, error_description, string error, no body")
    func envelopeFallbacks() {
        #expect(map(400, #"{"message":"top-level"}"#) == .invalidRequest(code: nil, message: "top-level", param: nil, requestID: "req_1"))
        #expect(map(400, #"{"error_description":"described"}"#) == .invalidRequest(code: nil, message: "described", param: nil, requestID: "req_1"))
        #expect(map(400, #"{"error":"stringly"}"#) == .invalidRequest(code: nil, message: "stringly", param: nil, requestID: "req_1"))
        #expect(map(400, "") == .invalidRequest(code: nil, message: "WooshPay answered HTTP 400", param: nil, requestID: "req_1"))
    }

    @Test("other statuses: unknown 4xx is invalid, 3xx is unexpected")
    func otherStatuses() {
        #expect(map(422, #"{"error":{"message":"bad"}}"#) == .invalidRequest(code: nil, message: "bad", param: nil, requestID: "req_1"))
        #expect(map(302, "") == .unexpectedResponse(httpStatus: 302, detail: "WooshPay answered HTTP 302", requestID: "req_1"))
    }

    @Test("transport failures: before sending is notDelivered, after sending is outcomeUnknown")
    func transportFailures() {
        #expect(WooshPayErrorMapping.error(for: .connectionFailed("refused")).isNotDelivered)
        #expect(WooshPayErrorMapping.error(for: .tls("bad cert")).isNotDelivered)
        #expect(WooshPayErrorMapping.error(for: .timedOut(requestSent: false)).isNotDelivered)
        #expect(WooshPayErrorMapping.error(for: .timedOut(requestSent: true)).isOutcomeUnknown)
        #expect(WooshPayErrorMapping.error(for: .malformedResponse(requestSent: true, "eof")).isOutcomeUnknown)
    }

    @Test("retryability and may-have-taken-effect of each category")
    func helpers() {
        #expect(GatewayError.outcomeUnknown(reason: "").isRetryableWithSameKey)
        #expect(GatewayError.notDelivered(reason: "").isRetryableWithSameKey)
        #expect(GatewayError.gatewayUnavailable(httpStatus: 503, requestID: nil).isRetryableWithSameKey)
        #expect(GatewayError.rateLimited(retryAfter: nil, requestID: nil).isRetryableWithSameKey)
        #expect(!GatewayError.cardDeclined(code: nil, declineCode: nil, message: "", paymentIntentID: nil, requestID: nil).isRetryableWithSameKey)
        #expect(!GatewayError.idempotencyConflict(message: "", requestID: nil).isRetryableWithSameKey)
        #expect(!GatewayError.notFound(message: "", requestID: nil).isRetryableWithSameKey)
        #expect(GatewayError.outcomeUnknown(reason: "").mayHaveTakenEffect)
        #expect(!GatewayError.notDelivered(reason: "").mayHaveTakenEffect)
        #expect(map(404, "{}").requestID == "req_1")
    }
}

extension GatewayError {
    var isNotDelivered: Bool {
        if case .notDelivered = self { return true }
        return false
    }

    var isOutcomeUnknown: Bool {
        if case .outcomeUnknown = self { return true }
        return false
    }
}
