import Foundation
import OrderDomain

extension PostgresBackOfficeOrders {
    /// See `BackOfficeOrders.dossier`. One read-only repeatable-read transaction, so the
    /// order, its attempts, refunds, events and disputes are one consistent picture.
    public func dossier(orderID: String) async throws -> OrderDossier? {
        try await pool.withTransaction { tx -> OrderDossier? in
            try tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            guard let row = try tx.query("SELECT \(Self.columns) FROM orders WHERE id = $1", [orderID]).first else { return nil }
            let overview = try Self.overview(row, lines: try OrderRows.lines(tx, orderID: orderID))
            let attempts = try tx.query(
                """
                SELECT \(AttemptRows.columns), extract(epoch FROM authorized_at)::bigint AS authorized_epoch,
                       extract(epoch FROM next_sync_at)::bigint AS next_sync_epoch, sync_attempts,
                       extract(epoch FROM created_at)::bigint AS created_epoch
                FROM payment_attempts WHERE order_id = $1 ORDER BY created_at, id
                """, [orderID]
            ).map { row in
                AttemptOverview(
                    attempt: try AttemptRows.attempt(row), authorizedAt: try row.decodeIfPresent("authorized_epoch"),
                    nextSyncAt: try row.decodeIfPresent("next_sync_epoch"), syncAttempts: try row.decode("sync_attempts"),
                    createdAt: try row.decode("created_epoch"))
            }
            let events = try tx.query(
                """
                SELECT id, type, cause, data::text AS data, extract(epoch FROM created_at)::bigint AS created_epoch
                FROM order_events WHERE order_id = $1 ORDER BY id
                """, [orderID]
            ).map { row in
                OrderEvent(
                    id: try row.decode("id"), type: try row.decode("type"), cause: try row.decode("cause"),
                    data: Self.flatten(try row.decode("data")), createdAt: try row.decode("created_epoch"))
            }
            return OrderDossier(
                overview: overview, attempts: attempts, refunds: try RefundRows.refunds(tx, orderID: orderID),
                events: events,
                disputes: try PostgresDisputeStore.disputes(tx, orderID: orderID))
        }
    }

    /// An event's `data` object as strings; a value that is not a string (none is written
    /// today) keeps its JSON text rather than being dropped.
    static func flatten(_ json: String) -> [String: String] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) as? [String: Any]
        else { return [:] }
        return object.mapValues { value in
            if let text = value as? String { return text }
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}
