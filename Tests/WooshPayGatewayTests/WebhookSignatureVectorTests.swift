import OrderDomain
import Testing

@testable import WooshPayGateway

/// Every shared signature vector, with the freshness check disabled (the vectors'
/// timestamps are in the past).
@Suite("Webhook signature vectors")
struct WebhookSignatureVectorTests {
    static let vectors = SignatureVectors.shared
    static let now = GatewayTimestamp(epochSeconds: 1_754_626_531)

    func verifier(_ secrets: [String]) -> WooshPayWebhookVerifier {
        WooshPayWebhookVerifier(secrets: secrets.map(WooshPaySecret.init), tolerance: nil)
    }

    func outcome(
        _ vector: SignatureVectors.Case, secrets: [String]
    )
        -> Result<GatewayEvent, WebhookVerificationError>
    {
        do {
            return .success(
                try verifier(secrets).verify(
                    rawBody: Array(vector.body.utf8), signatureHeader: vector.header, now: Self.now))
        } catch {
            return .failure(error)
        }
    }

    @Test("the fixture is loaded and complete")
    func fixtureLoaded() {
        #expect(Self.vectors.cases.count == 13)
        #expect(!Self.vectors.secret.isEmpty)
    }

    @Test("each vector verifies (or not) with only the current secret", arguments: vectors.cases)
    func currentSecretOnly(_ vector: SignatureVectors.Case) throws {
        let result = outcome(vector, secrets: [Self.vectors.secret])
        switch vector.valid {
        case .valid:
            let event = try result.get()
            #expect(event.id == "evt_1583366366029676544")
            #expect(event.type == .paymentIntentSucceeded)
        case .invalid:
            #expect(throws: WebhookVerificationError.self) { try result.get() }
        case .conditional:
            if vector.name.contains("uppercase hex") {
                // Documented choice: hex digits are compared case-insensitively.
                #expect(throws: Never.self) { try result.get() }
            } else {
                // Signed with the previous secret only.
                #expect(result == .failure(.noSignatureMatch))
            }
        }
    }

    @Test("each vector verifies (or not) while both secrets are configured", arguments: vectors.cases)
    func duringRotation(_ vector: SignatureVectors.Case) {
        let result = outcome(vector, secrets: [Self.vectors.secret, Self.vectors.previousSecret])
        switch vector.valid {
        case .valid, .conditional:
            #expect(throws: Never.self) { try result.get() }
        case .invalid:
            #expect(throws: WebhookVerificationError.self) { try result.get() }
        }
    }

    @Test("the rejection reason is specific to each kind of bad header")
    func rejectionReasons() {
        let byName = Dictionary(uniqueKeysWithValues: Self.vectors.cases.map { ($0.name, $0) })
        let expected: [String: WebhookVerificationError] = [
            "tampered body (amount changed)": .noSignatureMatch,
            "timestamp changed after signing": .noSignatureMatch,
            "wrong secret": .noSignatureMatch,
            "no v1": .malformedHeader,
            "no timestamp": .malformedHeader,
            "garbage header": .malformedHeader,
            "empty header": .missingHeader,
        ]
        for (name, error) in expected {
            guard let vector = byName[name] else {
                Issue.record("vector \(name) missing from the fixture")
                continue
            }
            #expect(outcome(vector, secrets: [Self.vectors.secret]) == .failure(error), "\(name)")
        }
    }

    @Test("no header at all is missingHeader; no secret configured matches nothing")
    func missingHeaderAndNoSecrets() throws {
        let vector = try #require(Self.vectors.cases.first)
        let noHeader = Result { () throws(WebhookVerificationError) -> GatewayEvent in
            try verifier([Self.vectors.secret]).verify(
                rawBody: Array(vector.body.utf8), signatureHeader: nil, now: Self.now)
        }
        #expect(noHeader == .failure(.missingHeader))
        #expect(outcome(vector, secrets: []) == .failure(.noSignatureMatch))
    }

    @Test(
        "the Stripe-library column agrees with us except for the documented hex-case choice",
        arguments: vectors.cases)
    func agreesWithStripeLibrary(_ vector: SignatureVectors.Case) {
        let accepted = (try? outcome(vector, secrets: [Self.vectors.secret]).get()) != nil
        if vector.name.contains("uppercase hex") {
            #expect(accepted && !vector.stripeLibraryAccepts)
        } else {
            #expect(accepted == vector.stripeLibraryAccepts)
        }
    }
}
