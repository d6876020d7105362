import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import MerchantServer
import OrderDomain
import PostgresStore
import Synchronization
import TestSupport
import Testing

/// Failed admin authentications: still the one uniform 401, but logged at `notice` with
/// the reason and the key's public id (never its secret) and counted in
/// `merchant_admin_auth_failures_total{reason}`.
@Suite("Admin: failed authentication is logged and counted") struct AdminAuthFailureTests {
    /// Every log line, in memory.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    /// Writes each line, with its metadata (Hummingbird's request id included), to `Lines`.
    struct Handler: LogHandler {
        let sink: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
            file: String, function: String, line: UInt
        ) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            let text = "\(level) \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"
            sink.lines.withLock { $0.append(text) }
        }
    }

    @Test func eachReasonIsCountedAndLoggedWithoutTheSecret() async throws {
        try await TestDatabase.with { pool, _ in
            let store = AdminKeyStore(pool: pool)
            let revoked = try await store.create(name: "old", role: .viewer).token
            _ = try await store.revoke("old")
            let live = try await store.create(name: "live", role: .viewer).token
            let wrongSecret = "mk_\(live.idHex)_" + String(repeating: "e", count: 64)
            let unknown = "mk_0123456789abcdef_" + String(repeating: "d", count: 64)
            let sink = Lines()
            let logger = Logger(label: "test") { _ in Handler(sink: sink) }
            let metrics = ServiceMetrics()
            let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: logger, metrics: metrics)
            let presented: [String?] = [nil, "Bearer not-a-key", "Bearer \(unknown)", "Bearer \(wrongSecret)", "Bearer \(revoked.text)"]
            try await app.test(.router) { client in
                for authorization in presented {
                    var headers = HTTPFields()
                    if let authorization { headers[.authorization] = authorization }
                    try await client.execute(uri: "/v1/admin/products", method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized)
                        #expect(errorCode(response) == "invalid_api_key")
                    }
                }
                try await client.execute(
                    uri: "/v1/admin/products", method: .get,
                    headers: [.authorization: "Bearer \(live.text)"]
                ) { #expect($0.status == .ok) }
            }
            let m = Exposition(text: metrics.registry.emitToString(), contentType: "")
            let name = "merchant_admin_auth_failures_total"
            #expect(m.value(name, ["reason": "missing"]) == 1)
            #expect(m.value(name, ["reason": "malformed"]) == 1)
            #expect(m.value(name, ["reason": "unknown"]) == 2, "an unknown id and a wrong secret")
            #expect(m.value(name, ["reason": "revoked"]) == 1)

            let failures = sink.lines.withLock { $0 }.filter { $0.contains("admin authentication failed") }
            #expect(failures.count == 5)
            #expect(failures.allSatisfy { $0.hasPrefix("notice ") })
            #expect(failures.contains { $0.contains("reason=revoked") && $0.contains("key_id=\(revoked.keyID)") })
            #expect(failures.contains { $0.contains("reason=unknown") && $0.contains("key_id=\(live.keyID)") })
            let everything = sink.lines.withLock { $0 }.joined(separator: "\n")
            for secret in [revoked.secret, live.secret, String(repeating: "e", count: 64), String(repeating: "d", count: 64)] {
                #expect(!everything.contains(secret), "a presented secret reached the log")
            }
        }
    }

    /// The back-office sign-in checks keys outside the admin group's middleware: a guessing
    /// attack through it must show in the same counter and log as one on the API.
    @Test func refusedSignInsAreCountedAndLoggedWithoutTheSecret() async throws {
        try await TestDatabase.with { pool, _ in
            let store = AdminKeyStore(pool: pool)
            let revoked = try await store.create(name: "gone", role: .viewer).token
            _ = try await store.revoke("gone")
            let unknown = "mk_0123456789abcdef_" + String(repeating: "c", count: 64)
            let sink = Lines()
            let logger = Logger(label: "test") { _ in Handler(sink: sink) }
            let metrics = ServiceMetrics()
            let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: logger, metrics: metrics)
            try await app.test(.router) { client in
                for key in ["not-a-key", unknown, revoked.text] {
                    let body = ByteBuffer(string: #"{"api_key":"\#(key)"}"#)
                    try await client.execute(
                        uri: "/v1/admin/session", method: .post, headers: [.contentType: "application/json"], body: body
                    ) { response in
                        #expect(response.status == .unauthorized)
                        #expect(errorCode(response) == "invalid_api_key")
                    }
                }
            }
            let m = Exposition(text: metrics.registry.emitToString(), contentType: "")
            let name = "merchant_admin_auth_failures_total"
            #expect(m.value(name, ["reason": "malformed"]) == 1)
            #expect(m.value(name, ["reason": "unknown"]) == 1)
            #expect(m.value(name, ["reason": "revoked"]) == 1)
            let failures = sink.lines.withLock { $0 }.filter { $0.contains("admin authentication failed") && $0.contains("route=sign_in") }
            #expect(failures.count == 3)
            #expect(failures.contains { $0.contains("reason=revoked") && $0.contains("key_id=\(revoked.keyID)") })
            let everything = sink.lines.withLock { $0 }.joined(separator: "\n")
            #expect(!everything.contains(revoked.secret) && !everything.contains(String(repeating: "c", count: 64)))
        }
    }
}
