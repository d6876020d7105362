/// What happens when a payment method is used.
enum PaymentBehaviour: Sendable, Equatable {
    /// The payment goes through.
    case succeed
    /// The issuer declines.
    case decline(code: String, declineCode: String?, message: String)
    /// A 3-D Secure challenge first; approving it succeeds.
    case threeDSecure
    /// A redirect to a wallet or bank page first (non-card methods).
    case redirect
}

/// A payment method known to the sandbox: the fixed test ids and those created from
/// `payment_method_data`.
struct StoredPaymentMethod: Sendable {
    /// `pm_...`.
    var id: String
    /// `card`, `alipay`, `wechat_pay`, ...
    var type: String
    /// What paying with it does.
    var behaviour: PaymentBehaviour
    /// Last four digits, for cards.
    var last4: String?
    /// The `payment_method_data` it was created from (billing details, per-type fields),
    /// card details left out; what `MethodRequirements` checks at confirm.
    var data = JSONObject()
}

/// The documented test cards and payment method ids (see docs/SANDBOX.md).
enum TestPaymentMethods {
    /// Generic decline (`card_declined` / `generic_decline`).
    static let genericDecline = PaymentBehaviour.decline(
        code: "card_declined", declineCode: "generic_decline", message: "Your card was declined.")
    /// Insufficient funds (`card_declined` / `insufficient_funds`).
    static let insufficientFunds = PaymentBehaviour.decline(
        code: "card_declined", declineCode: "insufficient_funds", message: "Your card has insufficient funds.")

    /// Fixed payment method ids for the direct flow.
    static let fixed: [String: StoredPaymentMethod] = [
        "pm_card_visa": .init(id: "pm_card_visa", type: "card", behaviour: .succeed, last4: "1111"),
        "pm_card_mastercard": .init(id: "pm_card_mastercard", type: "card", behaviour: .succeed, last4: "4444"),
        "pm_card_chargeDeclined": .init(id: "pm_card_chargeDeclined", type: "card", behaviour: genericDecline, last4: "0002"),
        "pm_card_insufficientFunds": .init(
            id: "pm_card_insufficientFunds", type: "card", behaviour: insufficientFunds, last4: "9995"),
        "pm_card_threeDSecure": .init(id: "pm_card_threeDSecure", type: "card", behaviour: .threeDSecure, last4: "3220"),
    ]

    /// The behaviour of a card number; any other number that passes the Luhn check succeeds.
    static func behaviour(cardNumber: String) -> PaymentBehaviour {
        switch cardNumber {
        case "4000000000000002": return genericDecline
        case "4000000000009995": return insufficientFunds
        case "4000000000003220": return .threeDSecure
        default: return .succeed
        }
    }

    /// Validates raw card details the way a card form would, returning the card error to
    /// raise (`incorrect_number`, `invalid_expiry_month`, `expired_card`, `invalid_cvc`) or `nil`.
    static func validate(
        number: String, expMonth: Int64, expYear: Int64, cvc: String?,
        now: (year: Int64, month: Int64)
    ) -> APIError? {
        let digits = number.filter { $0 != " " }
        guard (12...19).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            luhn(digits)
        else { return cardError("incorrect_number", "Your card number is incorrect.", param: "number") }
        guard (1...12).contains(expMonth) else {
            return cardError("invalid_expiry_month", "Your card's expiration month is invalid.", param: "exp_month")
        }
        let year = expYear < 100 ? expYear + 2000 : expYear
        guard year > now.year || (year == now.year && expMonth >= now.month) else {
            return cardError("expired_card", "Your card has expired.", param: "exp_year")
        }
        if let cvc, !((3...4).contains(cvc.count) && cvc.allSatisfy(\.isNumber)) {
            return cardError("invalid_cvc", "Your card's security code is invalid.", param: "cvc")
        }
        return nil
    }

    /// The Luhn checksum every real card number satisfies.
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (i, c) in digits.reversed().enumerated() {
            guard var d = c.wholeNumberValue else { return false }
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }

    private static func cardError(_ code: String, _ message: String, param: String) -> APIError {
        APIError(status: 402, type: "card_error", code: code, message: message, param: "payment_method_data[card][\(param)]")
    }
}
