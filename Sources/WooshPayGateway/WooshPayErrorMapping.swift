import CurlTransport
import OrderDomain

/// Turns WooshPay's HTTP answers and transport failures into `GatewayError` categories.
enum WooshPayErrorMapping {
    /// The category of a non-2xx answer, from its status code and error `type`.
    static func error(for response: HTTPResponse, requestID: String?) -> GatewayError {
        let body = WireErrorBody(body: response.body)
        let status = response.status
        let message = body.message ?? "WooshPay answered HTTP \(status)"
        // The type wins over the status for idempotency: WooshPay documents the type but
        // only describes 409 loosely ("perhaps due to" key reuse).
        if body.code == "idempotency_key_in_use" {
            // Another request with this key is still running (typically our own attempt
            // that timed out): its outcome is unknown, and a later retry with the same key
            // will replay it. Not a conflict the caller must fix.
            return .outcomeUnknown(reason: "another request with this idempotency key is still in progress")
        }
        if body.type == "idempotency_error" {
            return .idempotencyConflict(message: message, requestID: requestID)
        }
        let isDecline =
            body.type == "card_error" || body.declineCode != nil
            || body.code == "card_declined"
        if isDecline && (status == 400 || status == 402) {
            return .cardDeclined(
                code: body.code, declineCode: body.declineCode, message: message,
                paymentIntentID: body.paymentIntentID, requestID: requestID)
        }
        switch status {
        case 401:
            return .authentication(message: message, requestID: requestID)
        case 403:
            return .permission(message: message, requestID: requestID)
        case 404:
            return .notFound(message: message, requestID: requestID)
        case 409:
            return .idempotencyConflict(message: message, requestID: requestID)
        case 429:
            return .rateLimited(
                retryAfter: retryAfter(response.header("Retry-After")),
                requestID: requestID)
        case 500...599:
            return .gatewayUnavailable(httpStatus: status, requestID: requestID)
        case 400...499:
            // 400, non-decline 402 (e.g. refund refused) and anything else the client got
            // wrong: retrying the same request cannot help.
            return .invalidRequest(
                code: body.code, message: message, param: body.param,
                requestID: requestID)
        default:
            return .unexpectedResponse(httpStatus: status, detail: message, requestID: requestID)
        }
    }

    /// A transport failure: undelivered requests are safe to resend; sent ones have an
    /// unknown outcome.
    static func error(for failure: TransportError) -> GatewayError {
        let reason = String(describing: failure)
        return failure.requestMayHaveBeenProcessed
            ? .outcomeUnknown(reason: reason) : .notDelivered(reason: reason)
    }

    /// `Retry-After` in (possibly fractional) seconds; the HTTP-date form is ignored.
    static func retryAfter(_ header: String?) -> Duration? {
        guard let header, let seconds = Double(header.trimmingWhitespace), seconds >= 0,
            seconds < 86_400
        else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
