import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MerchantServer
import Testing

/// The HTTP middleware alone: route patterns, thrown errors' statuses, and labels a
/// client cannot multiply.
@Suite("Observability: HTTP metrics middleware") struct HTTPMetricsMiddlewareTests {
    struct Boom: Error {}

    @Test func labelsAreThePatternTheThrownStatusAndAKnownMethod() async throws {
        let metrics = ServiceMetrics()
        let router = Router()
        router.middlewares.add(HTTPMetricsMiddleware(factory: metrics.factory))
        router.get("/things/{id}") { _, _ in "ok" }
        router.post("/things/{id}/conflict") { _, _ -> String in throw HTTPError(.conflict) }
        router.post("/things/{id}/boom") { _, _ -> String in throw Boom() }
        let app = Application(router: router)
        try await app.test(.router) { client in
            for id in ["a1", "b2", "c3"] {
                try await client.execute(uri: "/things/\(id)", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/things/a1/conflict", method: .post) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/things/a1/boom", method: .post) { #expect($0.status == .internalServerError) }
            try await client.execute(uri: "/nothing/here", method: .get) { #expect($0.status == .notFound) }
            for method in ["BREW", "WHEN", "FROB"] {
                try await client.execute(uri: "/nothing/\(method)", method: HTTPRequest.Method(method)!) { _ in }
            }
        }
        let m = Exposition(text: metrics.registry.emitToString(), contentType: "")
        let name = "merchant_http_requests_total"
        #expect(m.value(name, ["method": "GET", "route": "/things/{id}", "status": "200"]) == 3)
        #expect(m.value(name, ["method": "POST", "route": "/things/{id}/conflict", "status": "409"]) == 1)
        #expect(m.value(name, ["method": "POST", "route": "/things/{id}/boom", "status": "500"]) == 1)
        #expect(m.value(name, ["method": "GET", "route": "unmatched", "status": "404"]) == 1)
        #expect(m.value(name, ["method": "OTHER", "route": "unmatched"]) == 3)
        #expect(m.samples(name).count == 5, "\(m.samples(name).map(\.labels))")
        #expect(m.value("merchant_http_request_duration_seconds_count", ["method": "GET", "route": "/things/{id}", "status": "200"]) == 3)
    }
}
