import Hummingbird

/// `GET /openapi.yaml`: the API's contract, the document in `openapi/openapi.yaml`
/// (bundled as this module's resource, so the service always serves the document it was
/// built with).
public struct OpenAPIRoutes: Sendable {
    /// The document, or nil when the resource bundle is missing.
    static let document = BundledFile("openapi.yaml", contentType: "application/yaml; charset=utf-8")

    /// Creates the routes.
    public init() {}

    /// Registers the route.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/openapi.yaml") { _, _ -> Response in
            guard let document = Self.document else {
                throw APIError(
                    type: "invalid_request_error", code: .notFound,
                    message: "The OpenAPI document is not bundled with this build.")
            }
            return document.response
        }
    }
}
