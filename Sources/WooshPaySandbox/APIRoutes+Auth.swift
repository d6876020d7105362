import CryptoPrimitives
import Foundation
import Hummingbird

/// Who made an API request.
enum Caller: Sendable, Equatable {
    /// The merchant's server, with the secret key in the Authorization header.
    case secretKey
    /// A browser running the JS SDK, with the publishable key (in the `key` parameter, as
    /// Stripe.js sends it, or in the header). It must also present the intent's client
    /// secret, which the operation checks.
    case publishableKey
}

/// Which keys a route accepts.
enum RouteAccess: Sendable, Equatable {
    /// Only the secret key: every route but confirm.
    case secretKey
    /// The secret key, or the publishable key plus the intent's client secret: confirm.
    case secretOrPublishableKey
}

extension APIRoutes {
    /// Authenticates a request and reads its parameters. A key in the Authorization header
    /// is checked before the body is read (so an unauthenticated request is a 401 whatever
    /// its body). A browser's publishable key travels in the body's `key` parameter, which
    /// keeps its confirm a CORS simple request, so it is checked after.
    func authenticatedParams(
        _ request: Request, _ context: SandboxRequestContext,
        access: RouteAccess
    ) async -> Result<(Caller, JSONObject), APIError> {
        let fromHeader = access == .secretKey || request.headers[.authorization] != nil
        var caller = Caller.secretKey
        if fromHeader {
            switch authenticate(request, access: access) {
            case .success(let c): caller = c
            case .failure(let error): return .failure(error)
            }
        }
        let params: JSONObject
        switch await readParams(request, context) {
        case .success(let p): params = p
        case .failure(let error): return .failure(error)
        }
        if !fromHeader {
            switch authenticateBodyKey(params["key"]?.stringValue) {
            case .success(let c): caller = c
            case .failure(let error): return .failure(error)
            }
        }
        return .success((caller, params))
    }

    /// The caller named by the Authorization header (HTTP Basic with the key as username,
    /// as WooshPay documents; Bearer too when lenient): the secret key anywhere, the publishable key only where `access` allows.
    func authenticate(_ request: Request, access: RouteAccess = .secretKey) -> Result<Caller, APIError> {
        guard let header = request.headers[.authorization] else {
            return .failure(
                .unauthorized(
                    "You did not provide an API key. Provide your secret key with HTTP Basic auth "
                        + "(key as username, empty password)."))
        }
        let presented = Self.headerKey(header, bearer: lenient)
        if let presented, Self.same(presented, secretKey) { return .success(.secretKey) }
        if let presented, Self.same(presented, publishableKey) {
            guard access == .secretOrPublishableKey else {
                return .failure(
                    .unauthorized(
                        "This API call cannot be made with a publishable API key. "
                            + "Please use a secret API key."))
            }
            return .success(.publishableKey)
        }
        return .failure(.unauthorized("Invalid API Key provided: \(presented.map { "\($0.prefix(8))***" } ?? "(unreadable)")"))
    }

    /// The caller named by a body's `key` parameter: only the publishable key. A secret
    /// key sent this way is refused, because a body built in a browser would expose it.
    func authenticateBodyKey(_ key: String?) -> Result<Caller, APIError> {
        guard let key, !key.isEmpty else {
            return .failure(
                .unauthorized(
                    "You did not provide an API key. Provide your secret key with HTTP Basic auth, "
                        + "or (from a browser) your publishable key as the key parameter."))
        }
        if Self.same(key, publishableKey) { return .success(.publishableKey) }
        if Self.same(key, secretKey) {
            return .failure(
                .unauthorized(
                    "A secret API key must be sent in the Authorization header, never as the "
                        + "key parameter; browsers must use the publishable key."))
        }
        return .failure(.unauthorized("Invalid API Key provided: \(key.prefix(8))***"))
    }

    private static func headerKey(_ header: String, bearer: Bool) -> String? {
        let lower = header.lowercased()
        if lower.hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces))
        {
            let text = String(decoding: data, as: UTF8.self)
            return String(text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        if bearer, lower.hasPrefix("bearer ") { return String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        return nil
    }

    private static func same(_ presented: String, _ key: String) -> Bool {
        Crypto.constantTimeEquals(Array(presented.utf8), Array(key.utf8))
    }
}
