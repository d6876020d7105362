import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import TestSupport
import Testing
import Yams

/// The OpenAPI document and the router agree: every registered route is documented, every
/// documented operation is registered, and the service serves the document it was built with.
@Suite struct OpenAPIContractTests {
    /// `openapi/openapi.yaml` in the checkout (the source of the bundled resource).
    static let documentURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("openapi/openapi.yaml")

    static let methods: Set<String> = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// `METHOD /path/{param}` for every operation the document describes.
    static func documentedOperations(_ yaml: String) throws -> Set<String> {
        let root = try #require(try Yams.load(yaml: yaml) as? [String: Any])
        let paths = try #require(root["paths"] as? [String: Any])
        var out = Set<String>()
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "path item \(path)")
            for key in item.keys where methods.contains(key) { out.insert("\(key.uppercased()) \(path)") }
        }
        return out
    }

    /// `METHOD /path/{param}` for every route the router registers.
    static func registeredRoutes() async throws -> Set<String> {
        try await TestDatabase.with { pool, _ in
            // The demo storefront is documented, and registered only when enabled.
            var configuration = ServerConfiguration()
            configuration.exposure.demoEnabled = true
            let router = buildRouter(configuration: configuration, pool: pool, logger: TestDatabase.logger)
            // Hummingbird prints a parameter as `{id}` and a wildcard as `*`, as OpenAPI does the former.
            return Set(router.routes.map { "\($0.method.rawValue) \($0.path.description)" })
        }
    }

    @Test func everyRouteIsDocumentedAndEveryOperationExists() async throws {
        let documented = try Self.documentedOperations(String(contentsOf: Self.documentURL, encoding: .utf8))
        let registered = try await Self.registeredRoutes()
        #expect(registered.count > 20)
        #expect(registered.subtracting(documented).sorted() == [], "registered but not documented")
        #expect(documented.subtracting(registered).sorted() == [], "documented but not registered")
    }

    @Test func aDocumentMissingARouteIsCaught() async throws {
        // The comparison itself can fail: drop one operation and it reports exactly that one.
        var yaml = try String(contentsOf: Self.documentURL, encoding: .utf8)
        let documented = try Self.documentedOperations(yaml)
        #expect(documented.contains("GET /v1/products"))
        yaml = yaml.replacingOccurrences(of: "\n  /v1/products:\n", with: "\n  /v1/no-such-products:\n")
        let broken = try Self.documentedOperations(yaml)
        let registered = try await Self.registeredRoutes()
        #expect(registered.subtracting(broken).sorted() == ["GET /v1/products"])
        #expect(broken.subtracting(registered).sorted() == ["GET /v1/no-such-products"])
    }

    @Test func theServiceServesTheCheckedInDocument() async throws {
        let onDisk = try Data(contentsOf: Self.documentURL)
        try await CatalogHarness.with { h in
            let response = try await h.send(.get, "/openapi.yaml")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/yaml; charset=utf-8")
            #expect(Data(buffer: response.body) == onDisk)
        }
    }
}
