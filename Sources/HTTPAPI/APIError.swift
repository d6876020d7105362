import Foundation
import HTTPTypes
import Hummingbird
import OrderDomain

/// The one error body of the API:
/// `{"error":{"type","code","message","param"?,"request_id"}}`.
/// Routes throw `DomainError` (or `APIError` for transport-level problems); the
/// `ErrorMiddleware` renders both, so no internal detail can leak into a response.
public struct APIError: Error, Sendable {
    /// HTTP status.
    public var status: HTTPResponse.Status
    /// `invalid_request_error`, `authentication_error`, `permission_error`, `api_error`, ...
    public var type: String
    /// Stable code.
    public var code: String
    /// Human-readable message.
    public var message: String
    /// Offending parameter.
    public var param: String?
    /// Seconds for the `Retry-After` header (429).
    public var retryAfterSeconds: Int?

    /// Creates an error; its status is the code's (`ErrorCode.httpStatus`).
    public init(type: String, code: ErrorCode, message: String, param: String? = nil, retryAfterSeconds: Int? = nil) {
        self.init(
            status: HTTPResponse.Status(code: code.httpStatus), type: type, code: code, message: message, param: param,
            retryAfterSeconds: retryAfterSeconds)
    }

    /// Creates an error with a status of its own: only Hummingbird's errors, whose status
    /// varies for one code (`invalid_request` is 405, 408...).
    init(
        status: HTTPResponse.Status, type: String, code: ErrorCode, message: String, param: String? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.status = status
        self.type = type
        self.code = code.rawValue
        self.message = message
        self.param = param
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The HTTP rendering of a domain refusal: the status is its code's, the type its kind's.
    public init(_ error: DomainError) {
        let type =
            switch error.kind {
            case .invalidRequest, .notFound, .conflict, .unprocessable, .contentTooLarge, .unsupportedMediaType:
                "invalid_request_error"
            case .unauthenticated: "authentication_error"
            case .forbidden: "permission_error"
            case .paymentRefused: "payment_error"
            case .unavailable, .internalError: "api_error"
            case .tooManyRequests: "rate_limit_error"
            }
        self.init(
            type: type, code: error.errorCode, message: error.message, param: error.param,
            retryAfterSeconds: error.retryAfterSeconds)
    }

    /// A body over `limitBytes` (413), the same for every endpoint that reads one.
    public static func bodyTooLarge(limitBytes: Int) -> APIError {
        APIError(
            type: "invalid_request_error", code: .bodyTooLarge,
            message: "Request bodies are limited to \(limitBytes / 1024) KiB.")
    }

    /// Text (body, path or query) carrying U+0000, which no field may hold.
    public static let nulCharacter = APIError(
        type: "invalid_request_error", code: .invalidCharacter,
        message: "Text may not contain the NUL character (U+0000).")

    /// A dependency that retrying later may cure, the database above all (see `RetryLaterError`).
    public static let serviceUnavailable = APIError(
        type: "api_error", code: .serviceUnavailable,
        message: "The service is temporarily unavailable; retry later.")

    /// A malformed or unreadable request body.
    public static func invalidBody(_ message: String) -> APIError {
        APIError(type: "invalid_request_error", code: .invalidBody, message: message)
    }

    /// The response for this error, tagged with the request id.
    public func response(requestID: String) -> Response {
        var error: [String: String] = ["type": type, "code": code, "message": message, "request_id": requestID]
        if let param { error["param"] = param }
        let data = (try? JSONSerialization.data(withJSONObject: ["error": error], options: [.sortedKeys])) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let retryAfterSeconds { headers[.retryAfter] = String(retryAfterSeconds) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Renders every error a route throws as the API error body. Unknown errors become a
/// generic 500 and are logged with the request id; their text never reaches the client.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Converts thrown errors into responses.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, context: context)
        }
    }

    /// The status `response(for:context:)` answers `error` with, without rendering or logging
    /// it (the admin audit records it).
    static func status(for error: any Error) -> HTTPResponse.Status {
        switch error {
        case let error as APIError: error.status
        case let error as DomainError: APIError(error).status
        case let error as any RetryLaterError where error.isRetryLater: .serviceUnavailable
        case let error as HTTPError: error.status
        default: .internalServerError
        }
    }

    /// The API's rendering of any error (also used by `IdempotencyMiddleware`, which runs
    /// inside this one and stores what the client will get).
    static func response(for error: any Error, context: Context) -> Response {
        switch error {
        case let error as APIError:
            return error.response(requestID: context.id)
        case let error as DomainError:
            return APIError(error).response(requestID: context.id)
        case let error as any RetryLaterError where error.isRetryLater:
            context.logger.warning("dependency unavailable", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return APIError.serviceUnavailable.response(requestID: context.id)
        case let error as HTTPError:
            let code: ErrorCode = error.status == .notFound ? .notFound : error.status == .contentTooLarge ? .bodyTooLarge : .invalidRequest
            let type = error.status.code >= 500 ? "api_error" : "invalid_request_error"
            return APIError(status: error.status, type: type, code: code, message: error.status.reasonPhrase)
                .response(requestID: context.id)
        default:
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            return APIError(
                type: "api_error", code: .internalError,
                message: "An internal error occurred. Quote the request id when reporting it."
            )
            .response(requestID: context.id)
        }
    }
}
