import OrderDomain

/// A parsed `Wooshpay-Signature` header: `t=<timestamp>,v1=<hex>[,v1=<hex>...]`, elements
/// in any order, unknown schemes (`v0=`...) ignored.
struct WebhookSignatureHeader: Equatable {
    /// The timestamp exactly as sent: it is part of the signed payload, so it must not be
    /// re-rendered (seconds and milliseconds would sign differently).
    let timestampText: String
    /// The timestamp, normalised (WooshPay may send seconds or milliseconds).
    let timestamp: GatewayTimestamp
    /// Every `v1` signature, hex as sent.
    let signatures: [String]

    /// Parses a header value.
    static func parse(_ header: String?) throws(WebhookVerificationError) -> WebhookSignatureHeader {
        guard let header, !header.trimmingWhitespace.isEmpty else { throw .missingHeader }
        var timestampText: String?
        var signatures: [String] = []
        for element in header.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = element.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            // An element without `=` carries no scheme: skip it like an unknown scheme.
            guard parts.count == 2 else { continue }
            let key = String(parts[0]).trimmingWhitespace
            let value = String(parts[1]).trimmingWhitespace
            switch key {
            case "t":
                // Two different timestamps would make "which one was signed" ambiguous.
                guard timestampText == nil || timestampText == value else { throw .malformedHeader }
                timestampText = value
            case "v1":
                signatures.append(value)
            default:
                continue
            }
        }
        guard let timestampText, !timestampText.isEmpty,
            timestampText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int64(timestampText)
        else { throw .malformedHeader }
        guard !signatures.isEmpty else { throw .malformedHeader }
        return WebhookSignatureHeader(
            timestampText: timestampText,
            timestamp: GatewayTimestamp(epochSecondsOrMilliseconds: value),
            signatures: signatures)
    }
}
