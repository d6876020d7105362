import Hummingbird

/// The back office for the shop's staff, served by the service: `GET /admin` (the page)
/// and `GET /admin/{file}` (its script and style). Plain HTML, CSS and JavaScript bundled
/// with this module, under the same Content-Security-Policy as every page; it signs in with
/// an admin key once (`POST /v1/admin/session`) and then calls the admin API with the
/// session cookie, from the same origin. The page holds nothing secret: what it may do is
/// what the API lets the session do.
public struct BackOfficeRoutes: Sendable {
    static let folder = BundledFolder(
        subdirectory: "admin",
        contentTypes: [
            "index.html": "text/html; charset=utf-8",
            "admin.js": "text/javascript; charset=utf-8",
            "admin-views.js": "text/javascript; charset=utf-8",
            "admin.css": "text/css; charset=utf-8",
        ])

    /// Creates the routes.
    public init() {}

    /// Registers `/admin` and `/admin/{file}`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        Self.folder.register(
            at: "/admin", on: router,
            notFound: APIError(type: "invalid_request_error", code: .notFound, message: "The back office has no such file."))
    }
}
