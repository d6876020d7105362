import Foundation
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
/// Mounted per route group, *after* that group's authentication (`caller` says whose
/// credential it is), so only authenticated, routed requests reach the store and a key is
/// scoped to one caller: a header the caller invents cannot make a scope of its own for an
/// object someone else created, and an unauthenticated or unrouted POST writes nothing.
///
/// The owner renews its claim while the route runs. If it dies unanswered (its replica
/// killed, the database restarted under it), a repeat of the same caller with the same
/// body takes the key over once the lease lapses and runs the route again; the route is
/// told so (`IdempotencyClaim.resumed`) and finds the dead run's work by the claim's
/// reference instead of creating it twice. Nothing stored can be read without the caller's
/// key and credential (see `IdempotencySecrets`).
///
/// Route errors are rendered here as `ErrorMiddleware` renders them, so a refusal is stored
/// and replayed byte for byte like any other final answer.
public struct IdempotencyMiddleware<Context: IdempotencyRequestContext>: RouterMiddleware {
    /// Longest key accepted (Stripe's limit).
    public static var maxKeyLength: Int { 255 }
    /// Shortest key accepted where the key is the caller's only secret (order creation):
    /// a UUID v4 has 36.
    public static var anonymousMinKeyLength: Int { 20 }

    private let store: any IdempotencyStore
    private let secrets: IdempotencySecrets
    private let caller: IdempotencyCaller

    /// Creates the middleware over `store` for routes whose caller is `caller`.
    public init(store: any IdempotencyStore, secrets: IdempotencySecrets, caller: IdempotencyCaller) {
        self.store = store
        self.secrets = secrets
        self.caller = caller
    }

    /// Runs a keyed POST at most once per key, caller and endpoint; anything else passes through.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let key = request.headers[.idempotencyKey] else {
            return try await next(request, context)
        }
        let minimum = caller == .anonymous ? Self.anonymousMinKeyLength : 1
        guard Self.isValidKey(key, minimum: minimum) else { return Self.invalidKey(minimum).response(requestID: context.id) }
        var request = request
        let body: ByteBuffer
        do {
            // Collected into the request, so the route reads the same bytes again.
            body = try await request.collectBody(upTo: JSONRequest.maxBodyBytes(path: request.uri.path))
        } catch {
            return APIError.bodyTooLarge(limitBytes: JSONRequest.maxBodyBytes(path: request.uri.path)).response(requestID: context.id)
        }
        let derived = secrets.derive(
            method: request.method.rawValue, path: request.uri.path, key: key,
            credential: credential(of: request, context: context), body: Array(buffer: body))
        let record = IdempotencyRecord(scope: derived.scope, key: derived.key)
        let begin: IdempotencyBegin
        do {
            begin = try await store.begin(scope: record.scope, key: record.key, requestHash: derived.requestHash)
        } catch {
            // Without the store we cannot promise at-most-once: refuse rather than run unprotected.
            Self.log("idempotency store unavailable", error, context)
            return APIError.serviceUnavailable.response(requestID: context.id)
        }
        switch begin {
        case .proceed(let resumed):
            var context = context
            context.idempotency = IdempotencyClaim(reference: derived.reference, resumed: resumed)
            return try await runOwning(record, responseKey: derived.responseKey, request: request, context: context, next: next)
        case .replay(let status, let stored):
            guard let box = Data(base64Encoded: stored), let plain = secrets.open(Array(box), derived.responseKey) else {
                // Same key, credential and body derive the same key: only an altered row gets here.
                context.logger.error("idempotency record does not open")
                return APIError.serviceUnavailable.response(requestID: context.id)
            }
            return Response(
                status: .init(code: status),
                headers: [.contentType: "application/json; charset=utf-8", .idempotentReplayed: "true"],
                body: .init(byteBuffer: ByteBuffer(bytes: plain)))
        case .mismatch:
            return Self.reused.response(requestID: context.id)
        case .inProgress:
            return Self.inUse.response(requestID: context.id)
        }
    }

    /// The credential this group authenticated (verified before this middleware runs).
    private func credential(of request: Request, context: Context) -> String {
        switch caller {
        case .anonymous: ""
        case .orderToken: request.headers[.orderToken] ?? ""
        // A back-office session acts as its key: keys it sends are that key's, apart from
        // the same key's Bearer requests (an Authorization header is never `key:`).
        case .adminKey: request.headers[.authorization] ?? "key:" + ((context as? any AdminRequestContext)?.adminKeyName ?? "")
        }
    }

    /// Runs the route as the key's owner and stores its final answer.
    private func runOwning(
        _ record: IdempotencyRecord, responseKey: [UInt8], request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (scope, key) = (record.scope, record.key)
        let renewal = renewing(scope: scope, key: key)
        defer { renewal.cancel() }
        var response: Response
        do {
            response = try await next(request, context)
        } catch is CancellationError {
            await release(scope: scope, key: key, context: context)
            throw CancellationError()
        } catch {
            // A client error is a final answer wherever it is rendered, so it is stored too;
            // a 5xx is released below.
            response = ErrorMiddleware<Context>.response(for: error, context: context)
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
            // Sealed: the body may carry an order token or a client secret.
            let sealed = secrets.seal(Array(buffer: collector.buffer), responseKey)
            try await store.complete(
                scope: scope, key: key, status: Int(response.status.code),
                body: Data(sealed).base64EncodedString())
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

    /// `minimum` to `maxKeyLength` visible ASCII characters (`!` to `~`): a UUID v4 is the
    /// recommended key. Counted in bytes, so what a client sends is what is checked.
    static func isValidKey(_ key: String, minimum: Int = 1) -> Bool {
        (minimum...maxKeyLength).contains(key.utf8.count) && key.utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }

    private static func invalidKey(_ minimum: Int) -> APIError {
        APIError(
            type: "invalid_request_error", code: .invalidIdempotencyKey,
            message: "Idempotency-Key must be \(minimum)-\(maxKeyLength) visible ASCII characters; use a UUID v4.",
            param: "Idempotency-Key")
    }
    private static var reused: APIError {
        APIError(
            type: "invalid_request_error", code: .idempotencyKeyReused,
            message: "This Idempotency-Key was used with a different request body.")
    }
    private static var inUse: APIError {
        APIError(
            type: "invalid_request_error", code: .idempotencyKeyInUse,
            message: "A request with this Idempotency-Key is still being processed; retry later.")
    }
}

/// Collects a response body so it can be stored and sent again (API bodies are small JSON).
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { self.buffer.writeImmutableBuffer(buffer) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// The two columns that name a record.
private struct IdempotencyRecord {
    var scope: String
    var key: String
}

extension HTTPField.Name {
    /// `Idempotency-Key`: the client's key for running a POST at most once.
    public static let idempotencyKey = Self("Idempotency-Key")!
    /// `Idempotent-Replayed: true` marks a stored response sent again.
    public static let idempotentReplayed = Self("Idempotent-Replayed")!
}
