import Foundation
import Logging
import Metrics
import OrderDomain
import PostgresStore
import WooshPayGateway

/// The payment use cases of one process, built once over the pool and the gateway and
/// shared by the routes and the workers.
public struct PaymentServices: Sendable {
    /// Payment attempts in PostgreSQL.
    public let store: PostgresPaymentAttemptStore
    /// WooshPay (or the sandbox).
    public let gateway: any PaymentGateway
    /// Starts and continues payments.
    public let starter: PaymentStarter
    /// The one sync path (webhook, poll), with the configured timeout and retries.
    public let synchronizer: PaymentSynchronizer
    /// The same path for a waiting browser (return, refresh on read): one try, bounded by
    /// `RETURN_SYNC_TIMEOUT`, so a slow WooshPay delays a page by that much at most.
    public let interactive: PaymentSynchronizer
    /// Refunds, capture, cancel and force sync for the admin API and the refund poller.
    public let operations: MerchantOperations
    /// Refunds and the other merchant operations in PostgreSQL (also the refund queue).
    public let operationsStore: PostgresOperationsStore
    /// Disputes in PostgreSQL.
    public let disputes: PostgresDisputeStore
    /// WooshPay's dispute endpoints: the gateway itself when it has them (a test's stub
    /// gateway does not, and disputes are then never re-read).
    public let disputeGateway: (any DisputeGateway)?
    /// Dispute sync, evidence and close, over the store and `disputeGateway`.
    public let disputeDesk: DisputeDesk

    /// The services over WooshPay through libcurl, as configured: `gateway` with the
    /// configured timeout and retries, and the browser paths' own with
    /// `RETURN_SYNC_TIMEOUT` and no retries.
    public static func live(
        configuration: ServerConfiguration, pool: PostgresPool, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) -> PaymentServices {
        let timeout = Duration.milliseconds(Int64(configuration.settlement.returnSyncTimeoutSeconds * 1000))
        return PaymentServices(
            configuration: configuration, pool: pool,
            gateway: makeGateway(configuration, logger: logger, metrics: metrics),
            interactiveGateway: makeGateway(configuration, logger: logger, timeout: timeout, retries: 0, metrics: metrics),
            logger: logger)
    }

    /// Builds the services over `gateway`; the browser paths use `interactiveGateway`
    /// (default: `gateway`, as a test's stub serves both).
    public init(
        configuration: ServerConfiguration, pool: PostgresPool, gateway: any PaymentGateway,
        interactiveGateway: (any PaymentGateway)? = nil, logger: Logger
    ) {
        let store = PostgresPaymentAttemptStore(
            pool: pool, firstSyncSeconds: configuration.settlement.syncSchedule.first ?? 30,
            stockHoldSeconds: configuration.traffic.stockHoldSeconds)
        var settings = configuration.payments
        settings.maxPaymentFailuresPerOrder = configuration.traffic.maxPaymentFailuresPerOrder
        let calls = AttemptGatewayCalls(store: store, gateway: gateway, publicBaseURL: configuration.publicBaseURL)
        let starter = PaymentStarter(calls: calls, settings: settings, now: { Int64(Date().timeIntervalSince1970) })
        self.store = store
        self.gateway = gateway
        self.starter = starter
        let operationsStore = PostgresOperationsStore(pool: pool, firstSyncSeconds: configuration.settlement.syncSchedule.first ?? 30)
        let refundDuplicates = configuration.settlement.refundDuplicatePayments
        // Only the browser paths are spaced: a webhook's or a poll's read must never make a
        // customer back from WooshPay see the state from before they paid (the browser
        // tests' 3-D Secure flows got "pending" when background reads counted too).
        let spacing = configuration.traffic.syncMinIntervalSeconds
        self.synchronizer = PaymentSynchronizer(
            calls: calls,
            duplicateRefunds: refundDuplicates
                ? RefundSender(store: operationsStore, gateway: gateway) : nil)
        let fast = interactiveGateway ?? gateway
        self.interactive = PaymentSynchronizer(
            calls: calls.using(gateway: fast),
            duplicateRefunds: refundDuplicates
                ? RefundSender(store: operationsStore, gateway: fast) : nil,
            spacing: .init(minIntervalSeconds: spacing, coalescer: ReadCoalescer(), resendsLostCalls: false))
        self.operationsStore = operationsStore
        // Open disputes are re-read at the poll schedule's longest pause (1 hour by default).
        self.disputes = PostgresDisputeStore(pool: pool, resyncSeconds: configuration.settlement.syncSchedule.last ?? 3600)
        self.disputeGateway = gateway as? any DisputeGateway
        self.disputeDesk = DisputeDesk(store: disputes, gateway: disputeGateway)
        self.operations = MerchantOperations(store: operationsStore, payments: store, gateway: gateway, synchronizer: synchronizer)
    }
}
