import Foundation
import Hummingbird
import OrderDomain

/// Disputes for operators: `GET /v1/admin/disputes` (by status, evidence due before;
/// newest first, cursor pages), `GET /v1/admin/disputes/{id}`,
/// `POST /v1/admin/disputes/{id}/evidence` (WooshPay's evidence fields; files uploaded
/// through its Files API first) and `POST /v1/admin/disputes/{id}/close` (accept the loss).
/// The two POSTs need the operate permission and are audited with the key's name.
public struct AdminDisputeRoutes: Sendable {
    private let store: any DisputeStore
    private let desk: DisputeDesk

    /// Creates the routes over the store (reads) and the desk (changes).
    public init(store: any DisputeStore, desk: DisputeDesk) {
        self.store = store
        self.desk = desk
    }

    /// Registers the routes on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let store = store
        let desk = desk
        admin.get("/disputes") { request, _ -> Response in
            let q = try AdminQuery(request, allowed: ["status", "due_before", "limit", "starting_after"])
            let page = try await store.disputes(
                DisputeQuery(
                    status: try q.status(DisputeStatus.self), dueBefore: try q.time("due_before").map { $0 / 1000 },
                    limit: try q.limit(), startingAfter: try q.text("starting_after")))
            return try JSONRequest.response(AdminListDTO(data: page.items.map(AdminDisputeDTO.init), has_more: page.hasMore), status: .ok)
        }
        admin.get("/disputes/{id}") { _, context -> Response in
            guard let dispute = try await store.dispute(id: try context.parameters.require("id")) else { throw DisputeDesk.notFound }
            return try JSONRequest.response(AdminDisputeDTO(dispute), status: .ok)
        }
        admin.post("/disputes/{id}/evidence") { request, context -> Response in
            let evidence = try await JSONRequest.decode(EvidenceBody.self, from: request).validated()
            let dispute = try await desk.submitEvidence(
                disputeID: try context.parameters.require("id"), evidence: evidence, actor: context.auditActor,
                requestKey: Self.requestKey(context))
            return try JSONRequest.response(AdminDisputeDTO(dispute), status: .ok)
        }
        admin.post("/disputes/{id}/close") { _, context -> Response in
            let dispute = try await desk.close(
                disputeID: try context.parameters.require("id"), actor: context.auditActor, requestKey: Self.requestKey(context))
            return try JSONRequest.response(AdminDisputeDTO(dispute), status: .ok)
        }
    }

    /// The WooshPay keys' seed: the request's `Idempotency-Key` (a retry repeats the same
    /// calls), else a fresh one (a repeat without a key is a new request, as everywhere).
    static func requestKey(_ context: some AdminRequestContext) -> String {
        context.idempotency?.reference ?? UUID().uuidString.lowercased()
    }
}
