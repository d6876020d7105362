/// The API request that caused an event (`event.request`), `nil` for customer or
/// dashboard actions, where WooshPay has no API request to name.
struct RequestInfo: Sendable {
    /// `req_...` of the API call.
    var id: String
    /// Its Idempotency-Key header, if any.
    var idempotencyKey: String?
    /// Who called: the merchant's server or, on confirm, a browser with the publishable key.
    var caller: Caller = .secretKey
}

/// One event: its frozen JSON (a snapshot of the object when it happened, as WooshPay
/// sends it) and what became of its webhook deliveries.
struct EventRecord: Sendable {
    /// `evt_<digits>`.
    var id: String
    /// `payment_intent.succeeded`, ...
    var type: String
    /// Epoch milliseconds.
    var created: Int64
    /// The id of `data.object`.
    var objectID: String
    /// The event JSON.
    var json: JSONValue
    /// Its serialisation, byte for byte what webhooks carry (and `GET /v1/events/{id}` returns).
    var body: [UInt8]
    /// Delivery attempts made so far.
    var deliveryAttempts = 0
    /// Whether any attempt got a 2xx.
    var delivered = false
    /// Whether the drop fault swallowed it.
    var dropped = false
    /// Status of the last attempt (`nil`: no answer).
    var lastStatus: Int?

    /// Builds the event JSON.
    static func json(
        id: String, type: String, created: Int64, object: JSONValue, request: RequestInfo?,
        pendingWebhooks: Int, style: WireStyle
    ) -> JSONValue {
        let requestJSON: JSONValue = [
            "id": .nullable(request?.id),
            "idempotency_key": .nullable(request?.idempotencyKey),
        ]
        return [
            "id": .string(id),
            "object": "event",
            "api_version": "1.0.1",
            "created": style.timestamp(created),
            "data": ["object": object],
            "livemode": false,
            "pending_webhooks": .int(Int64(pendingWebhooks)),
            "request": requestJSON,
            "type": .string(type),
        ]
    }

    /// The row of `GET /_sandbox/events`.
    var truthJSON: JSONValue {
        [
            "id": .string(id),
            "type": .string(type),
            "object_id": .string(objectID),
            "created": .int(created),
            "delivery_attempts": .int(Int64(deliveryAttempts)),
            "delivered": .bool(delivered),
            "dropped": .bool(dropped),
            "last_status": .nullable(lastStatus.map { Int64($0) }),
        ]
    }
}
