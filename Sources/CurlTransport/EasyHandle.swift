internal import CCurl

/// `curl_global_init` must run once before any other libcurl call, and is not thread-safe.
enum CurlGlobal {
    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func ensureInitialized() {
        precondition(initialized, "curl_global_init failed")
    }
}

/// Owns one libcurl easy handle. Used by one thread at a time (the pool hands it out
/// exclusively), which is all libcurl requires.
final class EasyHandle: @unchecked Sendable {
    // @unchecked: the handle is only touched by the thread that checked it out of the
    // transport's pool; the pool's mutex orders the hand-over.
    private let curl: UnsafeMutableRawPointer

    init() {
        guard let handle = curl_easy_init() else {
            fatalError("curl_easy_init failed: out of memory")
        }
        curl = handle
    }

    deinit { curl_easy_cleanup(curl) }

    /// Runs one transfer. Blocks the calling thread until it ends.
    func perform(_ request: HTTPRequest, configuration: CurlHTTPTransport.Configuration) -> Result<HTTPResponse, TransportError> {
        // Reset clears options from the previous request but keeps live connections.
        curl_easy_reset(curl)
        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passRetained(sink)
        defer { sinkPointer.release() }

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        var hasUserAgent = false
        for (name, value) in request.headers {
            if name.lowercased() == "user-agent" { hasUserAgent = true }
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait.
        headerList = curl_slist_append(headerList, "Expect:")
        if !hasUserAgent { headerList = curl_slist_append(headerList, "User-Agent: \(configuration.userAgent)") }

        let timeout = request.timeout ?? configuration.requestTimeout
        _ = ccurl_setopt_string(curl, CURLOPT_URL, request.url)
        _ = ccurl_setopt_string(curl, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = ccurl_setopt_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = ccurl_setopt_long(curl, CURLOPT_FOLLOWLOCATION, 0)
        _ = ccurl_setopt_long(curl, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout.milliseconds))
        _ = ccurl_setopt_long(curl, CURLOPT_TIMEOUT_MS, Int(timeout.milliseconds))
        _ = ccurl_setopt_slist(curl, CURLOPT_HTTPHEADER, headerList)
        _ = ccurl_setopt_write_function(curl, CURLOPT_WRITEFUNCTION, bodyCallback)
        _ = ccurl_setopt_pointer(curl, CURLOPT_WRITEDATA, sinkPointer.toOpaque())
        _ = ccurl_setopt_write_function(curl, CURLOPT_HEADERFUNCTION, headerCallback)
        _ = ccurl_setopt_pointer(curl, CURLOPT_HEADERDATA, sinkPointer.toOpaque())

        let body = request.body ?? []
        return body.withUnsafeBufferPointer { bodyBytes in
            setMethod(request.method, body: bodyBytes, hasBody: request.body != nil)
            let code = curl_easy_perform(curl)
            var requestSize = 0
            _ = ccurl_getinfo_long(curl, CURLINFO_REQUEST_SIZE, &requestSize)
            guard code == CURLE_OK else {
                return .failure(Self.mapError(code, requestSent: requestSize > 0, message: errorText(code)))
            }
            var status = 0
            _ = ccurl_getinfo_long(curl, CURLINFO_RESPONSE_CODE, &status)
            return .success(HTTPResponse(status: status, headers: sink.headers, body: sink.body))
        }
    }

    private func setMethod(_ method: HTTPRequest.Method, body: UnsafeBufferPointer<UInt8>, hasBody: Bool) {
        switch method {
        case .GET where !hasBody:
            _ = ccurl_setopt_long(curl, CURLOPT_HTTPGET, 1)
        case .HEAD:
            _ = ccurl_setopt_long(curl, CURLOPT_NOBODY, 1)
        default:
            if method != .POST { _ = ccurl_setopt_string(curl, CURLOPT_CUSTOMREQUEST, method.rawValue) }
            _ = ccurl_setopt_long(curl, CURLOPT_POST, 1)
            _ = ccurl_setopt_off_t(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // COPYPOSTFIELDS copies the bytes, so the buffer need not outlive this call;
            // an empty body still needs a valid pointer.
            let empty: StaticString = ""
            let pointer =
                body.baseAddress.map { UnsafeMutableRawPointer(mutating: $0) }
                ?? UnsafeMutableRawPointer(mutating: empty.utf8Start)
            _ = ccurl_setopt_pointer(curl, CURLOPT_COPYPOSTFIELDS, pointer)
        }
    }

    private func errorText(_ code: CURLcode) -> String {
        String(cString: curl_easy_strerror(code))
    }
}
