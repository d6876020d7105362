import Foundation
import PostgresStore

/// Shop-level steps: products, orders, payments, and what the database and the sandbox hold.
extension PaymentHarness {
    /// Inserts a product priced in USD (minor units); `stock` nil means untracked.
    func seedProduct(_ sku: String, price: Int64 = 1500, stock: Int? = nil, name: String = "Thing") async throws {
        try await pool.withTransaction { tx in
            try tx.query("INSERT INTO products (sku, name, description, active, stock) VALUES ($1, $2, '', true, $3)", [sku, name, stock])
            try tx.query("INSERT INTO product_prices (sku, currency, unit_amount) VALUES ($1, 'USD', $2)", [sku, price])
        }
    }

    /// Places an order through the API and returns its id and client token.
    func placeOrder(_ items: [(String, Int)] = [("MUG", 2)], extra: String = "") async throws -> (id: String, token: String) {
        let lines = items.map { #"{"sku":"\#($0.0)","quantity":\#($0.1)}"# }.joined(separator: ",")
        let answer = try await send(
            .POST, "/v1/orders",
            #"{"currency":"USD","items":[\#(lines)],"customer":{"email":"a@example.com"}\#(extra)}"#)
        guard answer.status == 201, let id = answer.string("id"), let token = answer.string("client_token") else {
            throw HarnessError("order not created: \(answer.status) \(answer.text)")
        }
        return (id, token)
    }

    /// `POST /v1/orders/{id}/payments` with the order token (or `token` when given).
    func pay(
        _ order: (id: String, token: String), _ json: String, token: String? = nil,
        headers: [(name: String, value: String)] = []
    ) async throws -> Answer {
        try await send(
            .POST, "/v1/orders/\(order.id)/payments", json,
            headers: [(name: "X-Order-Token", value: token ?? order.token)] + headers)
    }

    /// One column of every attempt of an order, oldest first (`NULL` as "").
    func attemptColumn(_ orderID: String, _ column: String) async throws -> [String] {
        try await pool.withConnection { conn in
            try conn.query(
                "SELECT coalesce(\(column)::text, '') AS v FROM payment_attempts WHERE order_id = $1 ORDER BY created_at, id",
                [orderID]
            ).map { try $0.decode("v", as: String.self) }
        }
    }

    /// A scalar integer query.
    func count(_ sql: String, _ params: [String] = []) async throws -> Int {
        try await pool.withConnection { conn in try conn.query(sql, params).first?.decode("n", as: Int.self) ?? -1 }
    }

    /// The order's status as stored.
    func orderStatus(_ orderID: String) async throws -> String {
        try await pool.withConnection { conn in
            try conn.query("SELECT status FROM orders WHERE id = $1", [orderID]).first?.decode("status", as: String.self) ?? ""
        }
    }

    /// The sandbox's own record of every payment intent / checkout session (the truth).
    func truth(_ kind: String) async throws -> [[String: Any]] {
        try await request(.GET, sandbox.baseURL + "/_sandbox/\(kind)").json["data"] as? [[String: Any]] ?? []
    }

    /// Drives an intent at the sandbox as a customer or bank would.
    func drive(_ intentID: String, to outcome: String) async throws {
        let answer = try await request(.POST, sandbox.baseURL + "/_sandbox/payment_intents/\(intentID)/outcome", #"{"outcome":"\#(outcome)"}"#)
        guard answer.status == 200 else { throw HarnessError("drive \(intentID) -> \(outcome): \(answer.status) \(answer.text)") }
    }

    /// Sets sandbox faults (JSON keys of `/_sandbox/faults`).
    func faults(_ json: String) async throws {
        _ = try await request(.POST, sandbox.baseURL + "/_sandbox/faults", json)
    }

    /// Reads an intent through the sandbox's API, as WooshPay would answer us.
    func intent(_ id: String) async throws -> [String: Any] {
        let auth = "Basic " + Data("\(configuration.wooshPay.secretKey):".utf8).base64EncodedString()
        return try await request(.GET, sandbox.baseURL + "/v1/payment_intents/\(id)", headers: [(name: "Authorization", value: auth)]).json
    }
}

/// A harness step that could not run.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
