import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import OrderDomain
import TestSupport
import Testing

/// The demo storefront's routes through the real router: the bundled files byte for byte
/// with their content types, the configuration the page reads, and refusals in the API's
/// error body.
@Suite struct DemoRoutesTests {
    /// `Sources/HTTPAPI/Resources/demo` in the checkout (the source of the bundled files).
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HTTPAPI/Resources/demo")

    /// The real application over a fresh database, configured with `configuration`.
    static func withApp(
        _ configuration: ServerConfiguration,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabase.with { pool, _ in
            var configuration = configuration
            configuration.exposure.demoEnabled = true
            let app = buildApplication(configuration: configuration, pool: pool, logger: TestDatabase.logger)
            try await app.test(.router) { client in try await body(client) }
        }
    }

    @Test func theFourFilesAreServedWithTheirContentTypes() async throws {
        let files = [
            ("/demo", "index.html", "text/html; charset=utf-8"),
            ("/demo/app.js", "app.js", "text/javascript; charset=utf-8"),
            ("/demo/style.css", "style.css", "text/css; charset=utf-8"),
        ]
        try await Self.withApp(ServerConfiguration()) { client in
            for (path, name, contentType) in files {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType] == contentType, "\(path)")
                #expect(Data(buffer: response.body) == (try Data(contentsOf: Self.folder.appendingPathComponent(name))), "\(path)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(path)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(path)")
            }
            // The page may not be framed, and runs only our own and the SDK's scripts.
            let page = try await client.execute(uri: "/demo", method: .get)
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(
                policy.contains("frame-ancestors 'none'") && policy.contains("script-src 'self' https://apitest.wooshpay.com")
                    && !policy.contains("unsafe-inline"), "\(policy)")
            let config = try await client.execute(uri: "/demo/config.json", method: .get)
            #expect(config.status == .ok)
            #expect(config.headers[.contentType] == "application/json; charset=utf-8")
            #expect(config.headers[.contentSecurityPolicy] == nil, "JSON answers carry no page policy")
            // Without WOOSHPAY_JS_URL the script comes from the API host.
            #expect(jsonObject(config)["wooshpay_js_url"] as? String == "https://apitest.wooshpay.com/js/wooshpay.js")
        }
    }

    @Test func theDemoIsServedOnlyWhenEnabled() async throws {
        try await TestDatabase.with { pool, _ in
            let app = buildApplication(configuration: ServerConfiguration(), pool: pool, logger: TestDatabase.logger)
            try await app.test(.router) { client in
                for path in ["/demo", "/demo/app.js", "/demo/config.json"] {
                    let response = try await client.execute(uri: path, method: .get)
                    #expect(response.status == .notFound, "\(path)")
                }
            }
        }
    }

    @Test func configNamesTheConfiguredSDKCurrenciesAndMethods() async throws {
        var configuration = ServerConfiguration()
        configuration.wooshPay.apiBase = "http://127.0.0.1:18090"
        configuration.wooshPay.jsURL = "https://js.example.test/v2/wooshpay.js"
        configuration.currencies = ["EUR", "JPY"].compactMap(Currency.init(code:))
        configuration.payments.paymentMethodTypes = ["card", "wechat_pay", "pix"]
        try await Self.withApp(configuration) { client in
            let response = try await client.execute(uri: "/demo/config.json", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(
                String(buffer: response.body)
                    == #"{"currencies":["EUR","JPY"],"payment_method_types":["card","wechat_pay","pix"],"#
                    + #""payment_methods":[{"family":"card","fields":[],"flows":["checkout","sdk","direct"],"type":"card"},"#
                    + #"{"currencies":["CNY","EUR","GBP","HKD","USD"],"family":"wallet","fields":[],"flows":["checkout"],"type":"wechat_pay"},"#
                    + #"{"currencies":["BRL"],"family":"qr","fields":[{"kind":"text","label":"Full name","path":"payment_method_data.billing_details.name"},"#
                    + #"{"kind":"email","label":"E-mail","path":"payment_method_data.billing_details.email"},"#
                    + #"{"kind":"country","label":"Country","path":"payment_method_data.billing_details.address.country"}],"#
                    + #""flows":["checkout","direct"],"type":"pix"}],"wooshpay_js_url":"https://js.example.test/v2/wooshpay.js"}"#
            )
        }
    }

    @Test(arguments: ["/demo/nope.js", "/demo/index.html", "/demo/APP.JS", "/demo/..%2Fopenapi.yaml", "/demo/app.js.map"])
    func anUnknownFileIsNotFoundWithTheErrorBody(path: String) async throws {
        try await CatalogHarness.with { h in
            let response = try await h.send(.get, path)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let error = jsonObject(response)["error"] as? [String: Any]
            #expect(error?["code"] as? String == "not_found")
            #expect(error?["type"] as? String == "invalid_request_error")
            #expect((error?["message"] as? String)?.isEmpty == false)
            #expect(error?["request_id"] as? String == response.headers[HTTPField.Name("X-Request-Id")!])
        }
    }

    @Test func anEncodedNULInAFileNameIsRefused() async throws {
        try await CatalogHarness.with { h in
            let response = try await h.send(.get, "/demo/app%00.js")
            #expect(response.status == .badRequest)
            #expect(errorCode(response) == "invalid_character")
        }
    }
}
