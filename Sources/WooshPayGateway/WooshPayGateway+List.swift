import OrderDomain

extension WooshPayGateway {
    /// `GET /v1/payment_intents`, following `starting_after` cursors.
    ///
    /// WooshPay documents the `created` filter but neither its unit nor whether every
    /// deployment honours it, so the server filter is only a narrowing hint: the lower
    /// bound goes out in seconds and the upper bound in milliseconds, which is a superset
    /// of the window whether the server reads seconds, milliseconds or normalises; the
    /// exact window is then applied here on normalised timestamps.
    public func listPaymentIntents(
        _ query: PaymentIntentListQuery
    )
        async throws(GatewayError) -> PaymentIntentList
    {
        let pageSize = min(max(query.pageSize, 1), 100)
        let maxResults = max(query.maxResults, 0)
        // A server that ignores the filter could page through all history: bound the scan.
        let maxScanned = max(maxResults, pageSize) * 10
        var found: [PaymentIntentSnapshot] = []
        var seen = Set<String>()
        var cursor: String?
        while true {
            var parameters: [(name: String, value: String)] = [("limit", String(pageSize))]
            if let from = query.createdFrom {
                parameters.append(("created[gte]", String(from.epochSeconds)))
            }
            if let before = query.createdBefore {
                parameters.append(("created[lt]", String(before.epochMilliseconds)))
            }
            if let cursor { parameters.append(("starting_after", cursor)) }
            let page = try await get(
                "payment_intents.list", "/v1/payment_intents",
                query: parameters, as: WireList<WirePaymentIntent>.self)
            let intents = page.data.map(\.snapshot)
            var newOnPage = 0
            for intent in intents where seen.insert(intent.id).inserted {
                newOnPage += 1
                // An intent without a readable `created` cannot be placed; the server's
                // filter selected it, so keep it rather than lose a payment.
                if let created = intent.created, !query.contains(created) { continue }
                if found.count == maxResults { return PaymentIntentList(intents: found, isTruncated: true) }
                found.append(intent)
            }
            guard page.hasMore, newOnPage > 0, let last = intents.last, seen.count < maxScanned else {
                return PaymentIntentList(intents: found, isTruncated: page.hasMore && newOnPage > 0)
            }
            if Self.pageIsNewestFirst(intents), let from = query.createdFrom,
                let oldest = last.created, oldest < from
            {
                // Newest-first order (WooshPay's, like Stripe's) and already past the
                // window's start: later pages can only be older.
                return PaymentIntentList(intents: found, isTruncated: false)
            }
            cursor = last.id
        }
    }

    /// Whether a page is visibly sorted newest first (non-increasing `created`).
    static func pageIsNewestFirst(_ intents: [PaymentIntentSnapshot]) -> Bool {
        let stamps = intents.compactMap(\.created)
        guard stamps.count == intents.count, stamps.count >= 1 else { return false }
        return zip(stamps, stamps.dropFirst()).allSatisfy { $0 >= $1 }
    }
}
