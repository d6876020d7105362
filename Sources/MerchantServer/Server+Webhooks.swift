import CryptoPrimitives
import Foundation
import HTTPAPI
import Logging
import OrderDomain
import PostgresStore
import Workers

/// The webhook inbox's two halves, wired to the payment services: the route that stores
/// verified events, and the processor that syncs what they name.
extension PaymentServices {
    /// `POST /webhooks/wooshpay` over the inbox in `pool`, verifying with the gateway
    /// against the current time (the adapter applies its freshness window).
    public func webhookRoutes(pool: PostgresPool) -> WebhookRoutes {
        let gateway = gateway
        return WebhookRoutes(inbox: PostgresWebhookInbox(pool: pool)) { rawBody, header throws(WebhookVerificationError) in
            let now = GatewayTimestamp(epochMilliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            return try gateway.verifyWebhookEnvelope(rawBody: rawBody, signatureHeader: header, now: now)
        }
    }

    /// The inbox processor of this process, pacing and leasing as `settlement` says. Its
    /// lease owner is unique per process, so replicas (and restarts) never share leases.
    public func webhookProcessor(settlement: SettlementSettings, pool: PostgresPool, logger: Logger) -> WebhookProcessor {
        let configuration = WebhookProcessor.Configuration(
            interval: .milliseconds(Int64(settlement.pollIntervalSeconds * 1000)),
            batchSize: settlement.batchSize, leaseSeconds: settlement.leaseSeconds)
        let owner = "webhooks-\(ProcessInfo.processInfo.processIdentifier)-\(Crypto.randomToken(byteCount: 4))"
        return WebhookProcessor(
            inbox: PostgresWebhookInbox(pool: pool), owner: owner, configuration: configuration,
            logger: logger
        ) { objectID, cause in try await self.syncGatewayObject(objectID, cause: cause) }
    }

    /// Re-reads a dispute at WooshPay and records it on the payment it disputes; `false`
    /// when no payment of ours holds it (or the gateway has no disputes).
    public func syncDispute(_ id: String, cause: SyncCause) async throws -> Bool {
        try await disputeDesk.sync(id, cause: cause)
    }

    /// Syncs what an event names: a refund through the refund path, a payment object
    /// through the attempt holding it; `false` when nothing of ours holds it.
    public func syncGatewayObject(_ target: SyncTarget, cause: SyncCause) async throws -> Bool {
        switch target {
        case .refund(let id):
            return try await operations.syncGatewayRefund(id, cause: cause)
        case .dispute(let id):
            return try await syncDispute(id, cause: cause)
        case .payment(let objectID):
            guard let attempt = try await store.attempt(gatewayObjectID: objectID) else { return false }
            try await synchronizer.sync(attempt, cause: cause)
            return true
        }
    }
}
