import CurlTransport
import Foundation
import PostgresStore
import Testing

/// Every admin route of the back office refuses a missing, malformed, unknown or revoked
/// key with 401 before doing anything: no read leaks, no replay, no reconciliation call.
@Suite("Admin: back-office routes need a key") struct AdminRouteAuthTests {
    @Test func everyRouteRefusesWithoutAValidKeyAndChangesNothing() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey("ops")
            let revoked = try await h.adminKey("former")
            _ = try await AdminKeyStore(pool: h.pool).revoke("former")
            // Something each route would change or show: a lost payment reconciliation would
            // repair, a processed event a replay would reset.
            let lost = try await h.sdkPayment()
            try await h.drive(lost.intent, to: "succeeded")
            try await h.exec("UPDATE payment_attempts SET payment_intent_id = NULL, next_sync_at = NULL WHERE order_id = $1", [lost.order])
            #expect(try await h.deliver(PaymentHarness.intentEvent("evt_auth", intent: lost.intent)).status == 200)
            try await h.exec("UPDATE webhook_events SET status = 'processed', processed_at = now() WHERE event_id = 'evt_auth'")
            let routes: [(CurlTransport.HTTPRequest.Method, String, String?)] = [
                (.GET, "/v1/admin/orders", nil), (.GET, "/v1/admin/orders?status=paid", nil), (.GET, "/v1/admin/orders/\(lost.order)", nil),
                (.GET, "/v1/admin/webhook-events", nil), (.GET, "/v1/admin/webhook-events/evt_auth", nil),
                (.POST, "/v1/admin/webhook-events/evt_auth/replay", nil),
                (.POST, "/v1/admin/reconciliations", #"{"since":\#(ReconciliationTests.hourAgo)}"#),
            ]
            let before = try await h.databaseSnapshot()
            let requestsBefore = try await h.sandboxRequests()
            for authorization in [nil, "Bearer \(revoked)", "Bearer mk_garbage", "Basic \(key)", "Bearer \(key.dropLast())"] {
                for (method, path, body) in routes {
                    let headers = authorization.map { [(name: "Authorization", value: $0)] } ?? []
                    let answer = try await h.send(method, path, body, headers: headers)
                    #expect(answer.status == 401, "\(authorization ?? "none") \(path): \(answer.status)")
                    #expect(answer.errorCode == "invalid_api_key")
                    #expect(!answer.text.contains(lost.order) && !answer.text.contains("evt_auth"), "nothing shown")
                }
            }
            #expect(try await h.databaseSnapshot() == before, "nothing changed")
            #expect(try await h.sandboxRequests() == requestsBefore, "WooshPay was not called")
            // The same calls with the valid key do change things, so the checks above can fail.
            #expect(try await h.admin(.POST, "/webhook-events/evt_auth/replay", key: key).status == 202)
            #expect(try await h.admin(.POST, "/reconciliations", #"{"since":\#(ReconciliationTests.hourAgo)}"#, key: key).status == 200)
            #expect(try await h.databaseSnapshot() != before)
            #expect(try await h.sandboxRequests().contains("GET /v1/payment_intents"))
            #expect(try await h.orderStatus(lost.order) == "paid")
        }
    }
}
