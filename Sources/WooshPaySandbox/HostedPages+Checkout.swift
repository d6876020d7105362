extension HostedPages {
    /// The hosted checkout page: lines, total, a card form with the test cards as a hint,
    /// a button per non-card method the session allows, and a Cancel link.
    static func checkout(_ model: CheckoutPageModel, error: String?) -> String {
        let session = model.session
        let key = FormEncoding.percentEncode(model.publishableKey)
        let action = "/pay/\(escape(session.id))?key=\(escape(key))"
        let rows = session.lineItems.map { item in
            "<tr><td>\(escape(item.name))</td><td>× \(item.quantity)</td>"
                + "<td>\(escape(formatAmount(item.total, currency: item.currency)))</td></tr>"
        }.joined()
        let errorHTML = error.map { "<p class=\"error\" id=\"error\">\(escape($0))</p>" } ?? ""
        let wallets = session.paymentMethodTypes.filter { $0 != "card" }.map { type in
            "<form method=\"post\" action=\"/pay/\(escape(session.id))/method?key=\(escape(key))\">"
                + "<input type=\"hidden\" name=\"type\" value=\"\(escape(type))\">"
                + "<button type=\"submit\">Pay with \(escape(type))</button></form>"
        }.joined()
        let cardForm =
            !session.paymentMethodTypes.contains("card")
            ? ""
            : """
            <form method="post" action="\(action)">
            <label>Card number <input name="card_number" value="4111111111111111" autocomplete="off"></label>
            <label>Expiry (MM/YY) <input name="exp" value="12/34"></label>
            <label>CVC <input name="cvc" value="123"></label>
            <button type="submit">Pay \(escape(formatAmount(session.amountTotal, currency: session.currency)))</button>
            </form>
            <p class="hint">Test cards: 4111111111111111 succeeds · 4000000000000002 is declined ·
            4000000000009995 has insufficient funds · 4000000000003220 asks for 3-D Secure.</p>
            """
        let email = session.customerEmail.map { "<p>Paying as \(escape($0))</p>" } ?? ""
        return page(
            title: "Pay \(formatAmount(session.amountTotal, currency: session.currency))",
            body: """
                <table><tr><th>Item</th><th>Qty</th><th>Amount</th></tr>\(rows)
                <tr><th>Total</th><th></th><th id="total">\(escape(formatAmount(session.amountTotal, currency: session.currency)))</th></tr></table>
                \(email)\(errorHTML)\(cardForm)\(wallets)
                <p><a id="cancel" href="\(escape(session.cancelURL))">Cancel and return to the merchant</a></p>
                """)
    }

    /// The 3-D Secure challenge or the wallet's authorisation page: Approve / Deny.
    static func action(_ intent: PaymentIntentRecord, kind: String) -> String {
        let isChallenge = kind == "3ds"
        let title = isChallenge ? "3-D Secure authentication" : "Authorize \(walletName(intent))"
        let secret = escape(intent.clientSecret)
        let amount = escape(formatAmount(intent.amount, currency: intent.currency))
        // The method's own page: its name, and the QR payload where its next action has one.
        var qr = ""
        if case .redirect(let type)? = intent.pendingAction, type == "bank_transfer_vn" {
            qr = "<p>Scan to pay: <code id=\"qrcode\">\(escape(PaymentIntentRecord.qrPayload(id: intent.id, amount: intent.amount)))</code></p>"
        }
        return page(
            title: title,
            body: """
                <p>Amount: <strong>\(amount)</strong></p>\(qr)
                <form method="post" action="/\(kind)/\(escape(intent.id))">
                <input type="hidden" name="client_secret" value="\(secret)">
                <button type="submit" name="action" value="approve">\(isChallenge ? "Approve" : "Authorize")</button>
                <button type="submit" name="action" value="deny">\(isChallenge ? "Deny" : "Fail")</button>
                </form>
                """)
    }

    private static func walletName(_ intent: PaymentIntentRecord) -> String {
        if case .redirect(let type)? = intent.pendingAction { return type }
        return "payment"
    }
}
