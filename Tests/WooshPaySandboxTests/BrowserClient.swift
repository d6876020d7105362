import Foundation

/// What the JS SDK sends: a JSON confirm with the publishable key and the client secret in
/// the body and no Authorization header.
extension TestSandbox {
    /// Creates an unconfirmed intent with the secret key; returns its id and client secret.
    func createIntent(amount: Int = 1500, returnURL: String? = nil) async throws -> (id: String, secret: String) {
        var body: [String: Any] = ["amount": amount, "currency": "USD"]
        if let returnURL { body["return_url"] = returnURL }
        let reply = try await api(.POST, "/v1/payment_intents", body)
        guard reply.status == 200, let id = reply.json.string("id"), let secret = reply.json.string("client_secret") else {
            throw BrowserClientError(description: "could not create an intent: \(reply.status) \(reply.text)")
        }
        return (id, secret)
    }

    /// The SDK's confirm call for `card`; `key` or `clientSecret` `nil` leaves the field out.
    func browserConfirm(
        _ id: String, clientSecret: String?, card: String = "4111111111111111",
        key: String? = TestSandbox.publishableKey, returnURL: String? = nil
    ) async throws -> Reply {
        var body: [String: Any] = [
            "payment_method_data": [
                "type": "card", "card": ["number": card, "exp_month": 3, "exp_year": 2030, "cvc": "123"],
            ]
        ]
        if let key { body["key"] = key }
        if let clientSecret { body["client_secret"] = clientSecret }
        if let returnURL { body["return_url"] = returnURL }
        // No Authorization header: the key travels in the JSON body, as the SDK sends it.
        return try await api(.POST, "/v1/payment_intents/\(id)/confirm", body, key: nil)
    }

    /// The types of the events recorded for intent `id`, oldest first.
    func eventTypes(of id: String) async throws -> [String] {
        try await control(.GET, "/_sandbox/events").json.list("data")
            .filter { $0.string("object_id") == id }.compactMap { $0.string("type") }
    }
}

/// A test's setup call failed.
struct BrowserClientError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String
}
