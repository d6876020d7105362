/// The JSON body of `GET /v1/payment_intents` (WooshPay's List-PaymentIntents spec:
/// `limit`, `starting_after`, `created{gt, gte, lt, lte}` typed as strings; WooshPay's times
/// are epoch milliseconds).
struct WireListFilters: Encodable {
    /// `created`.
    struct Created: Encodable {
        /// Inclusive lower bound, milliseconds.
        let gte: String?
        /// Exclusive upper bound, milliseconds.
        let lt: String?

        init(gte: Int64?, lt: Int64?) {
            self.gte = gte.map(String.init)
            self.lt = lt.map(String.init)
        }
    }
    /// 1-100.
    let limit: Int
    /// The last id of the previous page.
    let startingAfter: String?
    /// The window, omitted when unbounded.
    let created: Created?

    init(limit: Int, startingAfter: String?, created: Created) {
        self.limit = limit
        self.startingAfter = startingAfter
        self.created = created.gte == nil && created.lt == nil ? nil : created
    }

    private enum CodingKeys: String, CodingKey {
        case limit, created
        case startingAfter = "starting_after"
    }
}
