import Foundation
import Hummingbird

/// The customer-facing pages: `/pay/{cs}`, `/3ds/{pi}`, `/redirect/{pi}`. Forms POST back
/// and the answers are 303 redirects or pages, as a real hosted checkout behaves.
struct HostedPageRoutes: Sendable {
    /// The world the pages act on.
    let state: SandboxState
    /// The `?key=` checkout URLs must carry.
    let publishableKey: String

    /// Adds the page routes to `router`.
    func register(on router: Router<SandboxRequestContext>) {
        router.get("/pay/{id}") { r, c in await showCheckout(r, id: c.parameters.get("id") ?? "") }
        router.post("/pay/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            guard keyMatches(r) else { return Self.forbidden }
            let form = await Self.form(r, c)
            let (month, year) = Self.expiry(form["exp"] ?? "")
            let card: JSONValue = [
                "number": .string(form["card_number"] ?? ""), "exp_month": .int(month), "exp_year": .int(year),
                "cvc": .string(form["cvc"] ?? ""),
            ]
            return await respond(state.payCheckout(id, methodData: ["type": "card", "card": card]), request: r, id: id)
        }
        router.post("/pay/{id}/method") { r, c in
            let id = c.parameters.get("id") ?? ""
            guard keyMatches(r) else { return Self.forbidden }
            let type = await Self.form(r, c)["type"] ?? ""
            return await respond(state.payCheckout(id, methodData: ["type": .string(type)]), request: r, id: id)
        }
        for kind in ["3ds", "redirect"] {
            router.get("/\(kind)/{id}") { r, c in
                let secret = Self.query(r)["client_secret"] ?? ""
                guard let intent = await state.actionPage(c.parameters.get("id") ?? "", clientSecret: secret),
                    (intent.pendingAction == .threeDSecure) == (kind == "3ds")
                else { return Responses.html(HostedPages.message(title: "Not found", text: "Unknown payment."), status: 404) }
                guard intent.status == .requiresAction else {
                    return Responses.html(
                        HostedPages.message(
                            title: "Nothing to authorize", text: "This payment is \(intent.status.rawValue)."), status: 409)
                }
                return Responses.html(HostedPages.action(intent, kind: kind))
            }
            router.post("/\(kind)/{id}") { r, c in
                let form = await Self.form(r, c)
                let outcome = await state.completeAction(
                    c.parameters.get("id") ?? "", clientSecret: form["client_secret"] ?? "",
                    approved: form["action"] == "approve")
                return await respond(outcome, request: r, id: nil)
            }
        }
    }

    private func showCheckout(_ request: Request, id: String, error: String? = nil, status: Int = 200) async -> Response {
        guard keyMatches(request) else { return Self.forbidden }
        guard let model = await state.checkoutPage(id) else {
            return Responses.html(HostedPages.message(title: "Not found", text: "No such checkout session."), status: 404)
        }
        switch model.session.status {
        case .complete:
            return Responses.html(
                HostedPages.message(
                    title: "Already paid", text: "This checkout session is complete.",
                    link: ("Return to the merchant", await state.successURL(model.session))))
        case .expired:
            return Responses.html(
                HostedPages.message(
                    title: "Session expired", text: "This checkout session has expired.",
                    link: ("Return to the merchant", model.session.cancelURL)), status: 410)
        case .open:
            let message = error ?? Self.query(request)["error"]
            return Responses.html(HostedPages.checkout(model, error: message), status: status)
        }
    }

    private func respond(_ outcome: PageOutcome, request: Request, id: String?) async -> Response {
        switch outcome {
        case .redirect(let url): return Responses.redirect(url)
        case .retry(let message):
            guard let id else { return Responses.html(HostedPages.message(title: "Payment failed", text: message), status: 402) }
            return await showCheckout(request, id: id, error: message, status: 402)
        case .message(let title, let text, let status):
            return Responses.html(HostedPages.message(title: title, text: text), status: status)
        }
    }

    private func keyMatches(_ request: Request) -> Bool {
        Self.query(request)["key"] == publishableKey
    }

    private static var forbidden: Response {
        Responses.html(
            HostedPages.message(title: "Invalid link", text: "This checkout link has a wrong or missing key."),
            status: 403)
    }

    private static func query(_ request: Request) -> [String: String] {
        Dictionary(FormEncoding.pairs(request.uri.query ?? ""), uniquingKeysWith: { first, _ in first })
    }

    private static func form(_ request: Request, _ context: SandboxRequestContext) async -> [String: String] {
        guard let buffer = try? await request.body.collect(upTo: context.maxUploadSize) else { return [:] }
        let text = String(decoding: Array(buffer.readableBytesView), as: UTF8.self)
        return Dictionary(FormEncoding.pairs(text), uniquingKeysWith: { first, _ in first })
    }

    /// `MM/YY` or `MM/YYYY`; zeros (refused as an invalid month) when unreadable.
    private static func expiry(_ text: String) -> (Int64, Int64) {
        let parts = text.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let month = Int64(parts[0]), let year = Int64(parts[1]) else { return (0, 0) }
        return (month, year)
    }
}
