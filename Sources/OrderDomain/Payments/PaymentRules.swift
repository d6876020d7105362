/// Shape rules for payment inputs, checked before anything is written or sent.
public enum PaymentRules {
    /// A WooshPay payment method type such as `card`, `alipay`, `wechat_pay`, `9pay`.
    public static func isPaymentMethodType(_ text: String) -> Bool {
        (1...40).contains(text.count) && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// A payment method id: `pm_` then letters, digits and underscores.
    public static func isPaymentMethodID(_ text: String) -> Bool {
        guard text.hasPrefix("pm_"), (4...255).contains(text.count) else { return false }
        return text.utf8.dropFirst(3).allSatisfy { isAlphanumeric($0) || $0 == 0x5F }
    }

    /// Checks raw card fields. Messages never repeat the number or the CVC.
    public static func validate(_ card: GatewayCard) throws(DomainError) {
        func invalid(_ field: String, _ message: String) -> DomainError {
            DomainError(code: .invalidCardData, message: message, param: "payment_method_data.card.\(field)")
        }
        let digits = Array(card.number.utf8)
        guard (12...19).contains(digits.count), digits.allSatisfy(isDigit), luhnValid(digits) else {
            throw invalid("number", "The card number is not valid.")
        }
        guard (1...12).contains(card.expMonth) else { throw invalid("exp_month", "exp_month must be 1-12.") }
        guard (2000...2200).contains(card.expYear) else { throw invalid("exp_year", "exp_year must be a four-digit year.") }
        guard (3...4).contains(card.cvc.utf8.count), card.cvc.utf8.allSatisfy(isDigit) else {
            throw invalid("cvc", "The CVC must be 3 or 4 digits.")
        }
        if let name = card.name, name.unicodeScalars.count > 200 {
            throw invalid("name", "The cardholder name is limited to 200 characters.")
        }
    }

    /// The Luhn check digit test over ASCII digits.
    static func luhnValid(_ digits: [UInt8]) -> Bool {
        var sum = 0
        for (i, byte) in digits.reversed().enumerated() {
            var d = Int(byte - 0x30)
            if i % 2 == 1 {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
        }
        return sum % 10 == 0
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
}
