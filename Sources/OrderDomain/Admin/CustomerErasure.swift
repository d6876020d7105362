/// Erasure of a customer's personal data (GDPR art. 17): the name, e-mail and metadata of
/// every order of one e-mail address, wherever the service stored a copy, while amounts,
/// ids and statuses stay (bookkeeping must keep them).
public enum CustomerErasure {
    /// The stored e-mail of an erased order: empty, so no later lookup can match it.
    public static let erasedEmail = ""

    /// The address to erase, or `invalid_email` when it cannot be one (an empty or blank
    /// argument must never match the already-erased orders).
    public static func validatedEmail(_ email: String) throws(DomainError) -> String {
        guard Email.isPlausible(email) else {
            throw DomainError(
                code: .invalidEmail, message: "Give the customer's e-mail address.",
                param: "email")
        }
        return email
    }

    /// What an erasure changed.
    public struct Report: Sendable, Equatable {
        /// The erased orders' ids, oldest first.
        public var orderIDs: [String]
        /// Order events whose data held the customer's data.
        public var orderEvents: Int
        /// Notification payloads rewritten.
        public var notifications: Int
        /// Webhook inbox bodies replaced by a stub.
        public var webhookEvents: Int
        /// Cached idempotent answers dropped (they repeat the order's customer).
        public var idempotencyRecords: Int

        /// Creates a report.
        public init(orderIDs: [String], orderEvents: Int, notifications: Int, webhookEvents: Int, idempotencyRecords: Int) {
            self.orderIDs = orderIDs
            self.orderEvents = orderEvents
            self.notifications = notifications
            self.webhookEvents = webhookEvents
            self.idempotencyRecords = idempotencyRecords
        }
    }
}
