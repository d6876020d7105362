import Foundation
import Hummingbird

/// A file bundled as this module's resource (the OpenAPI document, the demo storefront),
/// read once, and the answer that serves it.
struct BundledFile: Sendable {
    /// The bytes, exactly as bundled.
    let data: Data
    /// The `Content-Type` header value.
    let contentType: String
    /// The `Cache-Control` header value, if any.
    let cacheControl: String?

    /// `name` (under `subdirectory`) in the resource bundle, or nil when the build lacks it.
    init?(_ name: String, subdirectory: String? = nil, contentType: String, cacheControl: String? = nil) {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: subdirectory),
            let data = try? Data(contentsOf: url)
        else { return nil }
        self.data = data
        self.contentType = contentType
        self.cacheControl = cacheControl
    }

    /// A 200 answer with the file.
    var response: Response {
        var headers: HTTPFields = [.contentType: contentType]
        if let cacheControl { headers[.cacheControl] = cacheControl }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
