/// What the storefront asks for when it starts paying an order.
public struct StartPaymentRequest: Sendable, Equatable {
    /// Which flow.
    public var mode: PaymentMode
    /// The method for the direct flow (required there, refused elsewhere).
    public var paymentMethod: GatewayPaymentMethodInput?
    /// Overrides the deployment's default capture method, within what it allows.
    public var captureMethod: CaptureMethod?
    /// Narrows the deployment's payment method types.
    public var paymentMethodTypes: [String]?
    /// The request's `Idempotency-Key`: a re-run of the request after its owner died
    /// answers with the attempt it paid or authorised.
    public var requestKey: String?

    /// Creates a request.
    public init(
        mode: PaymentMode, paymentMethod: GatewayPaymentMethodInput? = nil,
        captureMethod: CaptureMethod? = nil, paymentMethodTypes: [String]? = nil
    ) {
        self.mode = mode
        self.paymentMethod = paymentMethod
        self.captureMethod = captureMethod
        self.paymentMethodTypes = paymentMethodTypes
    }

    /// Checks the request against the deployment's settings, before anything is written,
    /// and returns the attempt to create.
    public func draft(settings: PaymentSettings) throws(DomainError) -> AttemptDraft {
        var draft = try shape(settings: settings)
        draft.requestKey = requestKey
        return draft
    }

    private func shape(settings: PaymentSettings) throws(DomainError) -> AttemptDraft {
        let capture = captureMethod ?? settings.defaultCaptureMethod
        guard settings.allowedCaptureMethods.contains(capture) else {
            throw DomainError(
                code: .captureMethodNotAllowed,
                message: "This shop does not allow capture_method \(capture.rawValue).", param: "capture_method")
        }
        var types = settings.paymentMethodTypes
        if let requested = paymentMethodTypes {
            guard !requested.isEmpty, requested.allSatisfy(settings.paymentMethodTypes.contains),
                Set(requested).count == requested.count
            else {
                throw DomainError(
                    code: .paymentMethodTypeNotAllowed,
                    message:
                        "payment_method_types must be a non-empty subset, without repeats, of \(settings.paymentMethodTypes.joined(separator: ", ")).",
                    param: "payment_method_types")
            }
            types = requested
        }
        guard mode == .direct else {
            guard paymentMethod == nil else {
                throw DomainError(
                    code: .paymentMethodNotAllowed,
                    message: "payment_method and payment_method_data are only accepted in direct mode.", param: "payment_method")
            }
            return AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: types)
        }
        switch paymentMethod {
        case nil:
            throw DomainError(
                code: .paymentMethodRequired,
                message: "Direct mode needs payment_method (pm_...) or payment_method_data.", param: "payment_method")
        case .existing(let id)?:
            guard PaymentRules.isPaymentMethodID(id) else {
                throw DomainError(
                    code: .invalidPaymentMethod,
                    message: "payment_method must be a WooshPay payment method id (pm_...).", param: "payment_method")
            }
            return AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: types, paymentMethod: id)
        case .redirectMethod(let type)?:
            guard types.contains(type) else {
                throw DomainError(
                    code: .paymentMethodTypeNotAllowed,
                    message: "This shop does not accept \(type) payments.", param: "payment_method_data.type")
            }
            return AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: [type], paymentMethod: type)
        case .card(let card)?:
            guard settings.allowRawCardData else {
                throw DomainError(
                    code: .rawCardDataNotAllowed,
                    message: "Raw card numbers are not accepted; use hosted checkout, the SDK or a pm_... payment method.",
                    param: "payment_method_data.card")
            }
            try PaymentRules.validate(card)
            guard types.contains("card") else {
                throw DomainError(
                    code: .paymentMethodTypeNotAllowed,
                    message: "This shop does not accept card payments.", param: "payment_method_data.type")
            }
            return AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: ["card"], paymentMethod: "card", usesRawCard: true)
        }
    }
}
