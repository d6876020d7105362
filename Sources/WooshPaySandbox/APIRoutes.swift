import Foundation
import Hummingbird

/// The `/v1` API: HTTP Basic authentication with the secret key (the publishable key plus
/// a client secret on confirm, for the JS SDK), JSON bodies, Idempotency-Key handling on
/// every POST, WooshPay-shaped errors. WooshPay documents Basic auth and JSON only, so
/// that is all the sandbox takes unless `lenient` (form bodies, Bearer, GET query).
struct APIRoutes: Sendable {
    /// The world the API reads and changes.
    let state: SandboxState
    /// Idempotency-Key records.
    let idempotency: IdempotencyStore
    /// The key requests must present.
    let secretKey: String
    /// The key the JS SDK presents, accepted only where a route's `RouteAccess` allows.
    let publishableKey: String
    /// Whether to accept form bodies, Bearer keys and GET query parameters.
    let lenient: Bool

    /// An operation on the state that answers a JSON object.
    typealias Operation = @Sendable (ParamReader, RequestInfo) async throws(APIError) -> JSONValue

    /// Runs a POST: authenticate, parse, claim the Idempotency-Key, run, store the answer.
    func post(
        _ request: Request, _ context: SandboxRequestContext, access: RouteAccess = .secretKey,
        _ operation: Operation
    ) async -> Response {
        let caller: Caller
        let params: JSONObject
        switch await authenticatedParams(request, context, access: access) {
        case .success(let (c, p)): (caller, params) = (c, p)
        case .failure(let error): return Responses.error(error)
        }
        let key = request.headers[Self.idempotencyHeader]
        if let key, key.isEmpty || key.count > 255 {
            return Responses.error(.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 characters."))
        }
        let info = RequestInfo(id: context.requestID, idempotencyKey: key, caller: caller)
        // The caller is part of the request: an Idempotency-Key reused by the other kind of
        // caller (secret key, browser) is a conflict, never a replay.
        let method = caller == .secretKey ? "POST" : "POST publishable"
        let fingerprint = IdempotencyStore.fingerprint(method: method, path: request.uri.path, params: params)
        if let key {
            switch await idempotency.begin(key: key, fingerprint: fingerprint, now: state.now()) {
            case .proceed: break
            case .replay(let stored):
                return Responses.json(status: stored.status, body: stored.body, requestID: stored.requestID, replayed: true)
            case .conflict(let error): return Responses.error(error)
            }
            let delay = await state.faults.apiProcessingDelayMilliseconds
            if delay > 0 { await APIFaultMiddleware.pause(.milliseconds(delay)) }
        }
        let (status, body) = await Self.run(operation, ParamReader(params), info)
        if let key {
            await idempotency.finish(
                key: key, fingerprint: fingerprint,
                response: StoredResponse(status: status, body: body, requestID: info.id),
                now: state.now())
        }
        return Responses.json(status: status, body: body, requestID: info.id)
    }

    /// Runs a GET: authenticate, read query parameters (and a JSON body, where WooshPay's
    /// specs put list filters), run.
    func get(_ request: Request, _ context: SandboxRequestContext, _ operation: Operation) async -> Response {
        if case .failure(let error) = authenticate(request) { return Responses.error(error) }
        // WooshPay's specs put a GET's parameters (list filters) in a JSON body; the query
        // string is read only when lenient, so a client relying on it sees its filters fail.
        var params = lenient ? FormEncoding.tree(FormEncoding.pairs(request.uri.query ?? "")) : JSONObject()
        switch await readParams(request, context) {
        case .success(let body): for (k, v) in body.entries where params[k] == nil { params[k] = v }
        case .failure(let error): return Responses.error(error)
        }
        let info = RequestInfo(id: context.requestID, idempotencyKey: nil)
        let (status, body) = await Self.run(operation, ParamReader(params), info)
        return Responses.json(status: status, body: body)
    }

    private static func run(_ operation: Operation, _ p: ParamReader, _ info: RequestInfo) async -> (Int, [UInt8]) {
        do throws(APIError) {
            return (200, try await operation(p, info).serialized)
        } catch {
            return (error.status, error.body.serialized)
        }
    }

    /// The `Idempotency-Key` header name (a literal, valid name: the initialiser cannot fail).
    static let idempotencyHeader = HTTPFields.Element.Name("Idempotency-Key")!

    /// The body as parameters: a JSON object, or empty; form-encoded only when lenient.
    func readParams(_ request: Request, _ context: SandboxRequestContext) async -> Result<JSONObject, APIError> {
        await Self.readParams(request, context, allowForm: lenient)
    }

    /// The body as parameters: a JSON object, empty, or (with `allowForm`) form-encoded.
    static func readParams(
        _ request: Request, _ context: SandboxRequestContext, allowForm: Bool = true
    ) async -> Result<JSONObject, APIError> {
        guard let buffer = try? await request.body.collect(upTo: context.maxUploadSize) else {
            return .failure(.invalid("body", "The request body could not be read (too large?)."))
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .success(JSONObject()) }
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            guard allowForm else {
                return .failure(
                    .invalid(
                        "body", "WooshPay's API takes JSON bodies: send Content-Type: application/json.",
                        code: "parameter_invalid"))
            }
            return .success(FormEncoding.tree(FormEncoding.pairs(String(decoding: bytes, as: UTF8.self))))
        }
        guard let object = JSONValue.parse(bytes)?.objectValue else {
            return .failure(.invalid("body", "Invalid JSON body: expected a JSON object.", code: "parameter_invalid"))
        }
        return .success(object)
    }
}
