import Foundation
import OrderDomain
import Testing

@testable import WooshPayGateway

/// The optional timestamp tolerance, with an injected `now`, for second and millisecond `t`.
@Suite("Webhook timestamp tolerance")
struct WebhookFreshnessTests {
    let secret = "whsec_fresh"
    let signedAt: Int64 = 1_754_626_531  // seconds
    let verifier = WooshPayWebhookVerifier(
        secrets: [WooshPaySecret("whsec_fresh")],
        tolerance: .seconds(300))

    func verify(
        timestamp: String, nowSeconds: Int64, verifier: WooshPayWebhookVerifier? = nil
    )
        -> Result<GatewayEvent, WebhookVerificationError>
    {
        let header = WebhookSigning.header(secret: secret, timestamp: timestamp, body: WebhookSigning.eventBody)
        return Result { () throws(WebhookVerificationError) -> GatewayEvent in
            try (verifier ?? self.verifier).verify(
                rawBody: Array(WebhookSigning.eventBody.utf8), signatureHeader: header,
                now: GatewayTimestamp(epochSeconds: nowSeconds))
        }
    }

    @Test("a fresh seconds timestamp is accepted, including small clock skew either way")
    func freshSeconds() {
        for offset: Int64 in [0, 299, -299, 300, -300] {
            #expect(throws: Never.self, "offset \(offset)") {
                try verify(timestamp: String(signedAt), nowSeconds: signedAt + offset).get()
            }
        }
    }

    @Test("a stale or future seconds timestamp is rejected")
    func staleSeconds() {
        for offset: Int64 in [301, -301, 3600, 86_400 * 4] {
            #expect(
                verify(timestamp: String(signedAt), nowSeconds: signedAt + offset)
                    == .failure(.timestampOutsideTolerance), "offset \(offset)")
        }
    }

    @Test("a millisecond timestamp is understood as milliseconds, not as the far future")
    func milliseconds() {
        let ms = String(signedAt * 1000 + 398)
        #expect(throws: Never.self) { try verify(timestamp: ms, nowSeconds: signedAt + 10).get() }
        #expect(verify(timestamp: ms, nowSeconds: signedAt + 301) == .failure(.timestampOutsideTolerance))
        #expect(verify(timestamp: ms, nowSeconds: signedAt - 301) == .failure(.timestampOutsideTolerance))
    }

    @Test("a nil tolerance disables the freshness check entirely")
    func disabled() {
        let lenient = WooshPayWebhookVerifier(secrets: [WooshPaySecret(secret)], tolerance: nil)
        #expect(throws: Never.self) {
            try verify(timestamp: String(signedAt), nowSeconds: signedAt + 86_400 * 365, verifier: lenient).get()
        }
    }

    @Test("a stale timestamp with a bad signature reports the signature, not the age")
    func signatureCheckedFirst() {
        let header = "t=\(signedAt),v1=" + String(repeating: "ab", count: 32)
        let result = Result { () throws(WebhookVerificationError) -> GatewayEvent in
            try verifier.verify(
                rawBody: Array(WebhookSigning.eventBody.utf8), signatureHeader: header,
                now: GatewayTimestamp(epochSeconds: signedAt + 99_999))
        }
        #expect(result == .failure(.noSignatureMatch))
    }

    @Test("a validly signed body that is not an event is a malformed payload")
    func malformedPayload() {
        for body in [
            "not json", #"{"id":"evt_1"}"#,
            #"{"id":"evt_1","type":"payment_intent.succeeded","data":{"object":{"object":"payment_intent","id":"pi_1"}}}"#,
        ] {
            let header = WebhookSigning.header(secret: secret, timestamp: String(signedAt), body: body)
            let result = Result { () throws(WebhookVerificationError) -> GatewayEvent in
                try verifier.verify(
                    rawBody: Array(body.utf8), signatureHeader: header,
                    now: GatewayTimestamp(epochSeconds: signedAt))
            }
            #expect(result == .failure(.malformedPayload), "\(body)")
        }
    }

    @Test("the timestamp is signed as sent: re-rendering ms as seconds breaks the signature")
    func timestampSignedVerbatim() {
        let ms = String(signedAt * 1000)
        let header = WebhookSigning.header(secret: secret, timestamp: ms, body: WebhookSigning.eventBody)
            .replacingOccurrences(of: "t=\(ms)", with: "t=\(signedAt)")
        let result = Result { () throws(WebhookVerificationError) -> GatewayEvent in
            try verifier.verify(
                rawBody: Array(WebhookSigning.eventBody.utf8), signatureHeader: header,
                now: GatewayTimestamp(epochSeconds: signedAt))
        }
        #expect(result == .failure(.noSignatureMatch))
    }

    @Test("header elements may come in any order and with spaces")
    func anyOrder() throws {
        let header = WebhookSigning.header(secret: secret, timestamp: String(signedAt), body: WebhookSigning.eventBody)
        let parts = header.split(separator: ",").map(String.init)
        let reordered = "v0=zz, \(parts[1]) ,x=1,junk, \(parts[0])"
        let event = try verifier.verify(
            rawBody: Array(WebhookSigning.eventBody.utf8), signatureHeader: reordered,
            now: GatewayTimestamp(epochSeconds: signedAt))
        #expect(event.id == "evt_1")
    }
}
