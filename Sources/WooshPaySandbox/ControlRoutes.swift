import Hummingbird

/// The test controls under `/_sandbox` (no authentication): drive intents and refunds as
/// customers, banks and the dashboard would, read the truth of every object, and set
/// settings and faults. Identical in every test and tool.
struct ControlRoutes: Sendable {
    /// The world the controls drive.
    let state: SandboxState
    /// Cleared by `POST /_sandbox/reset`.
    let idempotency: IdempotencyStore
    /// Read by `GET /_sandbox/requests`, cleared by `POST /_sandbox/reset`.
    let requestLog: RequestLog
    /// What `POST /_sandbox/reset` restores.
    let initialFaults: SandboxFaults

    /// Adds the control routes to `router`.
    func register(on router: Router<SandboxRequestContext>) {
        let state = self.state
        router.post("/_sandbox/payment_intents/{id}/outcome") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await run(r, c) { p throws(APIError) in
                let raw = try p.requireString("outcome")
                guard let outcome = IntentOutcome(rawValue: raw) else {
                    throw .invalid("outcome", "outcome must be succeeded, failed, requires_action, processing or canceled.")
                }
                return try await state.driveIntent(id, to: outcome)
            }
        }
        router.post("/_sandbox/payment_intents/{id}/refund") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await run(r, c) { p throws(APIError) in try await state.dashboardRefund(id, amount: p.int("amount")) }
        }
        router.post("/_sandbox/refunds/{id}/outcome") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await run(r, c) { p throws(APIError) in
                let raw = try p.requireString("outcome")
                guard let status = RefundRecord.Status(rawValue: raw), status != .pending else {
                    throw .invalid("outcome", "outcome must be succeeded, failed or canceled.")
                }
                return try await state.settleRefund(id, to: status)
            }
        }
        router.post("/_sandbox/payment_intents/{id}/dispute") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await run(r, c) { p throws(APIError) in
                try await state.openDispute(id, amount: p.int("amount"), reason: p.string("reason"))
            }
        }
        router.post("/_sandbox/disputes/{id}/outcome") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await run(r, c) { p throws(APIError) in
                let raw = try p.requireString("outcome")
                guard raw == "won" || raw == "lost" else { throw .invalid("outcome", "outcome must be won or lost.") }
                return try await state.decideDispute(id, won: raw == "won")
            }
        }
        router.get("/_sandbox/disputes") { _, _ in Responses.json(await state.disputeTruth()) }
        router.get("/_sandbox/settings") { _, _ in Responses.json(await state.settingsJSON()) }
        router.post("/_sandbox/settings") { r, c in await run(r, c) { p throws(APIError) in try await state.updateSettings(p) } }
        router.get("/_sandbox/faults") { _, _ in Responses.json(await state.faults.json) }
        router.post("/_sandbox/faults") { r, c in await run(r, c) { p throws(APIError) in try await state.updateFaults(p) } }
        router.get("/_sandbox/payment_intents") { _, _ in Responses.json(await state.intentTruth()) }
        router.get("/_sandbox/refunds") { _, _ in Responses.json(await state.refundTruth()) }
        router.get("/_sandbox/checkout_sessions") { _, _ in Responses.json(await state.sessionTruth()) }
        router.get("/_sandbox/events") { _, _ in Responses.json(await state.eventTruth()) }
        router.get("/_sandbox/requests") { _, _ in Responses.json(await requestLog.json()) }
        router.post("/_sandbox/reset") { _, _ in
            await state.reset(faults: initialFaults)
            await idempotency.reset()
            await requestLog.reset()
            return Responses.json(["reset": true])
        }
        router.get("/_sandbox/health") { _, _ in Responses.json(["status": "ok"]) }
        router.get("/") { _, _ in
            Responses.html(
                HostedPages.page(
                    title: "WooshPay sandbox",
                    body: """
                        <p>API under <code>/v1</code> (HTTP Basic, secret key as username); controls under
                        <code>/_sandbox</code>: <a href="/_sandbox/payment_intents">payment intents</a>,
                        <a href="/_sandbox/refunds">refunds</a>, <a href="/_sandbox/events">events</a>,
                        <a href="/_sandbox/faults">faults</a>.</p>
                        """))
        }
    }

    private func run(
        _ request: Request, _ context: SandboxRequestContext,
        _ operation: @Sendable (ParamReader) async throws(APIError) -> JSONValue
    ) async -> Response {
        let params: JSONObject
        switch await APIRoutes.readParams(request, context) {
        case .success(let p): params = p
        case .failure(let error): return Responses.error(error)
        }
        do throws(APIError) {
            return Responses.json(try await operation(ParamReader(params)))
        } catch {
            return Responses.error(error)
        }
    }
}
