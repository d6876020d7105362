internal import CCurl
import Foundation

/// Collects a transfer's status-line-delimited headers and body. Touched only by the
/// thread running the transfer.
final class ResponseSink {
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    func receiveHeaderLine(_ line: String) {
        let trimmed = line.trimmingCharacters(in: [" ", "\r", "\n", "\t"])
        if trimmed.hasPrefix("HTTP/") {
            // A new status line (after a 100 Continue or a redirect) starts a new header block.
            headers.removeAll()
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return }
        let name = String(trimmed[..<colon])
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingCharacters(in: [" ", "\t"])
        headers.append((name: name, value: value))
    }
}

/// libcurl's write callback: appends body bytes to the sink passed as user data.
let bodyCallback: ccurl_write_callback = { pointer, size, count, userData in
    let length = size * count
    guard let pointer, let userData else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userData).takeUnretainedValue()
    pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        sink.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

/// libcurl's header callback: one header line per call.
let headerCallback: ccurl_write_callback = { pointer, size, count, userData in
    let length = size * count
    guard let pointer, let userData else { return 0 }
    let sink = Unmanaged<ResponseSink>.fromOpaque(userData).takeUnretainedValue()
    let line = pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    sink.receiveHeaderLine(line)
    return length
}

extension EasyHandle {
    /// Maps a libcurl result code to a transport error; `requestSent` tells whether the
    /// server may have acted on the request.
    static func mapError(_ code: CURLcode, requestSent: Bool, message: String) -> TransportError {
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT:
            return .invalidURL(message)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectionFailed(message)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(requestSent: requestSent)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_SSL_ENGINE_NOTFOUND:
            return .tls(message)
        case CURLE_WEIRD_SERVER_REPLY, CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE,
            CURLE_BAD_CONTENT_ENCODING, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .malformedResponse(requestSent: requestSent, message)
        default:
            return .other(requestSent: requestSent, message)
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so that a tiny positive timeout never becomes 0 (= none).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return attoseconds % 1_000_000_000_000_000 > 0 ? ms + 1 : max(ms, 0)
    }
}
