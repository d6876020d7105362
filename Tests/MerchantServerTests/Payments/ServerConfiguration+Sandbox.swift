import MerchantServer
import WooshPaySandbox

extension ServerConfiguration {
    /// A configuration whose WooshPay keys and API base are those of `sandbox`, listening
    /// on `port`, with return URLs on a closed loopback port (tests follow them by path).
    static func forSandbox(_ sandbox: RunningSandbox, port: Int) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.httpPort = port
        configuration.publicBaseURL = "http://127.0.0.1:9"
        configuration.wooshPay.apiBase = sandbox.baseURL
        configuration.wooshPay.secretKey = sandbox.configuration.secretKey
        configuration.wooshPay.publishableKey = sandbox.configuration.publishableKey
        configuration.wooshPay.webhookSecrets = [sandbox.configuration.webhookSecret]
        configuration.wooshPay.requestTimeoutSeconds = 5
        // Tests drive many orders from one address and read right after writing; the
        // traffic tests set the limits and spacing they check.
        configuration.traffic = .unlimited
        return configuration
    }
}
