import Hummingbird
import OrderDomain

/// `POST /v1/admin/reconciliations`: compares WooshPay's payment intents created in a
/// window with our attempts, repairs what is safe and answers the report (200). Repairs
/// are recorded with cause `reconcile:<admin key name>`.
public struct AdminReconciliationRoutes: Sendable {
    private let reconciler: Reconciler

    /// Creates the route over `reconciler`.
    public init(reconciler: Reconciler) { self.reconciler = reconciler }

    /// Registers the route on `admin`, a group mounted at `/v1/admin` behind `AdminAuthMiddleware`.
    public func register<Context: AdminRequestContext>(on admin: RouterGroup<Context>) {
        let reconciler = reconciler
        admin.post("/reconciliations") { request, context -> Response in
            let body = try await JSONRequest.decode(ReconciliationBody.self, from: request)
            let since = try body.since.epochMilliseconds("since")
            let until = try body.until?.epochMilliseconds("until")
            if let until, until <= since {
                throw DomainError(code: .invalidTimeRange, message: "until must be after since.", param: "until")
            }
            let maxResults = body.max_results ?? 1_000
            guard (1...10_000).contains(maxResults) else {
                throw DomainError(
                    code: .invalidParameter, message: "max_results must be 1 to 10000.",
                    param: "max_results")
            }
            let report = try await reconciler.reconcile(
                since: since, until: until, maxResults: maxResults,
                cause: .reconcile(by: context.adminKeyName ?? "unknown"))
            return try JSONRequest.response(ReconciliationReportDTO(report), status: .ok)
        }
    }
}
