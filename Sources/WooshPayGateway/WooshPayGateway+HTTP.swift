import CurlTransport
import Logging
import OrderDomain

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One logical WooshPay API call; it may be sent several times (same key) by the retry loop.
struct APICall: Sendable {
    /// A short name for logs, e.g. `payment_intents.create`.
    var operation: String
    /// GET or POST.
    var method: HTTPRequest.Method
    /// The path under the API base, ids already escaped.
    var path: String
    /// Query parameters, escaped when the URL is built.
    var query: [(name: String, value: String)] = []
    /// The JSON body of a POST, or of a list GET.
    var body: [UInt8]? = nil
    /// The caller's key, sent on every attempt of a POST.
    var idempotencyKey: String? = nil
    /// The body's media type: JSON everywhere but a file upload (multipart).
    var contentType = "application/json"
}

extension WooshPayGateway {
    /// Sends a GET and decodes the answer as `T`.
    func get<T: Decodable>(
        _ operation: String, _ path: String,
        query: [(name: String, value: String)] = [],
        as type: T.Type
    ) async throws(GatewayError) -> T {
        try await perform(APICall(operation: operation, method: .GET, path: path, query: query), as: type)
    }

    /// Sends a GET with a JSON body (WooshPay's list endpoints document their filters so).
    func get<T: Decodable>(
        _ operation: String, _ path: String, body: some Encodable, as type: T.Type
    ) async throws(GatewayError) -> T {
        let call = APICall(operation: operation, method: .GET, path: path, body: try Self.json(body, operation))
        return try await perform(call, as: type)
    }

    /// The JSON of a request body, keys sorted: a retry must send byte-identical bytes.
    static func json(_ body: some Encodable, _ operation: String) throws(GatewayError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(body) else {
            throw .invalidRequest(code: "encoding_failed", message: "could not encode \(operation)", param: nil, requestID: nil)
        }
        return Array(data)
    }

    /// Sends a POST with a JSON body and the caller's idempotency key, decoding the answer as `T`.
    func post<T: Decodable>(
        _ operation: String, _ path: String, body: some Encodable,
        idempotencyKey: String, as type: T.Type
    ) async throws(GatewayError) -> T {
        // An empty key would make WooshPay treat retries as new requests: refuse before sending.
        guard !idempotencyKey.isEmpty else {
            throw .invalidRequest(
                code: "idempotency_key_missing",
                message: "every WooshPay POST needs an idempotency key",
                param: nil, requestID: nil)
        }
        let call = APICall(
            operation: operation, method: .POST, path: path, body: try Self.json(body, operation),
            idempotencyKey: idempotencyKey)
        return try await perform(call, as: type)
    }

    /// Sends `call`, retrying transient failures with the same idempotency key, and decodes
    /// a 2xx answer as `T`.
    func perform<T: Decodable>(_ call: APICall, as type: T.Type) async throws(GatewayError) -> T {
        let request = httpRequest(for: call)
        var retries = 0
        // Once any attempt may have reached WooshPay, a later "not delivered" must not let
        // the caller believe nothing happened.
        var earlierAttemptMayHaveTakenEffect = false
        while true {
            let started = ContinuousClock.now
            let failure: GatewayError
            let result = await send(request)
            if let metrics {
                let outcome =
                    switch result {
                    case .success(let response): GatewayMetrics.outcome(status: response.status)
                    case .failure(let error): GatewayMetrics.outcome(error)
                    }
                metrics.record(operation: call.operation, outcome: outcome, elapsed: ContinuousClock.now - started)
            }
            switch result {
            case .success(let response):
                let requestID = response.header("Request-Id")
                if (200..<300).contains(response.status) {
                    log(
                        call, .debug, "ok", status: response.status, requestID: requestID,
                        retries: retries, started: started)
                    return try decode(response, as: type, requestID: requestID)
                }
                failure = WooshPayErrorMapping.error(for: response, requestID: requestID)
                log(
                    call, .notice, "error", status: response.status, requestID: requestID,
                    retries: retries, started: started)
            case .failure(let transportError):
                failure = WooshPayErrorMapping.error(for: transportError)
                log(
                    call, .notice, "transport: \(failure)", status: nil, requestID: nil,
                    retries: retries, started: started)
            }
            let finalError = Self.escalate(failure, earlierAttemptMayHaveTakenEffect)
            earlierAttemptMayHaveTakenEffect = earlierAttemptMayHaveTakenEffect || failure.mayHaveTakenEffect
            switch retryPolicy.decide(after: failure, retriesSoFar: retries, unitRandom: random()) {
            case .giveUp:
                throw finalError
            case .retry(let delay):
                await sleep(delay)
                if Task.isCancelled { throw finalError }
                retries += 1
            }
        }
    }

    /// `failure`, turned into `outcomeUnknown` when an earlier attempt may have taken effect
    /// but this one says nothing about that.
    static func escalate(_ failure: GatewayError, _ earlierMayHaveTakenEffect: Bool) -> GatewayError {
        guard earlierMayHaveTakenEffect, !failure.mayHaveTakenEffect else { return failure }
        switch failure {
        case .notDelivered(let reason):
            return .outcomeUnknown(reason: "an earlier attempt may have been processed; last: \(reason)")
        case .rateLimited:
            return .outcomeUnknown(reason: "an earlier attempt may have been processed; last: HTTP 429")
        case .invalidRequest, .cardDeclined, .idempotencyConflict, .authentication, .permission,
            .notFound, .gatewayUnavailable, .outcomeUnknown, .unexpectedResponse:
            return failure
        }
    }

    private func send(_ request: HTTPRequest) async -> Result<HTTPResponse, TransportError> {
        do {
            return .success(try await transport.send(request))
        } catch {
            return .failure(error)
        }
    }

    private func decode<T: Decodable>(
        _ response: HTTPResponse, as type: T.Type,
        requestID: String?
    ) throws(GatewayError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(response.body))
        } catch {
            // The decoding error names fields, never values, so it is safe to surface.
            throw .unexpectedResponse(
                httpStatus: response.status,
                detail: "undecodable \(T.self): \(error)", requestID: requestID)
        }
    }

    private func httpRequest(for call: APICall) -> HTTPRequest {
        var url = configuration.normalizedAPIBase + call.path
        if !call.query.isEmpty {
            url +=
                "?"
                + call.query.map { "\(URLEscaping.escape($0.name))=\(URLEscaping.escape($0.value))" }
                .joined(separator: "&")
        }
        var headers: [(name: String, value: String)] = [
            ("Authorization", authorization),
            ("Accept", "application/json"),
            ("User-Agent", configuration.userAgent),
        ]
        if call.body != nil { headers.append(("Content-Type", call.contentType)) }
        if let key = call.idempotencyKey { headers.append(("Idempotency-Key", key)) }
        return HTTPRequest(
            method: call.method, url: url, headers: headers, body: call.body,
            timeout: configuration.requestTimeout)
    }

    private func log(
        _ call: APICall, _ level: Logger.Level, _ message: String, status: Int?,
        requestID: String?, retries: Int, started: ContinuousClock.Instant
    ) {
        // Only routing facts: bodies carry client secrets and customer data, headers the key.
        let elapsed = (ContinuousClock.now - started).components
        let elapsedMilliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        var metadata: Logger.Metadata = [
            "wooshpay.operation": "\(call.operation)",
            "wooshpay.path": "\(call.path)",
            "wooshpay.attempt": "\(retries + 1)",
            "wooshpay.elapsed_ms": "\(elapsedMilliseconds)",
        ]
        if let status { metadata["wooshpay.status"] = "\(status)" }
        if let requestID { metadata["wooshpay.request_id"] = "\(requestID)" }
        if let key = call.idempotencyKey { metadata["wooshpay.idempotency_key"] = "\(key)" }
        logger.log(level: level, "WooshPay \(call.operation) \(message)", metadata: metadata)
    }
}
