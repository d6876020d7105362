import Foundation
import Logging
import MerchantServer
import Testing

/// The JSON log handler and the redaction every line goes through.
@Suite("Observability: log lines") struct LogFormatTests {
    static func json(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    static func logger(_ capture: LogCapture, format: LogFormat = .json, level: Logger.Level = .trace) -> Logger {
        Logger(label: "merchant.test") { Server.logHandler(label: $0, format: format, level: level, sink: capture.sink) }
    }

    @Test func eachEventIsOneJSONObjectWithTheFixedFieldsAndFlattenedMetadata() throws {
        let capture = LogCapture()
        var logger = Self.logger(capture)
        logger[metadataKey: "hb.request.id"] = "0123abcd"
        logger.info(
            "webhook \"received\"\nsecond line\u{1}",
            metadata: [
                "order": "ord_1", "attempt": "pay_2", "refund": "rf_3", "event": "evt_4",
                "gateway": ["status": "200", "request": ["id": "req_5"]], "tags": ["a", "b"],
                "message": "shadowing", "count": .stringConvertible(42),
            ])
        logger.trace("quiet one")
        logger.debug("no metadata")
        let lines = capture.captured
        #expect(lines.count == 3)
        let first = try #require(Self.json(lines[0]), "valid JSON: \(lines[0])")
        #expect(first["level"] as? String == "info")
        #expect(first["label"] as? String == "merchant.test")
        #expect(first["message"] as? String == "webhook \"received\"\nsecond line\u{1}")
        #expect(first["request_id"] as? String == "0123abcd")
        #expect(first["order_id"] as? String == "ord_1")
        #expect(first["attempt_id"] as? String == "pay_2")
        #expect(first["refund_id"] as? String == "rf_3")
        #expect(first["event"] as? String == "evt_4")
        #expect(first["gateway.status"] as? String == "200")
        #expect(first["gateway.request.id"] as? String == "req_5")
        #expect(first["tags"] as? [String] == ["a", "b"])
        #expect(first["meta.message"] as? String == "shadowing")
        #expect(first["count"] as? String == "42")
        #expect(first["hb.request.id"] == nil && first["order"] == nil, "aliases replace the raw keys")
        let timestamp = try #require(first["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/) != nil, "\(timestamp)")
        let parsed = try #require(ISO8601DateFormatter.withFractionalSeconds.date(from: timestamp))
        #expect(abs(parsed.timeIntervalSinceNow) < 60)
        #expect(lines[0].hasPrefix(#"{"timestamp":"#), "fixed fields first")
        #expect(!lines.contains { $0.contains("\n") }, "one physical line per event")
        #expect(Self.json(lines[1])?["level"] as? String == "trace")
        #expect(Self.json(lines[2])?["request_id"] as? String == "0123abcd", "handler metadata on every line")
    }

    @Test func theLevelFiltersAndConcurrentLinesNeverInterleave() async throws {
        let capture = LogCapture()
        let logger = Self.logger(capture, level: .notice)
        logger.info("dropped")
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        logger.notice("line \(index) of task \(task) \(String(repeating: "x", count: 2000))", metadata: ["task": "\(task)"])
                    }
                }
            }
        }
        let lines = capture.captured
        #expect(lines.count == 1600)
        #expect(lines.allSatisfy { Self.json($0)?["level"] as? String == "notice" })
    }

    @Test func secretsAreRedactedFromMessagesAndMetadata() throws {
        let capture = LogCapture()
        let logger = Self.logger(capture)
        let secrets = [
            "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_abcdef123456", "rk_live_abcdef123456", "whsec_9f8e7d6c5b4a",
            "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH", "mk_00112233aabbccdd_" + String(repeating: "ab", count: 32),
            "otok_5f4e3d2c1b0a99887766", "4111111111111111", "4000 0000 0000 3220", "3782-822463-10005", "5555555555554444",
            "dXNlcjpwYXNzd29yZA==", "hunter2", "tok_visa_secret_value",
        ]
        logger.info(
            "GET /v1/orders/ord_1/return?attempt=pay_1&payment_intent=pi_1&payment_intent_client_secret=pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH&redirect_status=succeeded"
        )
        logger.info(
            "calling with sk_test_4eC39HqLyjWDarjtT1zdp7dc and whsec_9f8e7d6c5b4a, card 4111111111111111, 4000 0000 0000 3220 or 3782-822463-10005")
        logger.info("admin mk_00112233aabbccdd_\(String(repeating: "ab", count: 32)) token otok_5f4e3d2c1b0a99887766 key rk_live_abcdef123456")
        logger.info("header Authorization: Basic dXNlcjpwYXNzd29yZA== and postgresql://app:hunter2@db:5432/merchant")
        logger.info("body {\"client_secret\":\"tok_visa_secret_value\"}")
        logger.info(
            "plain",
            metadata: [
                "client_secret": "anything at all", "authorization": "Bearer sk_live_abcdef123456", "order_token": "x",
                "card": "5555555555554444", "nested": ["password": "hunter2"], "list": ["sk_live_abcdef123456"],
                "error": .stringConvertible(TestError(text: "sent whsec_9f8e7d6c5b4a")),
            ])
        let text = capture.text
        for secret in secrets { #expect(!text.contains(secret), "\(secret) leaked:\n\(text)") }
        #expect(capture.captured.allSatisfy { Self.json($0) != nil })
        // What is not secret stays readable.
        #expect(text.contains("payment_intent=pi_1&payment_intent_client_secret=[redacted]&redirect_status=succeeded"))
        #expect(text.contains("sk_[redacted]") && text.contains("whsec_[redacted]") && text.contains("otok_[redacted]"))
        #expect(text.contains("pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_[redacted]") || text.contains("client_secret=[redacted]"))
        #expect(text.contains("postgresql://app:[redacted]@db:5432/merchant"))
        let plain = try #require(capture.captured.last.flatMap(Self.json))
        #expect(plain["client_secret"] as? String == "[redacted]")
        #expect(plain["order_token"] as? String == "[redacted]")
        #expect(plain["nested.password"] as? String == "[redacted]")
    }

    @Test func whatIsNotASecretIsLeftAlone() {
        let untouched = [
            "order ord_9f86d081884c7d65 attempt pay_0123456789abcdef intent pi_3MtwBwLkdIwHu7ix28a3tqPa session cs_test_a1b2c3",
            "pk_test_sandbox is the publishable key; disk_usage task_id risk_score",
            "password authentication failed for user \"app\"", "Basic auth is not used",
            "took 1764000000 s, 123456789012 rows, 12345678901234567890123 bytes", "2026-11-26T03:11:30.123Z",
            "request 0123456789abcdef0123456789abcdef", "wooshpay.idempotency_key merchant-pay_1234567890123456",
            "refund re_1234567890123456789", "client_secrets_count=3",
        ]
        for text in untouched { #expect(LogRedaction.redact(text) == text, "\(text) -> \(LogRedaction.redact(text))") }
    }

    @Test func theTextFormatIsRedactedToo() {
        let capture = LogCapture()
        var logger = Self.logger(capture, format: .text)
        logger[metadataKey: "authorization"] = "Bearer mk_00112233aabbccdd_ffee"
        logger.notice("sync with sk_test_4eC39HqLyjWDarjtT1zdp7dc", metadata: ["card": "4242424242424242", "order": "ord_1"])
        let text = capture.text
        #expect(capture.captured.count == 1)
        #expect(text.contains("sync with sk_[redacted]"))
        #expect(text.contains("order=ord_1"))
        #expect(!text.contains("4242424242424242") && !text.contains("sk_test_4eC39") && !text.contains("mk_00112233"))
        #expect(Self.json(text) == nil, "text, not JSON")
    }

    @Test func logFormatIsAConfigurationKey() throws {
        #expect(ServerConfiguration.keys.contains("LOG_FORMAT"))
        let base = ["PGDATABASE": "merchant"]
        #expect(try ServerConfiguration(environment: base).logFormat == .json)
        #expect(try ServerConfiguration(environment: base.merging(["LOG_FORMAT": "TEXT"]) { $1 }).logFormat == .text)
        #expect(try ServerConfiguration(environment: base.merging(["LOG_FORMAT": "json"]) { $1 }).logFormat == .json)
        do {
            _ = try ServerConfiguration(environment: base.merging(["LOG_FORMAT": "xml"]) { $1 })
            Issue.record("LOG_FORMAT=xml accepted")
        } catch {
            #expect(error.problems == ["LOG_FORMAT must be json or text, got \"xml\""])
        }
    }
}

struct TestError: Error, CustomStringConvertible {
    let text: String
    var description: String { text }
}

extension ISO8601DateFormatter {
    static var withFractionalSeconds: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
