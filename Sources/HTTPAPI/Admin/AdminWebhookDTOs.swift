import OrderDomain

/// A stored webhook event as the back office sees it. `raw_body` is in the detail (and the
/// replay answer) only, with client secrets redacted (see `SecretRedaction`); timestamps
/// are epoch seconds.
struct AdminWebhookEventDTO: Encodable {
    var id: String
    var object = "webhook_event"
    var type: String
    @ExplicitNull var object_id: String?
    @ExplicitNull var sync_object_id: String?
    /// `received`, `processed`, `ignored`, `failed`.
    var status: String
    var attempts: Int
    @ExplicitNull var last_error: String?
    var received_at: Int64
    @ExplicitNull var processed_at: Int64?
    var next_attempt_at: Int64
    @ExplicitNull var lease_until: Int64?
    var raw_body: String?

    init(_ event: WebhookEventRecord) {
        id = event.id
        type = event.type
        object_id = event.objectID
        sync_object_id = event.syncObjectID
        status = event.status.rawValue
        attempts = event.attempts
        last_error = event.lastError
        received_at = event.receivedAt
        processed_at = event.processedAt
        next_attempt_at = event.nextAttemptAt
        lease_until = event.leaseUntil
        raw_body = event.rawBody.map(SecretRedaction.redact)
    }
}
