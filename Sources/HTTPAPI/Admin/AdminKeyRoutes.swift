import Hummingbird
import OrderDomain

/// Admin keys for the `admin` role: `GET /v1/admin/keys`, `POST /v1/admin/keys`
/// `{"name", "role"}` (the answer carries the secret, once), `DELETE /v1/admin/keys/{id}`
/// (revoke: its sessions end with it). The store audits each change with the key's name.
public struct AdminKeyRoutes: Sendable {
    private let keys: any AdminKeyDirectory

    /// Creates the routes over `keys`.
    public init(keys: any AdminKeyDirectory) { self.keys = keys }

    /// Registers the routes on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let keys = keys
        admin.get("/keys") { _, _ -> Response in
            try JSONRequest.response(AdminListDTO(data: try await keys.keys().map { AdminKeyDTO($0) }, has_more: false), status: .ok)
        }
        admin.post("/keys") { request, context -> Response in
            let body = try await JSONRequest.decode(CreateKeyBody.self, from: request)
            let (key, secret) = try await keys.createKey(
                name: body.name, role: try AdminRole.parsed(body.role), actor: context.adminActor)
            var dto = AdminKeyDTO(key)
            dto.api_key = secret
            var response = try JSONRequest.response(dto, status: .created)
            response.headers[.cacheControl] = "no-store"
            return response
        }
        admin.delete("/keys/{id}") { _, context -> Response in
            guard let key = try await keys.revokeKey(id: try context.parameters.require("id"), actor: context.adminActor) else {
                throw DomainError(code: .keyNotFound, message: "No admin key has this id.")
            }
            return try JSONRequest.response(AdminKeyDTO(key), status: .ok)
        }
    }
}

/// `{"name": "...", "role": "viewer" | "operator" | "catalog" | "admin"}`.
struct CreateKeyBody: Decodable, Sendable {
    var name: String
    var role: String
}

/// A key as listed; `api_key` (the secret) only in the answer that created it.
struct AdminKeyDTO: Encodable {
    var id: String
    var object = "admin_key"
    var name: String
    var role: String
    var created_at: Int64
    @ExplicitNull var revoked_at: Int64?
    var api_key: String?

    init(_ key: AdminKeyRecord) {
        id = key.id
        name = key.name
        role = key.role.rawValue
        created_at = key.createdAt
        revoked_at = key.revokedAt
    }
}
