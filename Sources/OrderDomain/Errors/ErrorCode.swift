/// Every error code the API answers with, spelled here once: call sites name a case, the
/// README's "Error codes" table and the OpenAPI document list the same set with the same
/// status (`ErrorCatalogueTests` compares the three).
public enum ErrorCode: String, Sendable, CaseIterable {
    // 400
    case amountTooLarge = "amount_too_large"
    case captureMethodNotAllowed = "capture_method_not_allowed"
    case duplicateCurrency = "duplicate_currency"
    case duplicateSku = "duplicate_sku"
    case invalidAmount = "invalid_amount"
    case invalidBody = "invalid_body"
    case invalidCaptureMethod = "invalid_capture_method"
    case invalidCardData = "invalid_card_data"
    case invalidCharacter = "invalid_character"
    case invalidCursor = "invalid_cursor"
    case invalidDescription = "invalid_description"
    case invalidEmail = "invalid_email"
    case invalidEvidence = "invalid_evidence"
    case invalidIdempotencyKey = "invalid_idempotency_key"
    case invalidItems = "invalid_items"
    case invalidKeyName = "invalid_key_name"
    case invalidLimit = "invalid_limit"
    case invalidMetadata = "invalid_metadata"
    case invalidMode = "invalid_mode"
    case invalidName = "invalid_name"
    case invalidParameter = "invalid_parameter"
    case invalidPayload = "invalid_payload"
    case invalidPaymentMethod = "invalid_payment_method"
    case invalidPrice = "invalid_price"
    case invalidQuantity = "invalid_quantity"
    case invalidReason = "invalid_reason"
    case invalidRequest = "invalid_request"
    case invalidRole = "invalid_role"
    case invalidSignature = "invalid_signature"
    case invalidSku = "invalid_sku"
    case invalidStatus = "invalid_status"
    case invalidStock = "invalid_stock"
    case invalidTime = "invalid_time"
    case invalidTimeRange = "invalid_time_range"
    case missingParameter = "missing_parameter"
    case paymentMethodCheckoutOnly = "payment_method_checkout_only"
    case paymentMethodCurrencyNotSupported = "payment_method_currency_not_supported"
    case paymentMethodNotAllowed = "payment_method_not_allowed"
    case paymentMethodRequired = "payment_method_required"
    case paymentMethodTypeNotAllowed = "payment_method_type_not_allowed"
    case rawCardDataNotAllowed = "raw_card_data_not_allowed"
    case staleSignature = "stale_signature"
    case unknownParameter = "unknown_parameter"
    case unknownSku = "unknown_sku"
    case unsupportedCurrency = "unsupported_currency"
    case unsupportedFileType = "unsupported_file_type"
    // 401
    case invalidApiKey = "invalid_api_key"
    case invalidMetricsToken = "invalid_metrics_token"
    case orderTokenRequired = "order_token_required"
    // 402
    case cardDeclined = "card_declined"
    case refundFailed = "refund_failed"
    // 403
    case corsOriginNotAllowed = "cors_origin_not_allowed"
    case csrfTokenInvalid = "csrf_token_invalid"
    case insufficientPermissions = "insufficient_permissions"
    // 404
    case disputeNotFound = "dispute_not_found"
    case keyNotFound = "key_not_found"
    case notFound = "not_found"
    case notificationNotFound = "notification_not_found"
    case orderNotFound = "order_not_found"
    case paymentNotFound = "payment_not_found"
    case productNotFound = "product_not_found"
    case refundNotFound = "refund_not_found"
    case webhookEventNotFound = "webhook_event_not_found"
    // 409
    case cancelRefused = "cancel_refused"
    case captureRefused = "capture_refused"
    case chargeDisputed = "charge_disputed"
    case disputeClosed = "dispute_closed"
    case disputeRefused = "dispute_refused"
    case idempotencyKeyInUse = "idempotency_key_in_use"
    case idempotencyKeyReused = "idempotency_key_reused"
    case keyNameExists = "key_name_exists"
    case orderAlreadyPaid = "order_already_paid"
    case orderExpired = "order_expired"
    case orderFullyRefunded = "order_fully_refunded"
    case orderNotCancelable = "order_not_cancelable"
    case orderNotCapturable = "order_not_capturable"
    case orderNotPayable = "order_not_payable"
    case orderNotRefundable = "order_not_refundable"
    case outOfStock = "out_of_stock"
    case paymentAlreadyAuthorized = "payment_already_authorized"
    case paymentInProgress = "payment_in_progress"
    case paymentProcessing = "payment_processing"
    case skuExists = "sku_exists"
    // 413
    case bodyTooLarge = "body_too_large"
    case fileTooLarge = "file_too_large"
    // 415
    case unsupportedMediaType = "unsupported_media_type"
    // 422
    case captureExceedsAuthorized = "capture_exceeds_authorized"
    case orderTotalZero = "order_total_zero"
    case paymentRejected = "payment_rejected"
    case priceUnavailable = "price_unavailable"
    case productInactive = "product_inactive"
    case refundExceedsCaptured = "refund_exceeds_captured"
    // 429
    case rateLimited = "rate_limited"
    case tooManyAttempts = "too_many_attempts"
    case tooManyStreams = "too_many_streams"
    // 500
    case internalError = "internal_error"
    // 503
    case gatewayUnavailable = "gateway_unavailable"
    case inboxUnavailable = "inbox_unavailable"
    case paymentsUnavailable = "payments_unavailable"
    case serviceUnavailable = "service_unavailable"

    /// The kind of refusal each code is; its HTTP status is the kind's (`DomainError.Kind.httpStatus`).
    public var kind: DomainError.Kind {
        switch self {
        case .amountTooLarge, .captureMethodNotAllowed, .duplicateCurrency, .duplicateSku, .invalidAmount,
            .invalidBody, .invalidCaptureMethod, .invalidCardData, .invalidCharacter, .invalidCursor,
            .invalidDescription, .invalidEmail, .invalidEvidence, .invalidIdempotencyKey, .invalidItems, .invalidKeyName,
            .invalidLimit, .invalidMetadata, .invalidMode, .invalidName, .invalidParameter, .invalidPayload,
            .invalidPaymentMethod, .invalidPrice, .invalidQuantity, .invalidReason, .invalidRequest, .invalidRole,
            .invalidSignature, .invalidSku, .invalidStatus, .invalidStock, .invalidTime, .invalidTimeRange,
            .missingParameter, .paymentMethodCheckoutOnly, .paymentMethodCurrencyNotSupported, .paymentMethodNotAllowed, .paymentMethodRequired,
            .paymentMethodTypeNotAllowed,
            .rawCardDataNotAllowed, .staleSignature, .unknownParameter, .unknownSku, .unsupportedCurrency, .unsupportedFileType:
            .invalidRequest
        case .invalidApiKey, .invalidMetricsToken, .orderTokenRequired: .unauthenticated
        case .cardDeclined, .refundFailed: .paymentRefused
        case .corsOriginNotAllowed, .csrfTokenInvalid, .insufficientPermissions: .forbidden
        case .disputeNotFound, .keyNotFound, .notFound, .notificationNotFound, .orderNotFound, .paymentNotFound, .productNotFound, .refundNotFound,
            .webhookEventNotFound:
            .notFound
        case .cancelRefused, .captureRefused, .chargeDisputed, .disputeClosed, .disputeRefused, .idempotencyKeyInUse, .idempotencyKeyReused,
            .keyNameExists,
            .orderAlreadyPaid, .orderExpired, .orderFullyRefunded, .orderNotCancelable, .orderNotCapturable,
            .orderNotPayable, .orderNotRefundable, .outOfStock, .paymentAlreadyAuthorized, .paymentInProgress,
            .paymentProcessing, .skuExists:
            .conflict
        case .bodyTooLarge, .fileTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .captureExceedsAuthorized, .orderTotalZero, .paymentRejected, .priceUnavailable, .productInactive,
            .refundExceedsCaptured:
            .unprocessable
        case .rateLimited, .tooManyAttempts, .tooManyStreams: .tooManyRequests
        case .internalError: .internalError
        case .gatewayUnavailable, .inboxUnavailable, .paymentsUnavailable, .serviceUnavailable: .unavailable
        }
    }

    /// The HTTP status every answer with this code has.
    public var httpStatus: Int { kind.httpStatus }
}
