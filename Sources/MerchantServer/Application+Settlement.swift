import Foundation
import HTTPAPI
import OrderDomain

/// The return endpoint's sync: the attempt named in the URL if it belongs to the order,
/// else the order's latest open attempt; one bounded try, then the order's status.
func returnSettler(_ payments: PaymentServices) -> ReturnRoutes.Settle {
    { orderID, hint in
        guard let attempts = try? await payments.store.attempts(orderID: orderID), !attempts.isEmpty else {
            return try? await payments.store.order(id: orderID)?.status
        }
        let chosen = attempts.first { $0.id == hint && $0.status.isOpen } ?? attempts.last { $0.status.isOpen }
        if let chosen { _ = try? await payments.interactive.sync(chosen, cause: .return) }
        return try? await payments.store.order(id: orderID)?.status
    }
}

/// Refresh on read: an open attempt not touched for 5 s is synced once (bounded) before
/// `GET /v1/orders/{id}` answers.
func readRefresher(_ payments: PaymentServices) -> @Sendable (String) async -> Bool {
    { orderID in
        guard let attempts = try? await payments.store.attempts(orderID: orderID) else { return false }
        let now = Int64(Date().timeIntervalSince1970)
        guard let stale = attempts.last(where: { $0.status.isOpen && $0.hasGatewayObject && now - $0.updatedAt >= 5 }) else { return false }
        return (try? await payments.interactive.sync(stale, cause: .read)) != nil
    }
}
