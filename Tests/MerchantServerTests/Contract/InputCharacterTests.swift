import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Text the database cannot hold is refused at the edge, and length limits count code
/// points as the OpenAPI document's `maxLength` does.
@Suite struct InputCharacterTests {
    static let order = #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"%@"}}"#

    @Test("an escaped NUL anywhere in a JSON body is 400 invalid_character and writes nothing")
    func nulInBody() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let before = try await h.count("SELECT count(*) AS n FROM orders")
            let response = try await h.send(
                .post, "/v1/orders",
                Self.order.replacingOccurrences(of: "%@", with: #"a\u0000b@example.com"#))
            #expect(response.status == .badRequest)
            #expect(errorCode(response) == "invalid_character")
            let renamed = try await h.admin(.patch, "/v1/admin/products/MUG", #"{"name":"Mug\u0000"}"#)
            #expect(errorCode(renamed) == "invalid_character")
            #expect(try await h.count("SELECT count(*) AS n FROM orders") == before)
            #expect(try await h.count("SELECT count(*) AS n FROM products WHERE name = 'Mug'") == 1)
        }
    }

    @Test("an escaped backslash before u0000 is ordinary text, not NUL")
    func escapedBackslashIsText() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let renamed = try await h.admin(.patch, "/v1/admin/products/MUG", #"{"name":"Mug \\u0000"}"#)
            #expect(renamed.status == .ok)
            #expect(try await h.count(#"SELECT count(*) AS n FROM products WHERE name = 'Mug \u0000'"#) == 1)
        }
    }

    @Test("%00 in a path or query is 400 invalid_character")
    func nulInURI() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let path = try await h.admin(.get, "/v1/admin/products/MUG%00x")
            #expect(path.status == .badRequest)
            #expect(errorCode(path) == "invalid_character")
            let query = try await h.admin(.get, "/v1/admin/orders?email=a%00b")
            #expect(errorCode(query) == "invalid_character")
            #expect(try await h.admin(.get, "/v1/admin/products/MUG").status == .ok)
        }
    }

    @Test("an order's text limits count code points: 64 letters with combining accents are 128")
    func limitsCountCodePoints() async throws {
        try await CatalogHarness.with { h in
            try await h.createProduct(sku: "MUG")
            let accented = String(repeating: "e\u{301}", count: 64)  // 64 characters, 128 code points
            let body = #"{"currency":"USD","items":[{"sku":"\#(accented)","quantity":1}],"customer":{"email":"a@example.com"}}"#
            let response = try await h.send(.post, "/v1/orders", body)
            #expect(response.status == .badRequest)
            #expect(errorCode(response) == "invalid_sku")
            let named =
                #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"a@example.com","name":"\#(String(repeating: "e\u{301}", count: 101))"}}"#
            #expect(errorCode(try await h.send(.post, "/v1/orders", named)) == "invalid_name")
        }
    }
}
