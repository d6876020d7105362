import Foundation
@testable import HTTPAPI
@testable import OrderDomain
import Testing

/// The pure pieces under the admin routes: time parsing, secret redaction, and how
/// reconciliation compares an attempt with an intent and decides what to do.
@Suite("Admin: pure rules") struct AdminPureTests {
    @Test func timesAreEpochSecondsOrRFC3339() {
        let cases: [(String, Int64?)] = [
            ("0", 0), ("1764028800", 1_764_028_800_000), ("2025-11-25T00:00:00Z", 1_764_028_800_000),
            ("2025-11-25t00:00:00z", 1_764_028_800_000), ("2025-11-25T01:00:00+01:00", 1_764_028_800_000),
            ("2025-11-24T19:30:00-04:30", 1_764_028_800_000), ("2025-11-25T00:00:00.250Z", 1_764_028_800_250),
            ("2025-11-25T00:00:00.123456789Z", 1_764_028_800_123), ("2024-02-29T12:00:00Z", 1_709_208_000_000),
            ("1970-01-01T00:00:00Z", 0), ("1969-12-31T23:59:59Z", -1000),
            ("", nil), ("yesterday", nil), ("-5", nil), ("1.5", nil), ("123456789012", nil), ("2025-11-25", nil),
            ("2025-11-25T00:00:00", nil), ("2025-11-25 00:00:00Z", nil), ("2025-02-29T00:00:00Z", nil), ("2025-13-01T00:00:00Z", nil),
            ("2025-11-31T00:00:00Z", nil), ("2025-11-25T24:00:00Z", nil), ("2025-11-25T00:60:00Z", nil), ("2025-11-25T00:00:00.Z", nil),
            ("2025-11-25T00:00:00+0100", nil), ("2025-11-25T00:00:00+24:00", nil), ("2025-11-25T00:00:00Zjunk", nil),
        ]
        for (text, expected) in cases {
            #expect(TimeInput.epochMilliseconds(text) == expected, "\(text)")
        }
        // Agrees with Foundation over a spread of dates.
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: Int64(-2_000_000_000), through: 4_000_000_000, by: 86_399 * 97) {
            let text = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(TimeInput.epochMilliseconds(text) == seconds * 1000, "\(text)")
        }
    }

    @Test func clientSecretsAreRedactedWhereverTheyAppear() {
        let cases: [(String, String)] = [
            (#"{"id":"pi_1","client_secret":"pi_1_secret_abc","amount":5}"#, #"{"id":"pi_1","client_secret":"redacted","amount":5}"#),
            (#"{"client_secret" : "pi_1_secret_abc"}"#, #"{"client_secret" : "redacted"}"#),
            (#"{"client_secret":null,"x":"y"}"#, #"{"client_secret":null,"x":"y"}"#),
            (#"{"url":"http://h/3ds/pi_1?client_secret=pi_1_secret_abc&x=1"}"#, #"{"url":"http://h/3ds/pi_1?client_secret=redacted&x=1"}"#),
            (#"{"next_action":"{\"url\":\"http://h/3ds/pi_1?client_secret=pi_1_secret_abc\"}"}"#,
             #"{"next_action":"{\"url\":\"http://h/3ds/pi_1?client_secret=redacted\"}"}"#),
            (#"{"o":"{\"client_secret\":\"pi_1_secret_abc\"}"}"#, #"{"o":"{\"client_secret\":\"redacted\"}"}"#),
            ("no secrets here, not even client_secret in prose", "no secrets here, not even client_secret in prose"),
            (#"{"client_secret":"a","client_secret":"b"}"#, #"{"client_secret":"redacted","client_secret":"redacted"}"#),
            ("", ""), ("client_secret", "client_secret"), ("client_secret=", "client_secret="),
        ]
        for (raw, shown) in cases {
            #expect(SecretRedaction.redact(raw) == shown, "\(raw)")
        }
    }

    static let attempt = PaymentAttempt(id: "pay_1", orderID: "ord_1", mode: .sdk, status: .requiresPaymentMethod,
                                        amount: Money(amount: 3000, currency: Currency(code: "USD")!), captureMethod: .automatic,
                                        paymentMethodTypes: ["card"], idempotencyKey: "k", paymentIntentID: "pi_1")

    static func intent(_ status: GatewayPaymentStatus, amount: Int64 = 3000, currency: String = "USD", id: String = "pi_1") -> PaymentIntentSnapshot {
        PaymentIntentSnapshot(id: id, status: status, gatewayStatus: "\(status)", amount: amount, currency: currency)
    }

    @Test func differencesAndActions() {
        typealias R = Reconciler
        #expect(R.differences(Self.attempt, Self.intent(.requiresPaymentMethod)).isEmpty)
        #expect(R.differences(Self.attempt, Self.intent(.succeeded)) == [.stateDiffers])
        #expect(R.differences(Self.attempt, Self.intent(.unknown("new_status"))).isEmpty, "an unknown status cannot be said to differ")
        #expect(R.differences(Self.attempt, Self.intent(.requiresPaymentMethod, amount: 2999, currency: "eur", id: "pi_2"))
            == [.notLinked, .amountDiffers, .currencyDiffers])
        #expect(R.differences(Self.attempt, Self.intent(.requiresPaymentMethod, currency: "usd")).isEmpty, "case of the code")
        var expired = Self.attempt
        expired.status = .expired
        #expect(R.differences(expired, Self.intent(.canceled)).isEmpty, "an expired checkout's intent is canceled")
        #expect(R.differences(expired, Self.intent(.succeeded)) == [.stateDiffers])

        #expect(R.action(.amountDiffers, remaining: [], intent: Self.intent(.succeeded)) == .flagged, "money is never repaired")
        #expect(R.action(.stateDiffers, remaining: [], intent: Self.intent(.succeeded)) == .repaired)
        #expect(R.action(.stateDiffers, remaining: [.stateDiffers], intent: Self.intent(.succeeded)) == .flagged, "money taken")
        #expect(R.action(.stateDiffers, remaining: [.stateDiffers], intent: Self.intent(.requiresPaymentMethod)) == .reported)
        #expect(R.action(.stateDiffers, remaining: [.stateDiffers, .amountDiffers], intent: Self.intent(.requiresPaymentMethod)) == .flagged)
        #expect(R.action(.notLinked, remaining: [], intent: Self.intent(.canceled)) == .repaired)
    }
}
