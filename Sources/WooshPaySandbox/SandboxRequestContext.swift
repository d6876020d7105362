import Hummingbird

/// The per-request context: Hummingbird's core storage plus the `Request-Id` the sandbox
/// assigns to every request (echoed in the header and in `event.request.id`).
struct SandboxRequestContext: RequestContext {
    /// Hummingbird's storage.
    var coreContext: CoreRequestContextStorage
    /// `req_...`, set by `RequestIDMiddleware`.
    var requestID: String = ""

    /// A context for a new request.
    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// Hosted forms and API bodies are small; 1 MiB is plenty.
    var maxUploadSize: Int { 1 << 20 }
}

/// Response builders shared by the API, the hosted pages and the controls.
enum Responses {
    // Literal, valid header names: these initialisers cannot fail.
    static let requestIDHeader = HTTPFields.Element.Name("Request-Id")!
    /// `Idempotent-Replayed: true` marks a replayed response.
    static let replayedHeader = HTTPFields.Element.Name("Idempotent-Replayed")!

    /// A JSON response.
    static func json(status: Int, body: [UInt8], requestID: String? = nil, replayed: Bool = false) -> Response {
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if let requestID { headers[requestIDHeader] = requestID }
        if replayed { headers[replayedHeader] = "true" }
        return Response(
            status: .init(code: status), headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A JSON response from a value.
    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        json(status: status, body: value.serialized)
    }

    /// The JSON error response for `error`.
    static func error(_ error: APIError) -> Response {
        var response = json(error.body, status: error.status)
        if error.status == 401 { response.headers[.wwwAuthenticate] = "Basic realm=\"WooshPay\"" }
        return response
    }

    /// An HTML page.
    static func html(_ text: String, status: Int = 200) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// A 303 See Other, what a browser follows with a GET after a form POST.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
