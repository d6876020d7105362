import Foundation
import Testing

@testable import HTTPAPI
@testable import OrderDomain

/// The pure pieces under the admin routes that need more than OrderDomain: time parsing
/// checked against Foundation, and secret redaction. Reconciliation's judgement and the
/// time table are in OrderDomainTests.
@Suite("Admin: pure rules") struct AdminPureTests {
    /// The table of readable and refused times is in OrderDomainTests (`TimeInputTests`).
    @Test func timesAgreeWithFoundation() {
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
            (
                #"{"next_action":"{\"url\":\"http://h/3ds/pi_1?client_secret=pi_1_secret_abc\"}"}"#,
                #"{"next_action":"{\"url\":\"http://h/3ds/pi_1?client_secret=redacted\"}"}"#
            ),
            (#"{"o":"{\"client_secret\":\"pi_1_secret_abc\"}"}"#, #"{"o":"{\"client_secret\":\"redacted\"}"}"#),
            ("no secrets here, not even client_secret in prose", "no secrets here, not even client_secret in prose"),
            (#"{"client_secret":"a","client_secret":"b"}"#, #"{"client_secret":"redacted","client_secret":"redacted"}"#),
            ("", ""), ("client_secret", "client_secret"), ("client_secret=", "client_secret="),
        ]
        for (raw, shown) in cases {
            #expect(SecretRedaction.redact(raw) == shown, "\(raw)")
        }
    }
}
