extension PaymentIntentRecord {
    /// The `next_action` object for the current pending action, with URLs under `baseURL`.
    func nextAction(baseURL: String) -> JSONValue? {
        guard status == .requiresAction, let pendingAction else { return nil }
        let secret = FormEncoding.percentEncode(clientSecret)
        switch pendingAction {
        case .threeDSecure:
            return [
                "type": "challenge_redirect",
                "challenge_redirect": [
                    "url": .string("\(baseURL)/3ds/\(id)?client_secret=\(secret)"),
                    "return_url": .nullable(returnURL),
                ],
            ]
        case .redirect(let type):
            // `<type>_handle_redirect {url}`, the shape every WooshPay method page shows
            // (Alipay's family shares Alipay's); bank_transfer_vn adds the QR payload a
            // customer scans, as observed. Never Stripe's `redirect_to_url`.
            let url = "\(baseURL)/redirect/\(id)?client_secret=\(secret)"
            let family = ["alipay_hk", "alipayplus"].contains(type) ? "alipay" : type
            var detail: JSONObject = ["url": .string(url)]
            if type == "bank_transfer_vn" { detail["qrcode"] = .string(Self.qrPayload(id: id, amount: amount)) }
            let name = "\(family)_handle_redirect"
            return ["type": .string(name), name: .object(detail)]
        }
    }

    /// A QR payload in the EMVCo style bank apps scan (merchant-presented, dynamic),
    /// made up by the sandbox; stable per intent.
    static func qrPayload(id: String, amount: Int64) -> String {
        "00020101021238570010A000000727012700069704220113SANDBOX\(id.suffix(8))5303704540\(amount)5802VN6304"
    }

    /// The API object, as `GET /v1/payment_intents/{id}` returns it.
    func json(style: WireStyle, baseURL: String) -> JSONValue {
        let error: JSONValue =
            lastPaymentError.map { e in
                [
                    "type": .string(e.type), "code": .string(e.code), "decline_code": .nullable(e.declineCode),
                    "message": .string(e.message),
                    "payment_method": paymentMethod.map { ["id": .string($0), "object": "payment_method"] } ?? .null,
                ]
            } ?? .null
        return [
            "id": .string(id),
            "object": "payment_intent",
            "amount": .int(amount),
            "amount_capturable": .int(amountCapturable),
            "amount_received": .int(amountReceived),
            "cancellation_reason": .nullable(cancellationReason),
            "capture_method": .string(captureMethod),
            "client_secret": .string(clientSecret),
            "confirmation_method": "automatic",
            "created": style.timestamp(created),
            "currency": .string(currency.uppercased()),
            "customer": .nullable(customer),
            "description": .nullable(description),
            "last_payment_error": error,
            "livemode": false,
            "merchant_order_id": .nullable(merchantOrderID),
            "merchant_user_id": .nullable(merchantUserID),
            "metadata": style.embedded(.object(metadata)),
            "next_action": style.nextAction(nextAction(baseURL: baseURL)),
            "payment_method": .nullable(paymentMethod),
            "payment_method_options": style.embedded(.object(paymentMethodOptions)),
            "payment_method_types": style.embedded(.strings(paymentMethodTypes)),
            "receipt_email": .nullable(receiptEmail),
            "return_url": .nullable(returnURL),
            "setup_future_usage": .nullable(setupFutureUsage),
            "shipping": nil,
            "statement_descriptor": nil,
            "statement_descriptor_suffix": nil,
            "status": .string(status.rawValue),
        ]
    }

    /// The truth row of `GET /_sandbox/payment_intents`.
    var truthJSON: JSONValue {
        [
            "id": .string(id),
            "status": .string(status.rawValue),
            "amount": .int(amount),
            "amount_captured": .int(amountReceived),
            "amount_capturable": .int(amountCapturable),
            "amount_refunded": .int(amountRefunded),
            "amount_refund_pending": .int(amountRefundPending),
            "currency": .string(currency.uppercased()),
            "charge_count": .int(Int64(chargeCount)),
            "checkout_session": .nullable(checkoutSession),
            "merchant_order_id": .nullable(merchantOrderID),
            "capture_method": .string(captureMethod),
            "payment_method": .nullable(paymentMethod),
        ]
    }
}
