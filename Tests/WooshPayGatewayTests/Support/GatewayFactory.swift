import CurlTransport
import Logging
import OrderDomain

@testable import WooshPayGateway

/// Builds a gateway over a scripted transport with recorded, instantaneous sleeps.
struct ScriptedGateway {
    let gateway: WooshPayGateway
    let transport: ScriptedTransport
    let sleeps: SleepRecorder

    init(
        _ steps: [ScriptedTransport.Step], maxRetries: Int = 2, random: Double = 1,
        configure: (inout WooshPayConfiguration) -> Void = { _ in }
    ) {
        var configuration = WooshPayConfiguration(
            apiBase: "https://api.example/", secretKey: WooshPaySecret("sk_test_x"),
            publishableKey: "pk_test_x", webhookSecrets: [WooshPaySecret("whsec_x")],
            requestTimeout: .seconds(7), maxRetries: maxRetries, backoffBase: .milliseconds(100),
            backoffCap: .milliseconds(250), maxRetryAfter: .seconds(10))
        configure(&configuration)
        let transport = ScriptedTransport(steps)
        let sleeps = SleepRecorder()
        self.transport = transport
        self.sleeps = sleeps
        self.gateway = WooshPayGateway(
            configuration: configuration, transport: transport,
            logger: quietLogger, sleep: { await sleeps.record($0) }, random: { random })
    }
}

/// A logger that keeps expected retry and error lines out of the test output.
let quietLogger: Logger = {
    var logger = Logger(label: "wooshpay-gateway-test")
    logger.logLevel = .warning
    return logger
}()
