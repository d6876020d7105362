import Foundation
import Logging
import MerchantServer
import Testing

/// A full run (storefront, three flows, webhooks, 3-D Secure return, refund) with the
/// service logging JSON at trace level into memory: no secret it handled appears anywhere
/// in what it wrote, while the lines still carry request, order and attempt ids.
@Suite("Observability: no secret in the logs") struct LogSecretTests {
    @Test func aFullRunAtTraceLevelLogsNoSecret() async throws {
        try await ObservabilityHarness.with(level: .trace, configure: { $0.notifications.streamMaxSeconds = 1 }) { o in
            let flow = try await o.runFlow()
            // The event stream opened with a ticket, as a browser's EventSource does.
            let order = (id: try #require(flow.orders.first), token: try #require(flow.orderTokens.first))
            let ticket = try #require(
                try await o.h.send(
                    .POST, "/v1/orders/\(order.id)/stream-tickets",
                    headers: [(name: "X-Order-Token", value: order.token)]
                ).string("ticket"))
            let stream = try await o.h.send(.GET, "/v1/orders/\(order.id)/events?ticket=\(ticket)")
            #expect(stream.status == 200 && stream.text.contains("event: order.status"), "\(stream.text)")
            _ = try await o.scrape()
            let configuration = o.h.configuration
            let lines = o.log.captured
            let text = o.log.text
            #expect(lines.count > 50, "trace level logs every request and WooshPay call: \(lines.count) lines")
            if let path = ProcessInfo.processInfo.environment["OBS_LOG_DUMP"] { try? text.write(toFile: path, atomically: true, encoding: .utf8) }

            var secrets = [
                "WooshPay secret key": configuration.wooshPay.secretKey,
                "its Basic credential": Data("\(configuration.wooshPay.secretKey):".utf8).base64EncodedString(),
                "admin key": flow.adminKey,
                "admin key's secret part": String(flow.adminKey.split(separator: "_").last ?? ""),
            ]
            for (index, secret) in configuration.wooshPay.webhookSecrets.enumerated() { secrets["webhook secret \(index)"] = secret }
            for (index, secret) in flow.clientSecrets.enumerated() {
                secrets["client secret \(index)"] = secret
                secrets["client secret \(index), its secret part"] = secret.components(separatedBy: "_secret_").last ?? secret
            }
            for (index, token) in flow.orderTokens.enumerated() { secrets["order token \(index)"] = token }
            secrets["stream ticket"] = ticket
            for (index, card) in flow.cardNumbers.enumerated() { secrets["card \(index)"] = card }
            #expect(secrets.count >= 15 && secrets.values.allSatisfy { $0.count >= 12 }, "\(secrets)")
            for (what, secret) in secrets.sorted(by: { $0.key < $1.key }) {
                let leaks = lines.filter { $0.contains(secret) }
                #expect(leaks.isEmpty, "\(what) in \(leaks.count) line(s), first: \(leaks.first ?? "")")
            }

            // The capture is the service's real output: valid JSON lines with the ids.
            let objects = lines.compactMap { LogFormatTests.json($0) }
            #expect(objects.count == lines.count, "every line is one JSON object")
            #expect(objects.allSatisfy { $0["timestamp"] is String && $0["level"] is String && $0["label"] is String && $0["message"] is String })
            #expect(objects.contains { $0["request_id"] is String }, "request ids")
            #expect(objects.contains { ($0["order_id"] as? String).map(flow.orders.contains) == true }, "order ids")
            #expect(objects.contains { ($0["attempt_id"] as? String)?.hasPrefix("pay_") == true }, "attempt ids")
            #expect(objects.contains { $0["level"] as? String == "trace" || $0["level"] as? String == "debug" })
            // The customer's return carried a client secret in its query, and the request
            // log line showed it masked: the redaction is what kept it out.
            #expect(
                text.contains("payment_intent_client_secret=[redacted]") || text.contains("_secret_[redacted]"),
                "the 3-D Secure return was logged, redacted")
        }
    }
}
