import CryptoPrimitives
import CurlTransport
import Foundation
import Logging
import MerchantServer
import PostgresStore
import ServiceLifecycle
import TestSupport
import WooshPaySandbox

/// The app as `merchant serve` runs it (HTTP server and webhook processor), with the
/// sandbox delivering signed webhooks to it, recording into a registry of this test's own
/// and logging, at `level`, JSON lines into memory (the pool's lines too). The sandbox's
/// secret key and webhook secret are fresh random values, so finding them in the log
/// cannot be a coincidence.
struct ObservabilityHarness: Sendable {
    let h: PaymentHarness
    let metrics: ServiceMetrics
    let log: LogCapture

    static func with(
        level: Logger.Level = .trace, format: LogFormat = .json,
        configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (ObservabilityHarness) async throws -> Void
    ) async throws {
        let log = LogCapture()
        var logger = Logger(label: "merchant") { Server.logHandler(label: $0, format: format, level: level, sink: log.sink) }
        logger.logLevel = level
        let port = try WebhookLiveHarness.freePort()
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.secretKey = "sk_test_" + Hex.encode(Crypto.randomBytes(12))
        sandboxConfiguration.webhookSecret = "whsec_" + Hex.encode(Crypto.randomBytes(12))
        sandboxConfiguration.webhookURL = "http://127.0.0.1:\(port)/webhooks/wooshpay"
        sandboxConfiguration.webhookRetrySchedule = [.milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2)]
        sandboxConfiguration.faults.webhookDuplicateRate = 1
        try await PaymentHarness.withSandbox(sandboxConfiguration) { sandbox in
            var configuration = ServerConfiguration.forSandbox(sandbox, port: port)
            configuration.settlement.pollIntervalSeconds = 0.1
            configuration.logLevel = level
            configuration.logFormat = format
            configuration.payments.allowRawCardData = true
            configure(&configuration)
            let final = configuration
            let name = try await TestDatabase.create()
            var poolConfiguration = PostgresPool.Configuration(connectionString: "dbname=\(name)", size: 4)
            poolConfiguration.connectTimeoutSeconds = 30
            let pool = PostgresPool(configuration: poolConfiguration, logger: logger)
            let metrics = ServiceMetrics()
            do {
                try await WebhookLiveHarness.serve(final, pool: pool, metrics: metrics, logger: logger) { services in
                    let h = PaymentHarness(
                        pool: pool, sandbox: sandbox, http: PaymentHarness.client(),
                        baseURL: "http://127.0.0.1:\(port)", configuration: final, services: services)
                    try await body(ObservabilityHarness(h: h, metrics: metrics, log: log))
                }
            } catch {
                pool.close()
                try? await TestDatabase.drop(name)
                throw error
            }
            pool.close()
            try await TestDatabase.drop(name)
        }
    }

    /// What a full storefront-and-back-office run handed out: every secret that must never
    /// reach the log.
    struct Flow: Sendable {
        var orders: [String] = []
        var orderTokens: [String] = []
        var clientSecrets: [String] = []
        var cardNumbers: [String] = []
        var adminKey = ""
    }

    /// One of each: a paid SDK payment (webhooks, twice each), a hosted checkout paid on
    /// the sandbox's page, a raw-card direct payment, a declined card (a 4xx at WooshPay),
    /// a 3-D Secure payment approved and returned to us with its client secret in the
    /// query, an open SDK payment left waiting, a forged webhook, a refund by an admin, an
    /// order read, an unknown path. Waits until the webhooks are processed.
    func runFlow() async throws -> Flow {
        var flow = Flow()
        try await h.seedProduct("MUG", price: 1500)
        func order() async throws -> (id: String, token: String) {
            let placed = try await h.placeOrder([("MUG", 1)])
            flow.orders.append(placed.id)
            flow.orderTokens.append(placed.token)
            return placed
        }
        // SDK, paid by the customer's widget; WooshPay's webhooks settle it.
        let sdk = try await order()
        let started = try await h.pay(sdk, #"{"mode":"sdk"}"#)
        guard started.status == 201, let intent = started.string("payment_intent"), let secret = started.string("client_secret") else {
            throw HarnessError("sdk start: \(started.status) \(started.text)")
        }
        flow.clientSecrets.append(secret)
        try await h.drive(intent, to: "succeeded")
        // Hosted checkout, paid on the sandbox's page.
        let hosted = try await order()
        let session = try await h.pay(hosted, #"{"mode":"checkout"}"#)
        let page = try await h.request(
            .POST, session.string("redirect_url") ?? "-", "card_number=4242424242424242&exp=03%2F30&cvc=123",
            contentType: "application/x-www-form-urlencoded")
        guard page.status == 303 else { throw HarnessError("hosted page: \(page.status)") }
        flow.cardNumbers.append("4242424242424242")
        // A raw card through our API (allowed in this configuration).
        let raw = try await order()
        let card = "4111111111111111"
        let rawAnswer = try await h.pay(
            raw, #"{"mode":"direct","payment_method_data":{"type":"card","card":{"number":"\#(card)","exp_month":3,"exp_year":2030,"cvc":"123"}}}"#)
        guard rawAnswer.status == 201 else { throw HarnessError("raw card: \(rawAnswer.status) \(rawAnswer.text)") }
        flow.cardNumbers.append(card)
        // A declined card: WooshPay answers 402.
        let declined = try await order()
        _ = try await h.pay(declined, #"{"mode":"direct","payment_method":"pm_card_chargeDeclined"}"#)
        // 3-D Secure: approved on the sandbox's page, which sends the customer back to our
        // return endpoint with payment_intent_client_secret in the query.
        let challenged = try await order()
        let challenge = try await h.pay(challenged, #"{"mode":"direct","payment_method":"pm_card_threeDSecure"}"#)
        guard let actionURL = (challenge.json["next_action"] as? [String: Any])?["redirect_url"] as? String,
            let actionSecret = URLComponents(string: actionURL)?.queryItems?.first(where: { $0.name == "client_secret" })?.value
        else { throw HarnessError("3-D Secure start: \(challenge.status) \(challenge.text)") }
        flow.clientSecrets.append(actionSecret)
        let approved = try await h.request(
            .POST, actionURL.components(separatedBy: "?")[0],
            "client_secret=\(actionSecret)&action=approve", contentType: "application/x-www-form-urlencoded")
        guard approved.status == 303, let location = approved.headers.first(where: { $0.name.lowercased() == "location" })?.value,
            location.contains("_secret_"),
            let returnPath = URLComponents(string: location).map({ $0.percentEncodedPath + "?" + ($0.percentEncodedQuery ?? "") })
        else { throw HarnessError("3-D Secure approval: \(approved.status) \(approved.headers)") }
        let returned = try await h.send(.GET, returnPath)
        guard returned.status == 303 else { throw HarnessError("return: \(returned.status)") }
        // Left open: an SDK payment nobody pays.
        let open = try await order()
        let openAnswer = try await h.pay(open, #"{"mode":"sdk"}"#)
        if let secret = openAnswer.string("client_secret") { flow.clientSecrets.append(secret) }
        // The storefront reads its order; something asks for nothing.
        _ = try await h.send(.GET, "/v1/orders/\(sdk.id)", headers: [(name: "X-Order-Token", value: sdk.token)])
        _ = try await h.send(.GET, "/v1/nothing/\(sdk.id)")
        // A forged webhook.
        _ = try await h.send(
            .POST, "/webhooks/wooshpay", #"{"id":"evt_forged","type":"payment_intent.succeeded"}"#,
            headers: [(name: "Wooshpay-Signature", value: "t=1,v1=00")])
        // Webhooks settle the SDK and hosted payments.
        try await waitFor("webhooks settled the SDK and hosted orders") { [h] in
            let sdkStatus = try await h.orderStatus(sdk.id)
            let hostedStatus = try await h.orderStatus(hosted.id)
            let waiting = try await h.count("SELECT count(*) AS n FROM webhook_events WHERE status IN ('received', 'failed')")
            return sdkStatus == "paid" && hostedStatus == "paid" && waiting == 0
        }
        // A refund by an admin.
        flow.adminKey = try await AdminKeyStore(pool: h.pool).create(name: "observability", role: .admin).token.text
        let refund = try await h.send(
            .POST, "/v1/admin/orders/\(sdk.id)/refunds", #"{"amount":500}"#,
            headers: [(name: "Authorization", value: "Bearer \(flow.adminKey)")])
        guard refund.status == 201 || refund.status == 202 else { throw HarnessError("refund: \(refund.status) \(refund.text)") }
        return flow
    }

    /// `GET /metrics`.
    func scrape() async throws -> Exposition {
        let answer = try await h.send(.GET, "/metrics")
        guard answer.status == 200 else { throw HarnessError("/metrics: \(answer.status)") }
        return Exposition(
            text: answer.text,
            contentType: answer.headers.first { $0.name.lowercased() == "content-type" }?.value ?? "")
    }

    func waitFor(_ what: String, seconds: Double = 30, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessError("timed out waiting: \(what)")
    }
}

/// A Prometheus text exposition, parsed into samples.
struct Exposition: Sendable {
    struct Sample: Sendable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let text: String
    let contentType: String
    let samples: [Sample]
    /// Lines that are neither comments nor `name{labels} value`.
    let malformed: [String]

    init(text: String, contentType: String) {
        self.text = text
        self.contentType = contentType
        var samples = [Sample]()
        var malformed = [String]()
        for line in text.split(separator: "\n").map(String.init) where !line.hasPrefix("#") && !line.isEmpty {
            if let sample = Self.parse(line) { samples.append(sample) } else { malformed.append(line) }
        }
        self.samples = samples
        self.malformed = malformed
    }

    /// Samples of `name` whose labels include `labels`.
    func samples(_ name: String, _ labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    }

    /// The one value of `name` with `labels`, if exactly one sample matches.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let found = samples(name, labels)
        return found.count == 1 ? found[0].value : nil
    }

    static func parse(_ line: String) -> Sample? {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { return nil }
        let series = line[..<space]
        guard let brace = series.firstIndex(of: "{") else {
            return series.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
                ? Sample(name: String(series), labels: [:], value: value) : nil
        }
        guard series.hasSuffix("}") else { return nil }
        let name = String(series[..<brace])
        var labels = [String: String]()
        var rest = Substring(series[series.index(after: brace)..<series.index(before: series.endIndex)])
        while !rest.isEmpty {
            guard let equals = rest.range(of: "=\"") else { return nil }
            let key = String(rest[..<equals.lowerBound])
            var cursor = equals.upperBound
            var value = ""
            while cursor < rest.endIndex, rest[cursor] != "\"" {
                if rest[cursor] == "\\" { cursor = rest.index(after: cursor) }
                value.append(rest[cursor])
                cursor = rest.index(after: cursor)
            }
            guard cursor < rest.endIndex else { return nil }
            labels[key] = value
            rest = rest[rest.index(after: cursor)...]
            if rest.hasPrefix(",") { rest = rest.dropFirst() }
        }
        return Sample(name: name, labels: labels, value: value)
    }
}
