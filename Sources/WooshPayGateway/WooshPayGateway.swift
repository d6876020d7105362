import CurlTransport
import Logging
import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The WooshPay adapter of the `PaymentGateway` port.
///
/// It speaks WooshPay's JSON API over an injected `HTTPTransport`, retries transient
/// failures with the caller's idempotency key, decodes WooshPay's objects defensively and
/// verifies webhook signatures. It holds no mutable state, so one value serves every task.
public struct WooshPayGateway: PaymentGateway {
    /// Suspends for a duration; injected so tests can observe and skip backoff delays.
    public typealias Sleep = @Sendable (Duration) async -> Void

    /// Keys, endpoints and retry settings.
    let configuration: WooshPayConfiguration
    /// The HTTP client.
    let transport: any HTTPTransport
    /// Where attempt lines go (routing facts only).
    let logger: Logger
    /// Waits between retries.
    let sleep: Sleep
    /// Jitter source, a value in 0...1.
    let random: @Sendable () -> Double
    /// When to retry and how long to wait.
    let retryPolicy: RetryPolicy
    /// Webhook authentication, built from the configured secrets.
    let webhookVerifier: WooshPayWebhookVerifier
    /// `Basic base64("<secret key>:")`, computed once.
    let authorization: String

    /// Creates the adapter.
    /// - Parameters:
    ///   - configuration: keys, endpoints, timeouts and retry settings.
    ///   - transport: the HTTP client (the libcurl transport in production).
    ///   - logger: receives one line per attempt; never secrets, bodies or client secrets.
    ///   - sleep: waits between retries (defaults to `Task.sleep`).
    ///   - random: a value in 0...1 for backoff jitter.
    public init(
        configuration: WooshPayConfiguration, transport: any HTTPTransport,
        logger: Logger = Logger(label: "wooshpay-gateway"),
        sleep: @escaping Sleep = { try? await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.sleep = sleep
        self.random = random
        self.retryPolicy = RetryPolicy(
            maxRetries: max(0, configuration.maxRetries),
            base: configuration.backoffBase, cap: configuration.backoffCap,
            maxRetryAfter: configuration.maxRetryAfter)
        self.webhookVerifier = WooshPayWebhookVerifier(
            secrets: configuration.webhookSecrets,
            tolerance: configuration.webhookTolerance)
        self.authorization = "Basic " + Data("\(configuration.secretKey.value):".utf8).base64EncodedString()
    }

    /// The publishable key the storefront's SDK widget needs alongside a client secret.
    public var publishableKey: String { configuration.publishableKey }

    /// Verifies and decodes a webhook; see `WooshPayWebhookVerifier`.
    public func verifyWebhook(
        rawBody: [UInt8], signatureHeader: String?,
        now: GatewayTimestamp
    ) throws(WebhookVerificationError) -> GatewayEvent {
        try webhookVerifier.verify(rawBody: rawBody, signatureHeader: signatureHeader, now: now)
    }

    /// Verifies a webhook and decodes its envelope only; see `WooshPayWebhookVerifier`.
    public func verifyWebhookEnvelope(
        rawBody: [UInt8], signatureHeader: String?,
        now: GatewayTimestamp
    ) throws(WebhookVerificationError) -> WebhookEnvelope {
        try webhookVerifier.verifyEnvelope(rawBody: rawBody, signatureHeader: signatureHeader, now: now)
    }
}
