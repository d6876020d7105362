extension PaymentMethodCatalog {
    /// Checks a direct start's input for `type` against the table before anything is written
    /// or sent: each required field present (`missing_parameter` naming its path) and well
    /// formed, no option or method field the table does not know (WooshPay would refuse or,
    /// worse, ignore it). Returns the details normalised (the country code upper-cased).
    public static func validate(type: String, details: PaymentMethodDetails) throws(DomainError) -> PaymentMethodDetails {
        let spec = spec(for: type)
        guard let requirements = spec.requirements else {
            throw DomainError(
                code: .paymentMethodCheckoutOnly,
                message: "WooshPay does not document what a direct \(type) payment needs; pay \(type) with mode checkout.",
                param: "payment_method_data.type")
        }
        var out = details
        for (name, value) in details.billing.values {
            try checkText(value, path: PaymentMethodField.billing(name).path(type: type))
        }
        for field in details.methodData.keys.map(PaymentMethodField.methodData) + details.options.keys.map(PaymentMethodField.option) {
            guard requirements.contains(where: { $0.field == field }) else {
                throw DomainError(
                    code: .unknownParameter, message: "\(field.path(type: type)) is not a field WooshPay documents for \(type).",
                    param: field.path(type: type))
            }
            try checkText(details.value(of: field) ?? "", path: field.path(type: type))
        }
        for requirement in requirements {
            let path = requirement.field.path(type: type)
            guard let value = details.value(of: requirement.field) else {
                throw DomainError(
                    code: .missingParameter, message: "\(type) payments need \(path) (\(requirement.label)).", param: path)
            }
            try check(value, requirement.kind, path: path)
        }
        if let country = out.billing.value(of: .country) { out.billing.values[.country] = country.uppercased() }
        return out
    }

    /// Checks one value's shape (a country code in any case).
    private static func check(_ value: String, _ kind: PaymentMethodSpec.Kind, path: String) throws(DomainError) {
        switch kind {
        case .text: return
        case .email:
            guard Email.isPlausible(value) else { throw DomainError(code: .invalidEmail, message: "\(path) is not an e-mail address.", param: path) }
        case .tel:
            let allowed = value.unicodeScalars.allSatisfy { "+0123456789 -".unicodeScalars.contains($0) }
            guard allowed, (5...20).contains(value.count) else {
                throw DomainError(code: .invalidParameter, message: "\(path) must be a phone number (digits, +, spaces).", param: path)
            }
        case .country:
            let upper = value.uppercased()
            guard upper.utf8.count == 2, upper.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                throw DomainError(code: .invalidParameter, message: "\(path) must be a two-letter ISO 3166 country code.", param: path)
            }
        case .choice(let values):
            guard values.contains(value) else {
                throw DomainError(code: .invalidParameter, message: "\(path) must be one of \(values.joined(separator: ", ")).", param: path)
            }
        }
    }

    /// Any given value: at most 200 characters, no control characters.
    private static func checkText(_ value: String, path: String) throws(DomainError) {
        guard value.unicodeScalars.count <= 200, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw DomainError(code: .invalidParameter, message: "\(path) must be at most 200 characters of text.", param: path)
        }
    }
}
