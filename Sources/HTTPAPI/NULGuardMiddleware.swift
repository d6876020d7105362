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
        if request.uri.description.utf8.containsEncodedNUL { throw APIError.nulCharacter }
        return try await next(request, context)
    }
}

extension String.UTF8View {
    /// Whether the text contains `%00`.
    var containsEncodedNUL: Bool {
        let bytes = Array(self)
        return bytes.indices.dropLast(2).contains {
            bytes[$0] == UInt8(ascii: "%") && bytes[$0 + 1] == UInt8(ascii: "0") && bytes[$0 + 2] == UInt8(ascii: "0")
        }
    }
}
