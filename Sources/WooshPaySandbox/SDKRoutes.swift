import Hummingbird

/// `GET /js/wooshpay.js`: the sandbox's stand-in for WooshPay's JS SDK (`WooshPaySDK.script`),
/// which confirms a payment intent from the browser with the publishable key and the
/// intent's client secret.
struct SDKRoutes: Sendable {
    /// Adds the script's route to `router`.
    func register(on router: Router<SandboxRequestContext>) {
        router.get("/js/wooshpay.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "application/javascript; charset=utf-8", .cacheControl: "no-cache"],
                body: .init(byteBuffer: ByteBuffer(string: WooshPaySDK.script)))
        }
    }
}
