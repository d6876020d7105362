import OrderDomain

/// The back office's order list and order dossier, read from PostgreSQL. Lists are
/// keyset-paginated on `(created_at, id)`: a page walks an index from the cursor instead of
/// counting past an offset, and rows inserted meanwhile cannot shift a page.
public struct PostgresBackOfficeOrders: BackOfficeOrders {
    let pool: PostgresPool

    /// Creates the reader over `pool`.
    public init(pool: PostgresPool) { self.pool = pool }

    /// The columns of an order overview.
    static let columns = OrderRows.columns + ", review_reason, extract(epoch FROM updated_at)::bigint AS updated_epoch"

    /// See `BackOfficeOrders.orders`.
    public func orders(_ query: OrderListQuery) async throws -> ListPage<OrderOverview> {
        try await pool.withConnection { conn in
            var cursor: String?
            if let after = query.startingAfter {
                // The cursor row's exact timestamp (microseconds, as text) keeps ties ordered by id.
                guard let row = try conn.query("SELECT created_at::text AS created FROM orders WHERE id = $1", [after]).first else {
                    throw DomainError.invalidCursor(naming: "order")
                }
                cursor = try row.decode("created")
            }
            let (sql, parameters) = Self.listSQL(query, cursorCreatedAt: cursor)
            let rows = try conn.query(sql, parameters).map { try Self.overview($0) }
            return ListPage(items: Array(rows.prefix(query.limit)), hasMore: rows.count > query.limit)
        }
    }

    /// The list statement for `query`: only the filters given, newest first, one row more
    /// than the page so `has_more` needs no count. Public so tests can check its plans.
    public static func listSQL(_ query: OrderListQuery, cursorCreatedAt: String?) -> (sql: String, parameters: [(any PostgresBindable)?]) {
        var conditions = [String]()
        var parameters = [(any PostgresBindable)?]()
        func bind(_ value: any PostgresBindable) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        if let status = query.status { conditions.append("status = \(bind(status.rawValue))") }
        if let from = query.createdFrom { conditions.append("created_at >= to_timestamp(\(bind(Double(from) / 1000)))") }
        if let before = query.createdBefore { conditions.append("created_at < to_timestamp(\(bind(Double(before) / 1000)))") }
        if let email = query.email { conditions.append("lower(customer_email) = lower(\(bind(email)))") }
        if let review = query.needsReview { conditions.append(review ? "review_reason IS NOT NULL" : "review_reason IS NULL") }
        if let cursor = cursorCreatedAt, let after = query.startingAfter {
            conditions.append("(created_at, id) < (\(bind(cursor))::timestamptz, \(bind(after)))")
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = "SELECT \(columns) FROM orders \(filter) ORDER BY created_at DESC, id DESC LIMIT \(bind(query.limit + 1))"
        return (sql, parameters)
    }

    /// One row of `columns` as an overview (lines only when given).
    static func overview(_ row: PostgresRow, lines: [PricedLine] = []) throws -> OrderOverview {
        OrderOverview(
            order: try OrderRows.order(row, lines: lines), reviewReason: try row.decodeIfPresent("review_reason"),
            updatedAt: try row.decode("updated_epoch"))
    }
}
