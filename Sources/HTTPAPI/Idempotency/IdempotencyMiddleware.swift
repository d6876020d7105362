import HTTPTypes
import Hummingbird
import Logging
import OrderDomain

/// Our own `Idempotency-Key` on POST requests, with Stripe's semantics: the first request
/// with a key runs and its response (any status below 500) is stored; a repeat with the
/// same body gets that response again with `Idempotent-Replayed: true`; the same key with
/// another body is 409 `idempotency_key_reused`; a repeat while the first still runs is
/// 409 `idempotency_key_in_use`. A 5xx or a failure releases the key so the client can retry.
///
/// The owner renews its claim while the route runs. If it dies unanswered (its replica
/// killed, the database restarted under it), a repeat takes the key over once the lease
/// lapses and runs the route again; routes that create objects find the dead run's work by
/// the key (`Request.idempotencyKey`) instead of creating it twice.
///
/// Mount it *outside* `ErrorMiddleware` (added before it): a route's thrown refusal then
/// reaches this middleware as the rendered 4xx response, which is stored and replayed
/// byte for byte. The middleware's own refusals are therefore rendered here.
public struct IdempotencyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Longest key accepted (Stripe's limit).
    public static var maxKeyLength: Int { 255 }

    private let store: any IdempotencyStore
    private let sha256Hex: @Sendable ([UInt8]) -> String

    /// Creates the middleware over `store`. `sha256Hex` hashes bytes to lower-case hex; it is
    /// injected because this module may not depend on the crypto adapter.
    public init(store: any IdempotencyStore, sha256Hex: @escaping @Sendable ([UInt8]) -> String) {
        self.store = store
        self.sha256Hex = sha256Hex
    }

    /// Runs a keyed POST at most once per key, caller and endpoint; anything else passes through.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        guard Self.isValidKey(key) else { return Self.invalidKey.response(requestID: context.id) }
        var request = request
        let body: ByteBuffer
        do {
            // Collected into the request, so the route reads the same bytes again.
            body = try await request.collectBody(upTo: JSONRequest.maxBodyBytes)
        } catch {
            return APIError.bodyTooLarge(limitBytes: JSONRequest.maxBodyBytes).response(requestID: context.id)
        }
        // The credential is hashed so that two callers' keys never collide and no secret is stored.
        let credential = request.headers[.authorization] ?? request.headers[.orderToken] ?? ""
        let scope = "\(request.method.rawValue) \(request.uri.path) \(sha256Hex(Array(credential.utf8)))"
        let begin: IdempotencyBegin
        do {
            begin = try await store.begin(scope: scope, key: key, requestHash: sha256Hex(Array(buffer: body)))
        } catch {
            // Without the store we cannot promise at-most-once: refuse rather than run unprotected.
            Self.log("idempotency store unavailable", error, context)
            return APIError.serviceUnavailable.response(requestID: context.id)
        }
        switch begin {
        case .proceed:
            return try await runOwning(scope: scope, key: key, request: request, context: context, next: next)
        case .replay(let status, let stored):
            return Response(status: .init(code: status),
                            headers: [.contentType: "application/json; charset=utf-8", .idempotentReplayed: "true"],
                            body: .init(byteBuffer: ByteBuffer(string: stored)))
        case .mismatch:
            return Self.reused.response(requestID: context.id)
        case .inProgress:
            return Self.inUse.response(requestID: context.id)
        }
    }

    /// Runs the route as the key's owner and stores its final answer.
    private func runOwning(scope: String, key: String, request: Request, context: Context,
                           next: (Request, Context) async throws -> Response) async throws -> Response {
        let renewal = renewing(scope: scope, key: key)
        defer { renewal.cancel() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            // A client error is a final answer wherever it is rendered, so it is stored too.
            response = try error.response(from: request, context: context)
        } catch {
            // ErrorMiddleware inside renders every route error, so this is a failure outside
            // the route's contract (cancellation, a bug): let the client retry.
            await release(scope: scope, key: key, context: context)
            throw error
        }
        guard response.status.code < 500 else {
            await release(scope: scope, key: key, context: context)
            return response
        }
        let collector = BodyCollector()
        do {
            try await response.body.write(collector)
        } catch {
            await release(scope: scope, key: key, context: context)
            throw error
        }
        response.body = .init(byteBuffer: collector.buffer)
        do {
            // Our bodies are UTF-8 JSON, so the text column holds them exactly.
            try await store.complete(scope: scope, key: key, status: Int(response.status.code),
                                     body: String(buffer: collector.buffer))
        } catch {
            // The work is done: the caller gets its answer. Repeats see `in_use` until the
            // lease lapses, then run again and find this run's objects by the key.
            Self.log("idempotency response not stored", error, context)
        }
        return response
    }

    /// Renews the claim every third of the lease until cancelled (a failed renewal is
    /// tried again at the next turn; the lease covers two misses).
    private func renewing(scope: String, key: String) -> Task<Void, Never> {
        let store = store
        let every = Duration.milliseconds(store.leaseSeconds * 1000 / 3)
        return Task {
            while (try? await Task.sleep(for: every)) != nil {
                try? await store.renew(scope: scope, key: key)
            }
        }
    }

    private func release(scope: String, key: String, context: Context) async {
        do {
            try await store.release(scope: scope, key: key)
        } catch {
            Self.log("idempotency key not released", error, context)
        }
    }

    // The error's type only: its text may carry SQL or host names.
    private static func log(_ message: Logger.Message, _ error: any Error, _ context: Context) {
        context.logger.error(message, metadata: ["error": "\(String(reflecting: type(of: error)))"])
    }

    /// 1 to `maxKeyLength` visible ASCII characters (`!` to `~`): a UUID, a ULID, an order
    /// reference. Counted in bytes, so what a client sends is what is checked.
    static func isValidKey(_ key: String) -> Bool {
        (1...maxKeyLength).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    private static var invalidKey: APIError {
        APIError(status: .badRequest, type: "invalid_request_error", code: "invalid_idempotency_key",
                 message: "Idempotency-Key must be 1-\(maxKeyLength) visible ASCII characters.", param: "Idempotency-Key")
    }
    private static var reused: APIError {
        APIError(status: .conflict, type: "invalid_request_error", code: "idempotency_key_reused",
                 message: "This Idempotency-Key was used with a different request body.")
    }
    private static var inUse: APIError {
        APIError(status: .conflict, type: "invalid_request_error", code: "idempotency_key_in_use",
                 message: "A request with this Idempotency-Key is still being processed; retry later.")
    }
}

/// Collects a response body so it can be stored and sent again (API bodies are small JSON).
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { self.buffer.writeImmutableBuffer(buffer) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

extension Request {
    /// The request's `Idempotency-Key`, for routes that create objects: stored on them so
    /// that a re-run after a dead owner (see `IdempotencyMiddleware`) finds them.
    public var idempotencyKey: String? { headers[.idempotencyKey] }
}

extension HTTPField.Name {
    /// `Idempotency-Key`: the client's key for running a POST at most once.
    public static let idempotencyKey = Self("Idempotency-Key")!
    /// `Idempotent-Replayed: true` marks a stored response sent again.
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
