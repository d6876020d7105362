import Hummingbird
import OrderDomain

/// The webhook inbox for operators: `GET /v1/admin/webhook-events` (newest first, by
/// status, cursor pages), `GET /v1/admin/webhook-events/{id}` and
/// `POST /v1/admin/webhook-events/{id}/replay`, which makes the event due again so the
/// running processors sync its object through the normal path (202: it happens next).
public struct AdminWebhookRoutes: Sendable {
    private let events: any BackOfficeWebhooks

    /// Creates the routes over `events`.
    public init(events: any BackOfficeWebhooks) { self.events = events }

    /// Registers the routes on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let events = events
        admin.get("/webhook-events") { request, _ -> Response in
            let q = try AdminQuery(request, allowed: ["status", "limit", "starting_after"])
            let page = try await events.events(
                WebhookEventListQuery(
                    status: try q.status(WebhookEventStatus.self), limit: try q.limit(),
                    startingAfter: try q.text("starting_after")))
            return try JSONRequest.response(
                AdminListDTO(data: page.items.map(AdminWebhookEventDTO.init), has_more: page.hasMore),
                status: .ok)
        }
        admin.get("/webhook-events/{id}") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let event = try await events.event(id: id) else { throw Self.notFound }
            return try JSONRequest.response(AdminWebhookEventDTO(event), status: .ok)
        }
        admin.post("/webhook-events/{id}/replay") { _, context -> Response in
            let id = try context.parameters.require("id")
            guard let event = try await events.replay(id: id, cause: context.auditActor) else {
                throw Self.notFound
            }
            return try JSONRequest.response(AdminWebhookEventDTO(event), status: .accepted)
        }
    }

    /// The 404 of an unknown event id.
    static var notFound: DomainError {
        DomainError(code: .webhookEventNotFound, message: "No such webhook event.")
    }
}
