#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The error part of a non-2xx WooshPay answer. The documented envelope is
/// `{"error": {type, code, decline_code, message, param}}`, but integrations have also
/// seen a bare `message`, `error_description` or a string `error`, so each is tried.
struct WireErrorBody: Equatable {
    /// `invalid_request_error`, `card_error`, `idempotency_error`, `api_error`.
    var type: String?
    /// Machine-readable code (`card_declined`, `resource_missing`...).
    var code: String?
    /// The issuer's reason for a decline.
    var declineCode: String?
    /// Human-readable explanation.
    var message: String?
    /// The parameter at fault.
    var param: String?
    /// The intent a card error happened on (id or expanded object in the envelope).
    var paymentIntentID: String?

    /// Reads whatever error information `body` holds; an unreadable body gives an empty value.
    init(body: [UInt8]) {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: Data(body)),
            let members = root.objectValue
        else { return }
        if let error = members["error"]?.objectValue {
            type = error["type"]?.scalarText
            code = error["code"]?.scalarText
            declineCode = error["decline_code"]?.scalarText
            message = error["message"]?.scalarText
            param = error["param"]?.scalarText
            if let intent = error["payment_intent"] {
                paymentIntentID = intent.objectValue?["id"]?.scalarText ?? intent.scalarText
            }
        }
        type = type ?? members["type"]?.scalarText
        code = code ?? members["code"]?.scalarText
        message =
            message ?? members["message"]?.scalarText
            ?? members["error_description"]?.scalarText
            ?? members["error"]?.scalarText
    }
}
