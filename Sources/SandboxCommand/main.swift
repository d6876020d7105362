import ArgumentParser
import Logging
import WooshPaySandbox

/// `wooshpay-sandbox`: a stateful WooshPay stand-in for development and tests.
struct SandboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wooshpay-sandbox",
        abstract: "A stateful, faithful WooshPay simulator: API, hosted checkout, signed webhooks, fault injection.",
        discussion: "Test cards, controls and quirks are described in docs/SANDBOX.md.")

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind (0 = any free port).") var port = 8090
    @Option(name: .customLong("public-url"), help: "Base of URLs handed out (default http://host:port).")
    var publicURL: String?
    @Option(help: "Secret key API calls must present.") var secretKey = "sk_test_sandbox"
    @Option(help: "Publishable key embedded in checkout URLs.") var publishableKey = "pk_test_sandbox"
    @Option(help: "Where to POST events (none: no delivery).") var webhookURL: String?
    @Option(help: "Webhook signing secret, used verbatim.") var webhookSecret = "whsec_sandbox"
    @Option(help: "Waits between delivery retries, e.g. 5s,30s,2m,10m,1h (units ms, s, m, h).")
    var webhookRetrySchedule = "5s,30s,2m,10m,1h"
    @Flag(help: "Emit WooshPay's older quirks: millisecond timestamps, JSON-string fields, lower-case currency.")
    var quirks = false
    @Flag(help: "Render timestamps in epoch seconds (Stripe's unit) instead of WooshPay's milliseconds.")
    var secondsTimestamps = false
    @Flag(help: "Accept what WooshPay refuses: form bodies, Bearer auth, query parameters on GET.")
    var lenient = false
    @Option(help: "Log level (trace, debug, info, notice, warning, error, critical).") var logLevel = "info"

    @Option(help: "Share of events never delivered (0...1).") var webhookDropRate: Double = 0
    @Option(help: "Share of events delivered twice (0...1).") var webhookDuplicateRate: Double = 0
    @Flag(help: "Hold back every other event so that the next overtakes it.") var webhookReorder = false
    @Option(help: "Random delay before each event's first attempt, up to this many ms.") var webhookDelayMsMax = 0
    @Option(help: "Share of /v1 responses replaced by a 500 after the effect (0...1).") var apiErrorRate: Double = 0
    @Option(help: "Share of /v1 responses held back after the effect (0...1).") var apiTimeoutRate: Double = 0
    @Option(help: "How long an injected timeout holds the response, in ms.") var apiTimeoutMs = 30_000
    @Option(help: "Latency added to every /v1 response, in ms.") var apiLatencyMs = 0

    func validate() throws {
        guard SandboxConfiguration.parseDurations(webhookRetrySchedule) != nil else {
            throw ValidationError("--webhook-retry-schedule: expected e.g. 1s,5s,2m (units ms, s, m, h)")
        }
        for (name, rate) in [
            ("webhook-drop-rate", webhookDropRate), ("webhook-duplicate-rate", webhookDuplicateRate),
            ("api-error-rate", apiErrorRate), ("api-timeout-rate", apiTimeoutRate),
        ]
        where !(0...1).contains(rate) {
            throw ValidationError("--\(name) must be between 0 and 1")
        }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level \(logLevel)") }
    }

    /// Builds the configuration from the flags and serves until SIGINT/SIGTERM.
    func serve() async throws {
        var configuration = SandboxConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.publicBaseURL = publicURL
        configuration.secretKey = secretKey
        configuration.publishableKey = publishableKey
        configuration.webhookURL = webhookURL
        configuration.webhookSecret = webhookSecret
        configuration.webhookRetrySchedule = SandboxConfiguration.parseDurations(webhookRetrySchedule) ?? []
        configuration.quirks = quirks
        configuration.secondsTimestamps = secondsTimestamps
        configuration.lenient = lenient
        configuration.faults.webhookDropRate = webhookDropRate
        configuration.faults.webhookDuplicateRate = webhookDuplicateRate
        configuration.faults.webhookReorder = webhookReorder
        configuration.faults.webhookDelayMillisecondsMax = webhookDelayMsMax
        configuration.faults.apiErrorRate = apiErrorRate
        configuration.faults.apiTimeoutRate = apiTimeoutRate
        configuration.faults.apiTimeoutMilliseconds = apiTimeoutMs
        configuration.faults.apiLatencyMilliseconds = apiLatencyMs

        var logger = Logger(label: "wooshpay-sandbox")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let webhook = webhookURL ?? "none"
        let mode = (quirks ? "quirks" : "clean") + (lenient ? ", lenient" : ", strict")
        let shownPublic = publicURL.map { ", public URL \($0)" } ?? ""
        try await runSandbox(configuration: configuration, logger: logger) { [logger] baseURL in
            // The one start-up line scripts wait for; secrets are never logged.
            logger.notice("WooshPay sandbox listening on \(baseURL) (webhooks: \(webhook), mode: \(mode)\(shownPublic))")
        }
    }
}

// Top-level code cannot use `@main`, and from here an `AsyncParsableCommand`'s `run()`
// resolves to the synchronous default (which prints help), so parse synchronously and
// serve explicitly.
let command: SandboxCommand
do {
    command = try SandboxCommand.parse()
} catch {
    SandboxCommand.exit(withError: error)
}
do {
    try await command.serve()
} catch {
    SandboxCommand.exit(withError: error)
}
