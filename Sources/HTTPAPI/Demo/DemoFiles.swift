/// The demo storefront's static files: the `demo` folder bundled as this module's resource.
enum DemoFiles {
    /// The served names and their content types (the page, `index.html`, at `/demo`).
    static let folder = BundledFolder(
        subdirectory: "demo",
        contentTypes: [
            "index.html": "text/html; charset=utf-8",
            "app.js": "text/javascript; charset=utf-8",
            "wooshpay-widget.js": "text/javascript; charset=utf-8",
            "style.css": "text/css; charset=utf-8",
        ])
}
