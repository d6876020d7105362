/// One line of a checkout session, priced inline (`price_data`).
struct LineItemRecord: Sendable {
    /// `li_<digits>`.
    var id: String
    /// `price_<digits>`, generated for the inline price.
    var priceID: String
    /// `prod_<digits>`, generated for the inline product.
    var productID: String
    /// The product name (`product_data.name`).
    var name: String
    /// `product_data.description`.
    var productDescription: String?
    /// Price per unit in minor units.
    var unitAmount: Int64
    /// How many.
    var quantity: Int64
    /// ISO code, upper-case.
    var currency: String

    /// `unit_amount × quantity`.
    var total: Int64 { unitAmount * quantity }
}

/// The sandbox's record of one Checkout Session.
struct CheckoutSessionRecord: Sendable {
    /// Session statuses.
    enum Status: String, Sendable { case open, complete, expired }

    /// `cs_test_<digits>`.
    var id: String
    /// Epoch milliseconds.
    var created: Int64
    /// Epoch milliseconds.
    var expiresAt: Int64
    /// `open`, `complete` or `expired`.
    var status: Status = .open
    /// `unpaid` or `paid`.
    var paymentStatus = "unpaid"
    /// Always `payment` in the sandbox.
    var mode = "payment"
    /// ISO code, upper-case.
    var currency: String
    /// The priced lines.
    var lineItems: [LineItemRecord]
    /// Where the customer goes after paying.
    var successURL: String
    /// Where the Cancel link goes.
    var cancelURL: String
    /// `cus_...`, if given.
    var customer: String?
    /// `customer_email`.
    var customerEmail: String?
    /// The merchant's own reference (`client_reference_id`).
    var clientReferenceID: String?
    /// Merchant metadata.
    var metadata = JSONObject()
    /// Methods offered on the page.
    var paymentMethodTypes: [String]
    /// Echoed as given.
    var paymentMethodOptions = JSONObject()
    /// `auto` or `required`.
    var billingAddressCollection: String?
    /// The PaymentIntent created up front.
    var paymentIntent: String

    /// Sum of the lines.
    var amountTotal: Int64 { lineItems.reduce(0) { $0 + $1.total } }
}

extension CheckoutSessionRecord {
    /// The hosted page's address: `<base>/pay/<cs id>?key=<pk>`.
    func url(baseURL: String, publishableKey: String) -> String {
        "\(baseURL)/pay/\(id)?key=\(FormEncoding.percentEncode(publishableKey))"
    }

    /// `line_items` as a list object.
    func lineItemsJSON(style: WireStyle) -> JSONValue {
        [
            "object": "list",
            "data": .array(
                lineItems.map { item in
                    [
                        "id": .string(item.id),
                        "object": "item",
                        "amount_subtotal": .int(item.total),
                        "amount_total": .int(item.total),
                        "currency": style.looseCurrency(item.currency),
                        "description": .string(item.name),
                        "price": [
                            "id": .string(item.priceID),
                            "object": "price",
                            "active": false,
                            "billing_scheme": "per_unit",
                            "currency": style.looseCurrency(item.currency),
                            "product": .string(item.productID),
                            "type": "one_time",
                            "unit_amount": .int(item.unitAmount),
                        ],
                        "quantity": .int(item.quantity),
                    ]
                }),
            "has_more": false,
            "url": .string("/v1/checkout/sessions/\(id)/line_items"),
        ]
    }

    /// The API object.
    func json(style: WireStyle, baseURL: String, publishableKey: String) -> JSONValue {
        var object: JSONObject = [
            "id": .string(id),
            "object": "checkout.session",
            "amount_subtotal": .int(amountTotal),
            "amount_total": .int(amountTotal),
            "billing_address_collection": .nullable(billingAddressCollection),
            "cancel_url": .string(cancelURL),
            "client_reference_id": .nullable(clientReferenceID),
            "created": style.timestamp(created),
            "currency": style.looseCurrency(currency),
            "customer": .nullable(customer),
            "customer_details": nil,
            "customer_email": .nullable(customerEmail),
            "expires_at": style.timestamp(expiresAt),
            "line_items": lineItemsJSON(style: style),
            "livemode": false,
            "metadata": .object(metadata),
            "mode": .string(mode),
            "payment_intent": .string(paymentIntent),
            "payment_link": nil,
            "payment_method_options": .object(paymentMethodOptions),
            "payment_method_types": .strings(paymentMethodTypes),
            "payment_status": .string(paymentStatus),
            "setup_intent": nil,
            "shipping": nil,
            "status": .string(status.rawValue),
            "success_url": .string(successURL),
            // Stripe clears the URL once the session can no longer be paid.
            "url": status == .open ? .string(url(baseURL: baseURL, publishableKey: publishableKey)) : .null,
        ]
        // Seen in one WooshPay example next to `livemode`.
        if style.quirks { object["live_mode"] = false }
        return .object(object)
    }
}
