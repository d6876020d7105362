import Foundation
import Logging
import OrderDomain
import PostgresStore

/// The payment use cases of one process, built once over the pool and the gateway and
/// shared by the routes and the workers.
public struct PaymentServices: Sendable {
    /// Payment attempts in PostgreSQL.
    public let store: PostgresPaymentAttemptStore
    /// WooshPay (or the sandbox).
    public let gateway: any PaymentGateway
    /// Starts and continues payments.
    public let starter: PaymentStarter
    /// The one sync path (return, webhook, poll, read).
    public let synchronizer: PaymentSynchronizer

    /// Builds the services; `gateway` defaults to WooshPay over libcurl as configured.
    public init(configuration: ServerConfiguration, pool: PostgresPool, gateway: (any PaymentGateway)? = nil, logger: Logger) {
        let store = PostgresPaymentAttemptStore(pool: pool)
        let gateway = gateway ?? makeGateway(configuration, logger: logger)
        let starter = PaymentStarter(store: store, gateway: gateway, settings: configuration.payments,
                                     publicBaseURL: configuration.publicBaseURL, now: { Int64(Date().timeIntervalSince1970) })
        self.store = store
        self.gateway = gateway
        self.starter = starter
        self.synchronizer = PaymentSynchronizer(starter: starter)
    }
}
