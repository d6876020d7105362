import Hummingbird

/// Refuses a request whose path or query carries an encoded U+0000 (`%00`) with 400
/// `invalid_character`, before any route reads it: PostgreSQL text cannot hold that
/// character, and a parameter cut short at it must not match anything. (JSON bodies get the
/// same check in `JSONRequest.decode`; header values cannot hold it at all.)
public struct NULGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Passes the request on unless its URI encodes NUL.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.description.contains("%00") { throw APIError.nulCharacter }
        return try await next(request, context)
    }
}
