import Foundation
import TestSupport
import Testing

/// Review findings 14, 18 and 19: security headers on every answer, JSON routes that take
/// JSON only, and a `/metrics` that can require a token.
@Suite("Browser hardening") struct BrowserHardeningTests {
    static func header(_ answer: PaymentHarness.Answer, _ name: String) -> String? {
        answer.headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test("a cross-site simple POST (text/plain, form) places no order: 415, nothing reserved")
    func nonJSONBodiesAreRefused() async throws {
        try await PaymentHarness.with { h in
            try await h.seedProduct("LAMP", price: 900, stock: 5)
            let body = #"{"currency":"USD","items":[{"sku":"LAMP","quantity":5}],"customer":{"email":"a@example.com"}}"#
            for type in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp"] {
                let answer = try await h.request(.POST, h.baseURL + "/v1/orders", body, contentType: type)
                #expect(answer.status == 415 && answer.errorCode == "unsupported_media_type", "\(type): \(answer.text)")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM orders") == 0)
            let json = try await h.request(.POST, h.baseURL + "/v1/orders", body, contentType: "application/json; charset=utf-8")
            #expect(json.status == 201, "\(json.text)")
        }
    }

    @Test("every answer, errors included, says nosniff and no-referrer; HTML pages forbid framing")
    func headersOnEveryAnswer() async throws {
        try await PaymentHarness.with { h in
            for path in ["/v1/products", "/v1/orders/ord_nope", "/no/such/path", "/payment-result?status=paid"] {
                let answer = try await h.send(.GET, path)
                #expect(Self.header(answer, "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(Self.header(answer, "Referrer-Policy") == "no-referrer", "\(path)")
            }
            let page = try await h.send(.GET, "/payment-result?status=paid")
            #expect(Self.header(page, "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test("with METRICS_TOKEN, /metrics needs it as a bearer token")
    func metricsToken() async throws {
        let token = "metrics-token-0123456789abcdef"
        try await PaymentHarness.with(configure: { $0.exposure.metricsToken = token }) { h in
            for path in ["/metrics", "/metrics/"] {
                let bare = try await h.send(.GET, path)
                #expect(bare.status == 401, "\(path)")
                let wrong = try await h.send(.GET, path, headers: [(name: "Authorization", value: "Bearer wrong")])
                #expect(wrong.status == 401, "\(path)")
            }
            let scraped = try await h.send(.GET, "/metrics", headers: [(name: "Authorization", value: "Bearer \(token)")])
            #expect(scraped.status == 200 && scraped.text.contains("# TYPE"), "\(scraped.status)")
        }
    }
}
