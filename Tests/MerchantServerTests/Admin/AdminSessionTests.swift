import CryptoPrimitives
import Foundation
import OrderDomain
import PostgresStore
import Testing

/// Back-office sessions end to end: a key exchanged for an HttpOnly, SameSite=Strict cookie
/// that acts as the key (role included), a CSRF token every cookie change must carry, the
/// idle timeout, sign-out, and the key's revocation ending its sessions.
@Suite("Admin: back-office sessions") struct AdminSessionTests {
    static func key(_ h: PaymentHarness, _ role: AdminRole) async throws -> (name: String, id: String, token: String) {
        let name = "\(role.rawValue)-\(UUID().uuidString.prefix(6))"
        let (record, token) = try await AdminKeyStore(pool: h.pool).create(name: name, role: role)
        return (name, record.id, token.text)
    }

    /// Signs in with `token`; returns the cookie's value and the CSRF token.
    static func signIn(_ h: PaymentHarness, _ token: String) async throws -> (cookie: String, csrf: String, answer: PaymentHarness.Answer) {
        let answer = try await h.send(.POST, "/v1/admin/session", #"{"api_key": "\#(token)"}"#)
        let setCookie = answer.headers.first { $0.name.lowercased() == "set-cookie" }?.value ?? ""
        let cookie = setCookie.split(separator: ";").first.map(String.init) ?? ""
        return (cookie, answer.string("csrf_token") ?? "", answer)
    }

    static func withCookie(_ cookie: String, csrf: String? = nil) -> [(name: String, value: String)] {
        [("Cookie", "theme=dark; \(cookie)")] + (csrf.map { [("X-CSRF-Token", $0)] } ?? [])
    }

    @Test func aSessionActsAsItsKeyAndEveryCookieChangeNeedsItsCSRFToken() async throws {
        try await PaymentHarness.with { h in
            let paid = try await h.paidOrder(price: 700, quantity: 1)
            let ops = try await Self.key(h, .operator)
            let (cookie, csrf, answer) = try await Self.signIn(h, ops.token)
            #expect(answer.status == 201, "\(answer.text)")
            #expect(answer.string("role") == "operator")
            #expect(answer.string("key_name") == ops.name)
            #expect(csrf.count == 64)
            let setCookie = answer.headers.first { $0.name.lowercased() == "set-cookie" }?.value ?? ""
            #expect(setCookie.hasPrefix("merchant_admin=ms_"))
            for attribute in ["HttpOnly", "SameSite=Strict", "Path=/v1/admin"] { #expect(setCookie.contains(attribute), "\(setCookie)") }
            #expect(!setCookie.contains("Secure"), "the harness's address is http")
            #expect(!answer.text.contains(ops.token) && !answer.text.contains(cookie.dropFirst("merchant_admin=".count)))

            let token = String(cookie.dropFirst("merchant_admin=".count))
            #expect(try await h.count("SELECT count(*) AS n FROM admin_sessions WHERE token_hash = $1", [token]) == 0, "never the token")
            #expect(try await h.count("SELECT count(*) AS n FROM admin_sessions WHERE token_hash = $1", [Crypto.sha256Hex(token)]) == 1)
            #expect(
                try await h.count("SELECT count(*) AS n FROM admin_audit WHERE action = 'session.opened' AND actor = $1", [ops.name]) == 1)

            #expect(try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(cookie)).status == 200)
            let me = try await h.send(.GET, "/v1/admin/session", headers: Self.withCookie(cookie))
            #expect(me.string("csrf_token") == csrf, "a reloaded page gets its CSRF token back")

            let events = try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1", [paid.order])
            for forged in [nil, "0" + csrf.dropFirst(), ""] as [String?] {
                let refused = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/sync", headers: Self.withCookie(cookie, csrf: forged))
                #expect(refused.status == 403, "\(refused.text)")
                #expect(refused.errorCode == "csrf_token_invalid")
            }
            #expect(try await h.count("SELECT count(*) AS n FROM order_events WHERE order_id = $1", [paid.order]) == events, "nothing ran")
            let synced = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/sync", headers: Self.withCookie(cookie, csrf: csrf))
            #expect(synced.status == 200, "\(synced.text)")
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM order_events WHERE order_id = $1 AND type = 'order.sync_requested' AND cause = $2",
                    [paid.order, "admin:\(ops.name)"]) == 1)

            let out = try await h.send(.DELETE, "/v1/admin/session", headers: Self.withCookie(cookie, csrf: csrf))
            #expect(out.status == 200)
            #expect(out.headers.contains { $0.name.lowercased() == "set-cookie" && $0.value.contains("Max-Age=0") })
            let after = try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(cookie))
            #expect(after.status == 401)
            #expect(after.errorCode == "invalid_api_key")
        }
    }

    @Test func aViewersSessionReadsButItsChangesAre403() async throws {
        try await PaymentHarness.with { h in
            let paid = try await h.paidOrder(price: 700, quantity: 1)
            let viewer = try await Self.key(h, .viewer)
            let (cookie, csrf, _) = try await Self.signIn(h, viewer.token)
            #expect(try await h.send(.GET, "/v1/admin/orders/\(paid.order)", headers: Self.withCookie(cookie)).status == 200)
            let refund = try await h.send(.POST, "/v1/admin/orders/\(paid.order)/refunds", "{}", headers: Self.withCookie(cookie, csrf: csrf))
            #expect(refund.status == 403)
            #expect(refund.errorCode == "insufficient_permissions")
            let key = try await h.send(.POST, "/v1/admin/keys", #"{"name": "mine", "role": "admin"}"#, headers: Self.withCookie(cookie, csrf: csrf))
            #expect(key.status == 403, "a viewer cannot make itself an admin key")
            #expect(try await h.count("SELECT count(*) AS n FROM refunds") == 0)
            #expect(try await h.count("SELECT count(*) AS n FROM api_keys WHERE name = 'mine'") == 0)
        }
    }

    @Test func anIdleSessionAndARevokedKeysSessionEnd() async throws {
        try await PaymentHarness.with { h in
            let admin = try await Self.key(h, .admin)
            let ops = try await Self.key(h, .operator)
            let idle = try await Self.signIn(h, ops.token).cookie
            let revoked = try await Self.signIn(h, ops.token).cookie
            try await h.exec(
                "UPDATE admin_sessions SET last_seen_at = now() - interval '31 minutes' WHERE token_hash = $1",
                [Crypto.sha256Hex(String(idle.dropFirst("merchant_admin=".count)))])
            #expect(try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(idle)).status == 401, "idle past ADMIN_SESSION_IDLE")
            #expect(try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(revoked)).status == 200)

            let bearer = [(name: "Authorization", value: "Bearer \(admin.token)")]
            let gone = try await h.send(.DELETE, "/v1/admin/keys/\(ops.id)", headers: bearer)
            #expect(gone.status == 200, "\(gone.text)")
            #expect(gone.json["revoked_at"] is Int)
            #expect(try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(revoked)).status == 401, "revoking the key ends it")
            #expect(try await Self.signIn(h, ops.token).answer.status == 401)
            #expect(try await h.send(.DELETE, "/v1/admin/keys/key_0000000000000000", headers: bearer).errorCode == "key_not_found")

            // Housekeeping deletes a session a day after it died, and no live one.
            let idleHash = Crypto.sha256Hex(String(idle.dropFirst("merchant_admin=".count)))
            try await h.exec("UPDATE admin_sessions SET ended_at = now() - interval '25 hours' WHERE token_hash = $1", [idleHash])
            let live = try await Self.signIn(h, admin.token).cookie
            #expect(try await PostgresAdminSessions(pool: h.pool).purgeDead() == 1)
            #expect(try await h.count("SELECT count(*) AS n FROM admin_sessions WHERE token_hash = $1", [idleHash]) == 0)
            #expect(try await h.send(.GET, "/v1/admin/orders", headers: Self.withCookie(live)).status == 200)
        }
    }

    @Test func keysAreMadeAndListedByAdminsOnlyAndTheSecretIsShownOnce() async throws {
        try await PaymentHarness.with { h in
            let admin = try await Self.key(h, .admin)
            let ops = try await Self.key(h, .operator)
            let (cookie, csrf, _) = try await Self.signIn(h, admin.token)
            let made = try await h.send(
                .POST, "/v1/admin/keys", #"{"name": "night-shift", "role": "viewer"}"#, headers: Self.withCookie(cookie, csrf: csrf))
            #expect(made.status == 201, "\(made.text)")
            let secret = try #require(made.string("api_key"))
            #expect(secret.hasPrefix("mk_"))
            #expect(try await Self.signIn(h, secret).answer.string("role") == "viewer", "the new key works")
            let listed = try await h.send(.GET, "/v1/admin/keys", headers: Self.withCookie(cookie))
            #expect(!listed.text.contains(secret) && listed.text.contains("night-shift"))
            #expect(
                try await h.count(
                    "SELECT count(*) AS n FROM admin_audit WHERE action = 'key.created' AND actor = $1", [admin.name]) == 1,
                "audited once, by the store, with the session's key name")
            let opsCookie = try await Self.signIn(h, ops.token)
            let refused = try await h.send(
                .POST, "/v1/admin/keys", #"{"name": "x", "role": "viewer"}"#, headers: Self.withCookie(opsCookie.cookie, csrf: opsCookie.csrf))
            #expect(refused.status == 403)
            #expect(
                try await h.send(.POST, "/v1/admin/keys", #"{"name": "y", "role": "root"}"#, headers: Self.withCookie(cookie, csrf: csrf))
                    .errorCode == "invalid_role")
            #expect(try await h.send(.POST, "/v1/admin/session", #"{"api_key": "mk_nope"}"#).errorCode == "invalid_api_key")
            #expect(try await h.send(.POST, "/v1/admin/session", #"{"key": "x"}"#).status == 400)
        }
    }
}
