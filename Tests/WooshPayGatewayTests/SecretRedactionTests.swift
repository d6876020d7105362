import CurlTransport
import Foundation
import Logging
import OrderDomain
import Synchronization
import Testing

@testable import WooshPayGateway

/// Keys and client secrets never reach logs or dumps.
@Suite("Secret redaction")
struct SecretRedactionTests {
    @Test("description, debugDescription, reflection and dump never show the value")
    func redacted() {
        let secret = WooshPaySecret("sk_test_abcdefSECRET")
        #expect("\(secret)" == "sk_test_<redacted:20>")
        #expect(String(reflecting: secret) == "sk_test_<redacted:20>")
        var dumped = ""
        dump(
            WooshPayConfiguration(secretKey: secret, webhookSecrets: [WooshPaySecret("whsec_HOOKSECRET")]),
            to: &dumped)
        #expect(!dumped.contains("SECRET"))
        #expect("\(WooshPaySecret("opaque-value"))" == "<redacted:12>")
    }

    @Test("configuration problems are reported one per line, without the key")
    func problems() {
        let bad = WooshPayConfiguration(apiBase: "ftp://x", secretKey: WooshPaySecret("pk_test_LEAK"))
        #expect(bad.problems.count == 3)
        #expect(!bad.problems.joined().contains("LEAK"))
        let good = WooshPayConfiguration(secretKey: WooshPaySecret("sk_test_x"), webhookSecrets: [WooshPaySecret("whsec_x")])
        #expect(good.problems.isEmpty)
    }

    @Test("logs of successful and failed calls carry no key, auth header or client secret")
    func logsAreClean() async throws {
        let sink = LogSink()
        let transport = ScriptedTransport([
            .respond(500, "{}"), .respond(200, Samples.intent()),
            .respond(402, #"{"error":{"type":"card_error","message":"declined"}}"#),
        ])
        var logger = Logger(label: "test") { _ in sink }
        logger.logLevel = .trace
        let gateway = WooshPayGateway(
            configuration: WooshPayConfiguration(
                secretKey: WooshPaySecret("sk_test_KEYVALUE"), maxRetries: 1,
                backoffBase: .milliseconds(1)),
            transport: transport, logger: logger, sleep: { _ in })
        _ = try await gateway.createPaymentIntent(CreatePaymentIntentRequest(amount: 1, currency: "USD"), idempotencyKey: "k")
        _ = try? await gateway.createPaymentIntent(CreatePaymentIntentRequest(amount: 1, currency: "USD"), idempotencyKey: "k2")
        let lines = sink.lines
        #expect(lines.count >= 3)
        for line in lines {
            #expect(!line.contains("KEYVALUE"))
            #expect(!line.contains("c2tf"))  // base64 of "sk_"
            #expect(!line.contains("TOPSECRET"))
        }
        #expect(lines.contains { $0.contains("wooshpay.request_id") })
    }
}

/// A log handler that keeps rendered lines (message + metadata) for inspection.
final class LogSink: LogHandler, Sendable {
    private let storage = Mutex<[String]>([])
    var lines: [String] { storage.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}
    }
    var logLevel: Logger.Level {
        get { .trace }
        set {}
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}
    }

    func log(event: LogEvent) {
        let rendered = "\(event.message) \(event.metadata ?? [:])"
        storage.withLock { $0.append(rendered) }
    }
}
