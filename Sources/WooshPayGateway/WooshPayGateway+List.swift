import OrderDomain

extension WooshPayGateway {
    /// `GET /v1/payment_intents`, following `starting_after` cursors.
    ///
    /// WooshPay's List-PaymentIntents spec puts the filters in a JSON body on the GET
    /// (`limit`, `starting_after`, `created{gte, lt}` in milliseconds, as strings), so they go
    /// there. A gateway that ignored them is noticed rather than trusted: an intent outside
    /// the window, or a page with nothing new, ends the listing as `filtersIgnored` and
    /// truncated, so reconciliation says it may have missed payments instead of missing
    /// them silently. The exact window is applied here on normalised timestamps too.
    public func listPaymentIntents(
        _ query: PaymentIntentListQuery
    )
        async throws(GatewayError) -> PaymentIntentList
    {
        let pageSize = min(max(query.pageSize, 1), 100)
        let maxResults = max(query.maxResults, 0)
        var found: [PaymentIntentSnapshot] = []
        var seen = Set<String>()
        var cursor: String?
        while true {
            let filters = WireListFilters(
                limit: pageSize, startingAfter: cursor,
                created: .init(gte: query.createdFrom?.epochMilliseconds, lt: query.createdBefore?.epochMilliseconds))
            let page = try await get(
                "payment_intents.list", "/v1/payment_intents", body: filters, as: WireList<WirePaymentIntent>.self)
            let intents = page.data.map(\.snapshot)
            var newOnPage = 0
            var outside = false
            for intent in intents where seen.insert(intent.id).inserted {
                newOnPage += 1
                // An intent without a readable `created` cannot be placed; the server's
                // filter selected it, so keep it rather than lose a payment.
                if let created = intent.created, !query.contains(created) {
                    outside = true
                    continue
                }
                if found.count == maxResults { return PaymentIntentList(intents: found, isTruncated: true) }
                found.append(intent)
            }
            let ignored = outside || (page.hasMore && newOnPage == 0 && !intents.isEmpty)
            if ignored { return PaymentIntentList(intents: found, isTruncated: true, filtersIgnored: true) }
            guard page.hasMore, let last = intents.last else {
                return PaymentIntentList(intents: found, isTruncated: false)
            }
            cursor = last.id
        }
    }
}
