/// The demo storefront's static files: the `demo` folder bundled as this module's resource,
/// read once. Only the names listed here are ever served, so a request cannot reach any
/// other file of the bundle.
enum DemoFiles {
    /// The page itself, served at `/demo`.
    static let page = "index.html"

    /// The served names and their content types.
    static let contentTypes = [
        "index.html": "text/html; charset=utf-8",
        "app.js": "text/javascript; charset=utf-8",
        "wooshpay-widget.js": "text/javascript; charset=utf-8",
        "style.css": "text/css; charset=utf-8",
    ]

    /// The bundled files by name; a file missing from the build is simply absent.
    static let files: [String: BundledFile] = contentTypes.reduce(into: [:]) { files, entry in
        files[entry.key] = BundledFile(entry.key, subdirectory: "demo", contentType: entry.value, cacheControl: "no-cache")
    }
}
