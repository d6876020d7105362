import Foundation
import OrderDomain
import TestSupport
import Testing

/// The pure decision "may role R do admin route (method, path)?", by table, for every
/// admin route of the OpenAPI document (a route added to the document without a row here
/// fails the test).
@Suite("Admin: roles and permissions") struct AdminPermissionTests {
    // Each admin route of the document: its permission and audit name (nil for reads).
    static let routes: [(method: String, path: String, permission: AdminPermission, action: String?)] = [
        ("POST", "/v1/admin/products", .manageCatalog, "product.created"),
        ("GET", "/v1/admin/products", .read, nil),
        ("GET", "/v1/admin/products/{sku}", .read, nil),
        ("PATCH", "/v1/admin/products/{sku}", .manageCatalog, "product.updated"),
        ("DELETE", "/v1/admin/products/{sku}", .manageCatalog, "product.deactivated"),
        ("GET", "/v1/admin/orders", .read, nil),
        ("GET", "/v1/admin/orders/{id}", .read, nil),
        ("POST", "/v1/admin/orders/{id}/refunds", .operate, "refund.created"),
        ("GET", "/v1/admin/orders/{id}/refunds", .read, nil),
        ("POST", "/v1/admin/orders/{id}/capture", .operate, "order.captured"),
        ("POST", "/v1/admin/orders/{id}/cancel", .operate, "order.canceled"),
        ("POST", "/v1/admin/orders/{id}/sync", .operate, "order.synced"),
        ("GET", "/v1/admin/authorizations/lapsing", .read, nil),
        ("GET", "/v1/admin/webhook-events", .read, nil),
        ("GET", "/v1/admin/webhook-events/{id}", .read, nil),
        ("POST", "/v1/admin/webhook-events/{id}/replay", .operate, "webhook_event.replayed"),
        ("GET", "/v1/admin/notifications", .read, nil),
        ("GET", "/v1/admin/notifications/{id}", .read, nil),
        ("POST", "/v1/admin/notifications/{id}/replay", .operate, "notification.replayed"),
        ("POST", "/v1/admin/reconciliations", .operate, "reconciliation.run"),
        ("GET", "/v1/admin/disputes", .read, nil),
        ("GET", "/v1/admin/disputes/{id}", .read, nil),
        ("POST", "/v1/admin/disputes/{id}/evidence", .operate, "dispute.evidence_submitted"),
        ("POST", "/v1/admin/disputes/{id}/close", .operate, "dispute.closed"),
        ("POST", "/v1/admin/session", .read, "session.opened"),
        ("GET", "/v1/admin/session", .read, nil),
        ("DELETE", "/v1/admin/session", .read, "session.closed"),
        ("GET", "/v1/admin/keys", .read, nil),
        ("POST", "/v1/admin/keys", .administer, "key.created"),
        ("DELETE", "/v1/admin/keys/{id}", .administer, "key.revoked"),
    ]

    // Who holds each permission.
    static let holders: [AdminPermission: Set<AdminRole>] = [
        .read: [.viewer, .operator, .catalog, .admin],
        .operate: [.operator, .admin],
        .manageCatalog: [.catalog, .admin],
        .administer: [.admin],
    ]

    @Test func everyAdminRouteOfTheDocumentIsClassified() throws {
        let yaml = try String(contentsOfFile: TestDatabase.repositoryRoot + "/openapi/openapi.yaml", encoding: .utf8)
        var documented = Set<String>()
        var current: String?
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") { current = String(line.dropFirst(2).dropLast()) }
            if let current, current.hasPrefix("/v1/admin"),
                let method = ["get", "post", "put", "patch", "delete"].first(where: { line == "    \($0):" })
            {
                documented.insert(method.uppercased() + " " + current)
            }
        }
        #expect(!documented.isEmpty)
        #expect(documented == Set(Self.routes.map { "\($0.method) \($0.path)" }))
    }

    @Test func eachRouteNeedsItsPermissionAndOnlyItsHoldersMayDoIt() {
        for route in Self.routes {
            // A concrete path, as a request has it (ids and SKUs filled in).
            let path = route.path.replacingOccurrences(of: "{id}", with: "ord_0123abcd").replacingOccurrences(of: "{sku}", with: "TEE-1")
            let needed = AdminPermission.required(method: route.method, path: path)
            #expect(needed == route.permission, "\(route.method) \(path)")
            for role in AdminRole.allCases {
                #expect(role.allows(needed) == Self.holders[route.permission]!.contains(role), "\(role) \(route.method) \(path)")
            }
            let audit = AdminPermission.auditAction(method: route.method, path: path)
            #expect(audit?.action == route.action, "\(route.method) \(path)")
            if route.action != nil, route.path.contains("{") {
                #expect(audit?.target == (route.path.contains("{sku}") ? "TEE-1" : "ord_0123abcd"))
            }
        }
    }

    @Test func anythingUnclassifiedIsForAdminsOnlyAndReadsAreForAll() {
        let cases: [(String, String, AdminPermission)] = [
            ("POST", "/v1/admin/keys", .administer), ("PUT", "/v1/admin/products/TEE-1", .administer),
            ("POST", "/v1/admin/products/TEE-1/extra", .administer), ("DELETE", "/v1/admin/orders/ord_1", .administer),
            ("POST", "/v1/admin/orders/ord_1/refunds/extra", .administer), ("OPTIONS", "/v1/admin/products", .administer),
            ("POST", "/elsewhere", .administer), ("POST", "/v1/admin", .administer),
            ("POST", "/v1/admin/orders/ord_1/refunds?x=1", .operate), ("POST", "/v1/admin/products/", .manageCatalog),
            ("GET", "/v1/admin/anything/at/all", .read), ("HEAD", "/v1/admin/products", .read),
        ]
        for (method, path, expected) in cases {
            #expect(AdminPermission.required(method: method, path: path) == expected, "\(method) \(path)")
        }
        #expect(AdminRole.allCases.filter { $0.allows(.administer) } == [.admin])
    }

    @Test func rolesParseExactlyAndTheRefusalIsA403Code() throws {
        #expect(try AdminRole.parsed("catalog") == .catalog)
        for bad in ["", "Admin", "root", "viewer "] {
            #expect(throws: DomainError.self) { try AdminRole.parsed(bad) }
        }
        #expect(AdminRole.spelledList == "viewer, operator, catalog, admin")
        let refusal = AdminPermission.refusal(role: .viewer, permission: .operate)
        #expect(refusal.kind == .forbidden && refusal.code == "insufficient_permissions")
        #expect(throws: DomainError.self) { try AdminKeyName.validated("cli") }
    }
}
