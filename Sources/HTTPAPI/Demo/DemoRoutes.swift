import Hummingbird

/// The demo storefront, served by the service itself: `GET /demo` (the page),
/// `GET /demo/{file}` (`app.js`, `style.css`) and `GET /demo/config.json` (what the page
/// needs from the configuration). The page is plain HTML, CSS and JavaScript bundled with
/// this module; it calls the storefront API like any shop would, from the same origin.
public struct DemoRoutes: Sendable {
    private let config: DemoConfig

    /// Creates the routes; `config` is what `/demo/config.json` answers.
    public init(_ config: DemoConfig) { self.config = config }

    /// Registers the three routes.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        let config = config
        // A constant segment outranks `{file}` in the router, whatever the order here.
        router.get("/demo/config.json") { _, _ -> Response in try JSONRequest.response(config, status: .ok) }
        DemoFiles.folder.register(at: "/demo", on: router, notFound: Self.notFound)
    }

    /// The answer for a name the demo does not serve (the API's error body).
    static let notFound = APIError(
        type: "invalid_request_error", code: .notFound,
        message: "The demo storefront has no such file.")
}
