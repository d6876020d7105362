import Foundation
import OrderDomain

extension AdminKeyStore: AdminKeyDirectory {
    /// See `AdminKeyDirectory.keys`.
    public func keys() async throws -> [AdminKeyRecord] {
        try await list().map(Self.record)
    }

    /// See `AdminKeyDirectory.createKey`.
    public func createKey(name: String, role: AdminRole, actor: AdminActor) async throws -> (key: AdminKeyRecord, secret: String) {
        let (record, token) = try await create(name: name, role: role, actor: actor)
        return (Self.record(record), token.text)
    }

    /// See `AdminKeyDirectory.revokeKey`: by id only (`key_<hex>`), as the back office
    /// names keys; a second revoke answers the key as it is.
    public func revokeKey(id: String, actor: AdminActor) async throws -> AdminKeyRecord? {
        guard AdminKeyToken.storedID(fromReference: id) == id else { return nil }
        guard case .notFound = try await revoke(id, actor: actor) else {
            // One row, not the whole list.
            return try await pool.withConnection { conn in
                try conn.query("SELECT id, name, role, created_at, revoked_at FROM api_keys WHERE id = $1", [id]).first.map { row in
                    AdminKeyRecord(
                        id: try row.decode("id"), name: try row.decode("name"), role: try Self.role(row),
                        createdAt: Int64((try row.decode("created_at") as Date).timeIntervalSince1970),
                        revokedAt: (try row.decodeIfPresent("revoked_at") as Date?).map { Int64($0.timeIntervalSince1970) })
                }
            }
        }
        return nil
    }

    static func record(_ r: Record) -> AdminKeyRecord {
        AdminKeyRecord(
            id: r.id, name: r.name, role: r.role, createdAt: Int64(r.createdAt.timeIntervalSince1970),
            revokedAt: r.revokedAt.map { Int64($0.timeIntervalSince1970) })
    }
}
