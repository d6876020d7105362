import HTTPTypes
import OrderDomain

/// How `AdminAuthMiddleware` and the session routes treat back-office sessions: the store,
/// the idle timeout, and whether the cookie is `Secure` (the service's public address is
/// https).
public struct AdminSessionGate: Sendable {
    /// The sessions.
    public let store: any AdminSessionStore
    /// Seconds a session lives without a request (`ADMIN_SESSION_IDLE`).
    public let idleSeconds: Int64
    /// Whether the cookie carries `Secure`.
    public let secureCookie: Bool

    /// Creates the gate.
    public init(store: any AdminSessionStore, idleSeconds: Int64, secureCookie: Bool) {
        self.store = store
        self.idleSeconds = idleSeconds
        self.secureCookie = secureCookie
    }

    /// The cookie's name.
    public static let cookieName = "merchant_admin"
    /// The header a cookie-authenticated change must carry.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// The `Set-Cookie` of `token`: HttpOnly (no script reads it), SameSite=Strict (no other
    /// site's page sends it), only for the admin API's path; no `Max-Age`, so it ends with
    /// the browser, and the server ends it sooner when idle.
    func setCookie(_ token: String) -> String {
        "\(Self.cookieName)=\(token); Path=/v1/admin; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }

    /// The `Set-Cookie` that removes the cookie.
    var clearCookie: String {
        "\(Self.cookieName)=; Path=/v1/admin; Max-Age=0; HttpOnly; SameSite=Strict" + (secureCookie ? "; Secure" : "")
    }
}
