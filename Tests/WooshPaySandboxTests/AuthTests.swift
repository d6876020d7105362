import Foundation
import Testing

/// HTTP Basic authentication with the secret key, 401 envelopes and Request-Id headers.
@Suite struct AuthTests {
    @Test func missingWrongAndPublishableKeysAreRefused() async throws {
        try await TestSandbox.with { sandbox in
            for key in [nil, "sk_test_wrong", TestSandbox.publishableKey] {
                let reply = try await sandbox.api(.GET, "/v1/payment_intents", key: key)
                #expect(reply.status == 401, "key \(key ?? "none")")
                #expect(reply.json.error.string("type") == "invalid_request_error")
                #expect(reply.json.error.string("code") == "api_key_invalid")
                #expect(reply.json.error.string("message")?.isEmpty == false)
                #expect(reply.header("Request-Id")?.hasPrefix("req_") == true)
            }
            // A refused POST has no effect.
            let refused = try await sandbox.api(.POST, "/v1/payment_intents", ["amount": 100, "currency": "USD"], key: "sk_x")
            #expect(refused.status == 401)
            #expect(try await sandbox.control(.GET, "/_sandbox/payment_intents").json.list("data").isEmpty)
        }
    }

    @Test func secretKeyIsAcceptedAndEveryResponseHasARequestID() async throws {
        try await TestSandbox.with { sandbox in
            let ok = try await sandbox.api(.GET, "/v1/payment_intents")
            #expect(ok.status == 200)
            #expect(ok.json.string("object") == "list")
            let first = try #require(ok.header("Request-Id"))
            #expect(first.hasPrefix("req_"))
            let second = try await sandbox.api(.GET, "/v1/payment_intents")
            #expect(second.header("Request-Id") != first)
            let missing = try await sandbox.api(.GET, "/v1/payment_intents/pi_123")
            #expect(missing.status == 404)
            #expect(missing.json.error.string("code") == "resource_missing")
            #expect(missing.header("Request-Id") != nil)
            let unknown = try await sandbox.api(.GET, "/v1/nothing_here")
            #expect(unknown.status == 404)
            #expect(unknown.header("Request-Id") != nil)
            #expect(try await sandbox.page("/_sandbox/faults").header("Request-Id") != nil)
        }
    }
}
