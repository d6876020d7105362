import Foundation

/// The demo storefront's static files: the `demo` folder bundled as this module's resource,
/// read once. Only the names listed here are ever served, so a request cannot reach any
/// other file of the bundle.
enum DemoFiles {
    /// One file's bytes and the content type it is served with.
    struct File: Sendable {
        /// The bytes, exactly as bundled.
        let data: Data
        /// The `Content-Type` header value.
        let contentType: String
    }

    /// The page itself, served at `/demo`.
    static let page = "index.html"

    /// The served names and their content types.
    static let contentTypes = [
        "index.html": "text/html; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    ]

    /// The bundled files by name; a file missing from the build is simply absent.
    static let files: [String: File] = {
        guard let folder = Bundle.module.url(forResource: "demo", withExtension: nil) else { return [:] }
        var files = [String: File]()
        for (name, contentType) in contentTypes {
            guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)) else { continue }
            files[name] = File(data: data, contentType: contentType)
        }
        return files
    }()
}
