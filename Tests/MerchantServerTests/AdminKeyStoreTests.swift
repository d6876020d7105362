import CryptoPrimitives
import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing

@Suite("Admin keys: format, hashing, store")
struct AdminKeyStoreTests {
    @Test("generated keys have the documented shape and parse back")
    func generate() throws {
        let a = AdminKeySecrets.generate()
        let b = AdminKeySecrets.generate()
        #expect(a != b)
        #expect(a.text.wholeMatch(of: /mk_[0-9a-f]{16}_[0-9a-f]{64}/) != nil)
        #expect(AdminKeyToken(parsing: a.text) == a)
        #expect(a.keyID == "key_" + a.idHex)
    }

    @Test(
        "malformed keys do not parse",
        arguments: [
            "", "mk_", "mk_0123456789abcdef", "mk_0123456789abcdef_", "xx_0123456789abcdef_" + String(repeating: "a", count: 64),
            "mk_0123456789ABCDEF_" + String(repeating: "a", count: 64), "mk_0123456789abcde_" + String(repeating: "a", count: 64),
            "mk_0123456789abcdef_" + String(repeating: "a", count: 63), "mk_0123456789abcdef_" + String(repeating: "g", count: 64),
            "mk_0123456789abcdef_" + String(repeating: "a", count: 64) + "_", " mk_0123456789abcdef_" + String(repeating: "a", count: 64),
        ])
    func malformed(text: String) {
        #expect(AdminKeyToken(parsing: text) == nil)
    }

    @Test("the stored hash is the SHA-256 of the secret; matching is exact")
    func hashing() {
        let token = AdminKeySecrets.generate()
        let stored = AdminKeySecrets.hash(token.secret)
        #expect(stored == Crypto.sha256Hex(token.secret))
        #expect(AdminKeySecrets.matches(token.secret, storedHash: stored))
        #expect(!AdminKeySecrets.matches(token.secret, storedHash: stored.uppercased()))
        let altered = String(token.secret.dropLast()) + (token.secret.hasSuffix("0") ? "1" : "0")
        #expect(!AdminKeySecrets.matches(altered, storedHash: stored))
        #expect(!AdminKeySecrets.matches(token.secret, storedHash: ""))
    }

    @Test("create stores id, name and hash only; verify, revoke by name or id, list")
    func lifecycle() async throws {
        try await TestDatabase.with { pool, _ in
            let store = AdminKeyStore(pool: pool)
            let (record, token) = try await store.create(name: "shop-ops", role: .catalog)
            #expect(record.id == token.keyID)
            let row = try await pool.withConnection { conn in
                try conn.query("SELECT id, name, secret_hash, revoked_at::text AS revoked FROM api_keys").rows
            }
            #expect(row.count == 1)
            #expect(try row.first?.decode("secret_hash", as: String.self) == Crypto.sha256Hex(token.secret))
            #expect(try row.first?.raw("revoked") == nil)
            let everything = try await pool.withConnection {
                try $0.query("SELECT row_to_json(k)::text AS j FROM api_keys k").first?.decode("j", as: String.self)
            }
            #expect(everything?.contains(token.secret) == false)

            #expect(try await store.verify(token.text) == .verified(AdminIdentity(keyID: token.keyID, name: "shop-ops", role: .catalog)))
            #expect(try await store.verify(token.text + "0") == .refused(.malformed))
            #expect(try await store.verify("mk_\(token.idHex)_" + String(repeating: "f", count: 64)) == .refused(.unknown))

            let (second, secondToken) = try await store.create(name: "ci", role: .admin)
            #expect(try await store.revoke(token.keyID) == .revoked(id: token.keyID, name: "shop-ops"))
            #expect(try await store.verify(token.text) == .refused(.revoked))
            #expect(try await store.verify(secondToken.text) == .verified(AdminIdentity(keyID: second.id, name: "ci", role: .admin)))
            #expect(try await store.revoke("ci") == .revoked(id: second.id, name: "ci"))
            #expect(try await store.revoke(token.idHex) == .alreadyRevoked(id: token.keyID, name: "shop-ops"))
            #expect(try await store.revoke("nobody") == .notFound)

            let listed = try await store.list()
            #expect(listed.map(\.name) == ["shop-ops", "ci"])
            #expect(listed.map(\.role) == [.catalog, .admin])
            #expect(listed.allSatisfy { $0.revokedAt != nil })
        }
    }

    @Test("duplicate and invalid names are refused with their codes")
    func names() async throws {
        try await TestDatabase.with { pool, _ in
            let store = AdminKeyStore(pool: pool)
            _ = try await store.create(name: "ops", role: .admin)
            for (name, code) in [
                ("ops", "key_name_exists"), ("", "invalid_key_name"), ("  ", "invalid_key_name"),
                ("key_0123456789abcdef", "invalid_key_name"), ("0123456789abcdef", "invalid_key_name"),
                ("mk_x", "invalid_key_name"), ("tab\tname", "invalid_key_name"),
                (String(repeating: "n", count: 101), "invalid_key_name"),
            ] {
                do {
                    _ = try await store.create(name: name, role: .admin)
                    Issue.record("\(name) was accepted")
                } catch let error as DomainError {
                    #expect(error.code == code, "\(name)")
                }
            }
            #expect(try await store.list().count == 1)
        }
    }
}
