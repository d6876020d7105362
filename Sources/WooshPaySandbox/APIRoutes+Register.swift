import Hummingbird

extension APIRoutes {
    /// Adds every `/v1` route to `router`.
    func register(on router: Router<SandboxRequestContext>) {
        let state = self.state
        // Checkout Sessions. `/list` is WooshPay's path; the bare path is Stripe's.
        router.post("/v1/checkout/sessions") { r, c in
            await post(r, c) { p, info throws(APIError) in try await state.createCheckoutSession(p, request: info) }
        }
        router.get("/v1/checkout/sessions/list") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listCheckoutSessions(p, url: "/v1/checkout/sessions/list") }
        }
        router.get("/v1/checkout/sessions") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listCheckoutSessions(p, url: "/v1/checkout/sessions") }
        }
        router.get("/v1/checkout/sessions/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrieveCheckoutSession(id) }
        }
        router.get("/v1/checkout/sessions/{id}/line_items") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.checkoutSessionLineItems(id) }
        }
        router.post("/v1/checkout/sessions/{id}/expire") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { _, info throws(APIError) in try await state.expireCheckoutSession(id, request: info) }
        }

        // PaymentIntents.
        router.post("/v1/payment_intents") { r, c in
            await post(r, c) { p, info throws(APIError) in try await state.createPaymentIntent(p, request: info) }
        }
        router.get("/v1/payment_intents") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listPaymentIntents(p) }
        }
        router.get("/v1/payment_intents/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrievePaymentIntent(id) }
        }
        router.post("/v1/payment_intents/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { p, _ throws(APIError) in try await state.updatePaymentIntent(id, p) }
        }
        router.post("/v1/payment_intents/{id}/confirm") { r, c in
            let id = c.parameters.get("id") ?? ""
            // The one route a browser may call, with the publishable key and the client secret.
            return await post(r, c, access: .secretOrPublishableKey) { p, info throws(APIError) in
                try await state.confirmPaymentIntent(id, p, request: info)
            }
        }
        router.post("/v1/payment_intents/{id}/capture") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { p, info throws(APIError) in try await state.capturePaymentIntent(id, p, request: info) }
        }
        router.post("/v1/payment_intents/{id}/cancel") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { p, info throws(APIError) in try await state.cancelPaymentIntent(id, p, request: info) }
        }

        // Refunds and events.
        router.post("/v1/refunds") { r, c in
            await post(r, c) { p, info throws(APIError) in try await state.createRefund(p, request: info) }
        }
        router.get("/v1/refunds") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listRefunds(p) }
        }
        router.get("/v1/refunds/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrieveRefund(id) }
        }
        // Disputes and evidence files.
        router.get("/v1/disputes/list") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listDisputes(p) }
        }
        router.get("/v1/disputes/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrieveDispute(id) }
        }
        router.post("/v1/disputes/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { p, info throws(APIError) in try await state.updateDispute(id, p, request: info) }
        }
        router.post("/v1/disputes/{id}/close") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await post(r, c) { _, info throws(APIError) in try await state.closeDispute(id, request: info) }
        }
        router.post("/v1/files") { r, c in await uploadFile(r, c) }
        router.get("/v1/files/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrieveFile(id) }
        }
        router.get("/v1/events") { r, c in
            await get(r, c) { p, _ throws(APIError) in try await state.listEvents(p) }
        }
        router.get("/v1/events/{id}") { r, c in
            let id = c.parameters.get("id") ?? ""
            return await get(r, c) { _, _ throws(APIError) in try await state.retrieveEvent(id) }
        }
    }
}
