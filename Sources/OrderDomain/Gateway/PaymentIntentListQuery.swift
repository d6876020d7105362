/// A bounded query for payment intents created in a time window (reconciliation).
public struct PaymentIntentListQuery: Sendable, Hashable {
    /// Inclusive lower bound on the creation time; `nil` = unbounded.
    public var createdFrom: GatewayTimestamp?
    /// Exclusive upper bound on the creation time; `nil` = unbounded.
    public var createdBefore: GatewayTimestamp?
    /// How many intents to ask for per page (the gateway allows 1...100).
    public var pageSize: Int
    /// Stop after this many intents, so a huge window cannot exhaust memory.
    public var maxResults: Int

    /// Creates a query.
    public init(
        createdFrom: GatewayTimestamp? = nil, createdBefore: GatewayTimestamp? = nil,
        pageSize: Int = 100, maxResults: Int = 1_000
    ) {
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.pageSize = pageSize
        self.maxResults = maxResults
    }

    /// Whether `created` falls inside the window.
    public func contains(_ created: GatewayTimestamp) -> Bool {
        if let from = createdFrom, created < from { return false }
        if let before = createdBefore, created >= before { return false }
        return true
    }
}

/// The result of a bounded list: the intents found and whether more were left behind.
public struct PaymentIntentList: Sendable {
    /// The intents in the window, in the order the gateway returned them.
    public var intents: [PaymentIntentSnapshot]
    /// `true` when `maxResults` stopped the listing before the gateway ran out of pages;
    /// the caller should narrow the window and ask again.
    public var isTruncated: Bool
    /// `true` when the gateway visibly ignored the window or the cursor (an intent outside
    /// the window, a page with nothing new): the listing stopped, truncated.
    public var filtersIgnored: Bool

    /// Creates a list result.
    public init(intents: [PaymentIntentSnapshot], isTruncated: Bool, filtersIgnored: Bool = false) {
        self.intents = intents
        self.isTruncated = isTruncated
        self.filtersIgnored = filtersIgnored
    }
}
