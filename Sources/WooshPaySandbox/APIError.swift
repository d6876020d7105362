/// A WooshPay error response: HTTP status plus the Stripe-shaped envelope
/// `{"error":{"type","code","decline_code"?,"message","param"?,"payment_intent"?}}`.
struct APIError: Error, Sendable {
    /// HTTP status code.
    var status: Int
    /// `invalid_request_error`, `card_error`, `idempotency_error` or `api_error`.
    var type: String
    /// Machine-readable code (`resource_missing`, `card_declined`, ...).
    var code: String?
    /// Card issuer's reason, for card errors.
    var declineCode: String?
    /// Human-readable explanation.
    var message: String
    /// The request parameter at fault, in bracket notation.
    var param: String?
    /// The intent involved, for card errors on confirm (Stripe includes it).
    var paymentIntent: JSONValue?

    /// The JSON body.
    var body: JSONValue {
        var error: JSONObject = ["type": .string(type)]
        if let code { error["code"] = .string(code) }
        if let declineCode { error["decline_code"] = .string(declineCode) }
        error["message"] = .string(message)
        if let param { error["param"] = .string(param) }
        if let paymentIntent { error["payment_intent"] = paymentIntent }
        return ["error": .object(error)]
    }
}

extension APIError {
    /// 400 for a missing required parameter.
    static func missing(_ param: String) -> APIError {
        APIError(
            status: 400, type: "invalid_request_error", code: "parameter_missing",
            message: "Missing required param: \(param).", param: param)
    }

    /// 400 for a parameter of the wrong type or value.
    static func invalid(_ param: String, _ message: String, code: String = "parameter_invalid") -> APIError {
        APIError(status: 400, type: "invalid_request_error", code: code, message: message, param: param)
    }

    /// 404 for an object that does not exist (`GET /v1/payment_intents/pi_nope`).
    static func notFound(_ kind: String, _ id: String, param: String = "id") -> APIError {
        APIError(
            status: 404, type: "invalid_request_error", code: "resource_missing",
            message: "No such \(kind): '\(id)'", param: param)
    }

    /// 400 when a referenced object in the body does not exist (Stripe answers 400, not 404).
    static func missingReference(_ kind: String, _ id: String, param: String) -> APIError {
        APIError(
            status: 400, type: "invalid_request_error", code: "resource_missing",
            message: "No such \(kind): '\(id)'", param: param)
    }

    /// 400 when the object is in the wrong state for the operation.
    static func unexpectedState(_ code: String, _ message: String) -> APIError {
        APIError(status: 400, type: "invalid_request_error", code: code, message: message)
    }

    /// 401 for a missing or wrong secret key.
    static func unauthorized(_ message: String) -> APIError {
        APIError(status: 401, type: "invalid_request_error", code: "api_key_invalid", message: message)
    }

    /// 409 for an Idempotency-Key conflict (`idempotency_key_in_use` while the first request
    /// is still running; no code for a key reused with other parameters, as Stripe does).
    static func idempotency(_ message: String, code: String? = nil) -> APIError {
        APIError(status: 409, type: "idempotency_error", code: code, message: message)
    }

    /// 500 for an internal failure (or an injected one).
    static func server(_ message: String = "An unexpected error occurred while processing your request.") -> APIError {
        APIError(status: 500, type: "api_error", code: "api_error", message: message)
    }

    /// 404 for an unknown URL.
    static func unrecognizedURL(method: String, path: String) -> APIError {
        APIError(
            status: 404, type: "invalid_request_error", code: "resource_missing",
            message: "Unrecognized request URL (\(method): \(path)).")
    }
}
