import HTTPTypes
import HummingbirdTesting
import Testing

@Suite("CORS from the allow-list")
struct CORSTests {
    /// The allowed storefront origin.
    static let shop = "https://shop.example"

    /// Whether `response` carries the CORS headers for `origin` on a normal (non-preflight) answer.
    static func expectCORS(_ response: TestResponse, origin: String, _ comment: Comment) {
        #expect(response.headers[.accessControlAllowOrigin] == origin, comment)
        #expect(response.headers[values: .vary].contains("Origin"), comment)
        #expect(response.headers[.accessControlExposeHeaders] == "X-Request-Id, Idempotent-Replayed", comment)
    }

    /// Whether `response` carries no CORS header at all.
    static func expectNoCORS(_ response: TestResponse, _ comment: Comment) {
        for name in [HTTPField.Name.accessControlAllowOrigin, .accessControlExposeHeaders, .accessControlAllowMethods, .vary] {
            #expect(response.headers[name] == nil, comment)
        }
    }

    @Test("an allowed origin gets the headers on success and on error responses")
    func allowedOrigin() async throws {
        try await IdempotencyHarness.with(corsAllowedOrigins: [Self.shop, "https://other.example"]) { h in
            let list = try await h.send(.get, "/v1/products", headers: [.origin: Self.shop])
            #expect(list.status == .ok)
            Self.expectCORS(list, origin: Self.shop, "list")
            let unauthorized = try await h.send(.post, "/v1/admin/products", productJSON("MUG"), headers: [.origin: Self.shop])
            #expect(unauthorized.status == .unauthorized)
            Self.expectCORS(unauthorized, origin: Self.shop, "401")
            let unknown = try await h.send(.get, "/v1/nothing-here", headers: [.origin: Self.shop])
            #expect(unknown.status == .notFound)
            Self.expectCORS(unknown, origin: Self.shop, "404")
        }
    }

    @Test("a preflight from an allowed origin is 204 with the allowed methods and headers, on any path")
    func preflight() async throws {
        try await IdempotencyHarness.with(corsAllowedOrigins: [Self.shop]) { h in
            for path in ["/v1/orders", "/v1/admin/products/MUG", "/v1/nothing-here"] {
                let response = try await h.send(
                    .options, path,
                    headers: [
                        .origin: Self.shop, .accessControlRequestMethod: "POST",
                        .accessControlRequestHeaders: "content-type, idempotency-key",
                    ])
                #expect(response.status == .noContent, "\(path)")
                #expect(response.headers[.accessControlAllowOrigin] == Self.shop, "\(path)")
                #expect(response.headers[.accessControlAllowMethods] == "GET, POST, PATCH, DELETE, OPTIONS", "\(path)")
                #expect(
                    response.headers[.accessControlAllowHeaders] == "Content-Type, Authorization, X-Order-Token, Idempotency-Key, X-Request-Id",
                    "\(path)")
                #expect(response.headers[.accessControlMaxAge] == "600", "\(path)")
                #expect(response.headers[values: .vary].contains("Origin"), "\(path)")
            }
        }
    }

    @Test("another origin gets no CORS headers, and its preflight is 403 cors_origin_not_allowed")
    func disallowedOrigin() async throws {
        try await IdempotencyHarness.with(corsAllowedOrigins: [Self.shop]) { h in
            let evil = "https://evil.example"
            let list = try await h.send(.get, "/v1/products", headers: [.origin: evil])
            #expect(list.status == .ok)
            Self.expectNoCORS(list, "get")
            let preflight = try await h.send(.options, "/v1/orders", headers: [.origin: evil, .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .forbidden)
            #expect(errorCode(preflight) == "cors_origin_not_allowed")
            Self.expectNoCORS(preflight, "preflight")
            // A listed origin's prefix or another scheme is another origin.
            let lookalike = try await h.send(.get, "/v1/products", headers: [.origin: "http://shop.example"])
            Self.expectNoCORS(lookalike, "scheme")
        }
    }

    @Test("requests without Origin are untouched")
    func noOrigin() async throws {
        try await IdempotencyHarness.with(corsAllowedOrigins: ["*"]) { h in
            let list = try await h.send(.get, "/v1/products")
            #expect(list.status == .ok)
            Self.expectNoCORS(list, "get")
            let options = try await h.send(.options, "/v1/orders", headers: [.accessControlRequestMethod: "POST"])
            #expect(options.status != .noContent)
            Self.expectNoCORS(options, "options")
        }
    }

    @Test("* allows any origin, echoed back, but never the anonymous origin null")
    func wildcard() async throws {
        try await IdempotencyHarness.with(corsAllowedOrigins: ["*"]) { h in
            let any = try await h.send(.get, "/v1/products", headers: [.origin: "https://anyone.example"])
            Self.expectCORS(any, origin: "https://anyone.example", "any")
            let anonymous = try await h.send(.get, "/v1/products", headers: [.origin: "null"])
            Self.expectNoCORS(anonymous, "null")
        }
    }
}
