import Foundation
import MerchantServer
import Testing

/// The served page carries every element id and attribute the browser test drives, and
/// loads nothing from other origins.
@Suite struct DemoPageTests {
    /// The ids the browser test depends on.
    static let contractIDs = [
        "products", "cart", "email", "currency", "pay-checkout", "pay-sdk", "pay-direct", "direct-method",
        "sdk-form", "card-element", "sdk-submit", "error", "status-view", "order-id", "return-status",
        "order-status",
    ]

    /// Every `id="..."` in `html`, in order.
    static func ids(in html: String) -> [String] {
        html.matches(of: #/\bid="([^"]*)"/#).map { String($0.output.1) }
    }

    /// The start tag carrying `id="<id>"`, or "" when there is none.
    static func tag(withID id: String, in html: String) -> String {
        html.matches(of: #/<[^>]*>/#).map { String($0.output) }.first { $0.contains(#"id="\#(id)""#) } ?? ""
    }

    /// Runs `checks` on the page as the service serves it.
    static func withPage(_ checks: @escaping @Sendable (String) throws -> Void) async throws {
        try await DemoRoutesTests.withApp(ServerConfiguration()) { client in
            try checks(String(buffer: try await client.execute(uri: "/demo", method: .get).body))
        }
    }

    @Test func thePageHasEveryElementIdOnce() async throws {
        try await Self.withPage { html in
            let ids = Self.ids(in: html)
            #expect(Set(Self.contractIDs).subtracting(ids).sorted() == [], "missing ids")
            #expect(ids.count == Set(ids).count, "repeated ids")
        }
    }

    @Test func initialStateOfTheContractElements() async throws {
        try await Self.withPage { html in
            #expect(Self.tag(withID: "email", in: html).contains(#"value="demo@example.com""#))
            for hidden in ["sdk-form", "status-view", "error"] {
                #expect(Self.tag(withID: hidden, in: html).contains(" hidden"), "\(hidden) starts hidden")
            }
            #expect(Self.tag(withID: "products", in: html).hasPrefix("<ul"))
            #expect(Self.tag(withID: "sdk-submit", in: html).contains(#"type="submit""#))
        }
    }

    @Test func thePageLoadsOnlyItsOwnFiles() async throws {
        try await Self.withPage { html in
            #expect(html.contains(#"<script src="/demo/app.js""#))
            #expect(html.contains(#"<link rel="stylesheet" href="/demo/style.css">"#))
            // No CDN: every src and href is ours (app.js loads the SDK named by config.json).
            let external = html.matches(of: #/(src|href)="(https?:)?//[^"]*"/#).map { String($0.output.0) }
            #expect(external == [])
        }
    }
}
