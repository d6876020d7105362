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

/// A bundled folder served under one path: only the names listed are ever served, so a
/// request cannot reach any other file of the bundle.
struct BundledFolder: Sendable {
    /// The page served at the folder's own address.
    let page: String
    /// The bundled files by name; a file missing from the build is simply absent.
    let files: [String: BundledFile]

    /// The files `contentTypes` names under `subdirectory`, revalidated on each use
    /// (`no-cache`), so a new release is seen at once.
    init(subdirectory: String, page: String = "index.html", contentTypes: [String: String]) {
        self.page = page
        self.files = contentTypes.reduce(into: [:]) { files, entry in
            files[entry.key] = BundledFile(entry.key, subdirectory: subdirectory, contentType: entry.value, cacheControl: "no-cache")
        }
    }

    /// Registers `path` (the page) and `path/{file}` (what it loads) on `router`.
    func register<Context: RequestContext>(at path: String, on router: Router<Context>, notFound: APIError) {
        let folder = self
        router.get(RouterPath(path)) { _, _ -> Response in try folder.response(folder.page, notFound: notFound) }
        router.get(RouterPath(path + "/{file}")) { _, context -> Response in
            let name = context.parameters.get("file") ?? ""
            // The page has one address; `{file}` serves only what it loads.
            guard name != folder.page else { throw notFound }
            return try folder.response(name, notFound: notFound)
        }
    }

    func response(_ name: String, notFound: APIError) throws -> Response {
        guard let file = files[name] else { throw notFound }
        return file.response
    }
}
