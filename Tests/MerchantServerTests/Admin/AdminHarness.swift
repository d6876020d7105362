import CurlTransport
import Foundation
import MerchantServer
import PostgresStore
import TestSupport
import WooshPaySandbox

/// Back-office steps on top of `PaymentHarness` (real app on a loopback port, fresh
/// database, sandbox on another port); admin keys and calls are `OperationsHarness`'s.
extension PaymentHarness {
    /// `data` of a list answer.
    static func data(_ answer: Answer) -> [[String: Any]] { answer.json["data"] as? [[String: Any]] ?? [] }

    /// Ids of a list answer, in order.
    static func ids(_ answer: Answer) -> [String] { data(answer).compactMap { $0["id"] as? String } }

    /// Basic auth for the sandbox's `/v1` API, as WooshPay's dashboard or another system would call it.
    var sandboxAuthorization: (name: String, value: String) {
        (name: "Authorization", value: "Basic " + Data("\(configuration.wooshPay.secretKey):".utf8).base64EncodedString())
    }

    /// Creates a payment intent directly at the sandbox (not through us); returns its id.
    func foreignIntent(amount: Int = 4200, metadata: String = "") async throws -> String {
        let answer = try await request(
            .POST, sandbox.baseURL + "/v1/payment_intents",
            #"{"amount":\#(amount),"currency":"USD"\#(metadata)}"#, headers: [sandboxAuthorization])
        guard answer.status == 200, let id = answer.string("id") else {
            throw HarnessError("intent not created at the sandbox: \(answer.status) \(answer.text)")
        }
        return id
    }

    /// A snapshot of every table a refused or read-only admin request must leave alone.
    func databaseSnapshot() async throws -> String {
        try await pool.withConnection { conn in
            try ["orders", "payment_attempts", "order_events", "webhook_events", "refunds"].map { table in
                try conn.query("SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') AS v FROM \(table) t")
                    .first?.decode("v", as: String.self) ?? ""
            }.joined(separator: "\n")
        }
    }

    /// The `/v1` requests the sandbox received, as `METHOD path` lines.
    func sandboxRequests() async throws -> [String] {
        let rows = try await request(.GET, sandbox.baseURL + "/_sandbox/requests").json["data"] as? [[String: Any]] ?? []
        return rows.map { "\($0["method"] as? String ?? "") \($0["path"] as? String ?? "")" }
    }
}
