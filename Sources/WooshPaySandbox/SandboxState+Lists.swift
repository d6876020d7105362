extension SandboxState {
    /// `GET /v1/payment_intents/{id}`.
    func retrievePaymentIntent(_ id: String) throws(APIError) -> JSONValue {
        try intentJSON(requireIntent(id))
    }

    /// `GET /v1/payment_intents`, newest first, optionally by `customer`; under the
    /// `ignore_list_filters` fault, the first page whatever was asked.
    func listPaymentIntents(_ asked: ParamReader) throws(APIError) -> JSONValue {
        let p = faults.ignoreListFilters ? ParamReader(JSONObject()) : asked
        let customer = try p.string("customer")
        return try page(
            ids: intentOrder, created: { intents[$0]?.created }, params: p, url: "/v1/payment_intents",
            include: { customer == nil || intents[$0]?.customer == customer },
            render: { intents[$0].map { intentJSON($0) } })
    }

    /// Stripe-style list paging over `ids` (oldest first, as stored): newest first,
    /// `limit` 1–100 (default 10), `starting_after` / `ending_before` cursors, and
    /// `created` as an exact value or `{gt,gte,lt,lte}` in seconds or milliseconds.
    func page(
        ids: [String], created: (String) -> Int64?, params p: ParamReader, url: String,
        include: (String) -> Bool = { _ in true }, render: (String) -> JSONValue?
    ) throws(APIError) -> JSONValue {
        let limit = try p.int("limit") ?? 10
        guard (1...100).contains(limit) else {
            throw .invalid("limit", "Invalid limit: must be between 1 and 100.", code: "parameter_invalid_integer")
        }
        let filter = try CreatedFilter(p)
        let newestFirst = ids.reversed().filter { id in
            guard include(id), let ms = created(id) else { return false }
            return filter.matches(ms)
        }
        var window = newestFirst[...]
        var hasMore: Bool
        if let after = try p.string("starting_after") {
            guard ids.contains(after) else { throw .missingReference("object", after, param: "starting_after") }
            let cursor = Self.position(of: after, in: ids, within: newestFirst)
            window = newestFirst[cursor...]
            hasMore = window.count > Int(limit)
            window = window.prefix(Int(limit))
        } else if let before = try p.string("ending_before") {
            guard ids.contains(before) else { throw .missingReference("object", before, param: "ending_before") }
            // Items newer than the cursor, the `limit` closest to it; "more" lies further back.
            let cursor = Self.position(of: before, in: ids, within: newestFirst, inclusive: true)
            let newer = newestFirst[..<cursor]
            hasMore = newer.count > Int(limit)
            window = newer.suffix(Int(limit))
        } else {
            hasMore = window.count > Int(limit)
            window = window.prefix(Int(limit))
        }
        return [
            "object": "list",
            "data": .array(window.compactMap(render)),
            "has_more": .bool(hasMore),
            "url": .string(url),
        ]
    }

    /// Index in `newestFirst` of the first item older than `cursor` (ids grow with time,
    /// so "older" is "smaller id position in `all`"); with `inclusive`, the first item not
    /// newer than the cursor.
    private static func position(
        of cursor: String, in all: [String], within newestFirst: [String],
        inclusive: Bool = false
    ) -> Int {
        let order = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1, $0) })
        guard let cursorRank = order[cursor] else { return newestFirst.count }
        return newestFirst.firstIndex { id in
            let rank = order[id] ?? 0
            return inclusive ? rank <= cursorRank : rank < cursorRank
        } ?? newestFirst.count
    }
}

/// The `created` list filter.
struct CreatedFilter {
    private var bounds: [(op: String, value: Int64)] = []

    /// Reads `created=<ts>` or `created[gt|gte|lt|lte]=<ts>`.
    init(_ p: ParamReader) throws(APIError) {
        if let nested = try? p.nested("created") {
            for op in ["gt", "gte", "lt", "lte"] {
                if let v = try nested.int(op) { bounds.append((op, v)) }
            }
        } else if let exact = try p.int("created") {
            bounds.append(("eq", exact))
        }
    }

    /// Whether an object created at `ms` passes. Each bound is compared in its own unit:
    /// a seconds bound against the creation second, a milliseconds bound against the
    /// creation millisecond.
    func matches(_ ms: Int64) -> Bool {
        bounds.allSatisfy { bound in
            let isMillis = bound.value > 1_000_000_000_000
            let created = isMillis ? ms : ms / 1000
            switch bound.op {
            case "gt": return created > bound.value
            case "gte": return created >= bound.value
            case "lt": return created < bound.value
            case "lte": return created <= bound.value
            default: return created == bound.value
            }
        }
    }
}
