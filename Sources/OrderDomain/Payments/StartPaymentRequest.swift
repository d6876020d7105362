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
        try checked(settings: settings).draft
    }

    /// The attempt to create and the request as it is to be sent: its method's details
    /// normalised by `PaymentMethodCatalog.validate` (a country code upper-cased).
    public func checked(settings: PaymentSettings) throws(DomainError) -> (draft: AttemptDraft, request: StartPaymentRequest) {
        var (draft, method) = try shape(settings: settings)
        draft.requestKey = requestKey
        var request = self
        request.paymentMethod = method
        return (draft, request)
    }

    private func shape(settings: PaymentSettings) throws(DomainError) -> (AttemptDraft, GatewayPaymentMethodInput?) {
        let capture = try capture(settings: settings)
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
        if mode == .sdk {
            // The widget is documented only in outline: offer it what it is known to take.
            let sdkTypes = types.filter { PaymentMethodCatalog.spec(for: $0).flows.contains(.sdk) }
            guard !sdkTypes.isEmpty, paymentMethodTypes == nil || sdkTypes == types else {
                throw DomainError(
                    code: .paymentMethodTypeNotAllowed,
                    message: "The sdk flow takes card payments only; pay other methods with mode checkout or direct.",
                    param: "payment_method_types")
            }
            types = sdkTypes
        }
        guard mode == .direct else {
            guard paymentMethod == nil else {
                throw DomainError(
                    code: .paymentMethodNotAllowed,
                    message: "payment_method and payment_method_data are only accepted in direct mode.", param: "payment_method")
            }
            var draft = AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: types)
            draft.typesRequested = paymentMethodTypes != nil
            return (draft, nil)
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
            return (AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: types, paymentMethod: id), paymentMethod)
        case .redirectMethod(let type, let details)?:
            guard types.contains(type) else {
                throw DomainError(
                    code: .paymentMethodTypeNotAllowed,
                    message: "This shop does not accept \(type) payments.", param: "payment_method_data.type")
            }
            let checked = try PaymentMethodCatalog.validate(type: type, details: details)
            var draft = AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: [type], paymentMethod: type)
            draft.detailsWithheld = !checked.isEmpty
            return (draft, .redirectMethod(type: type, details: checked))
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
            let draft = AttemptDraft(mode: mode, captureMethod: capture, paymentMethodTypes: ["card"], paymentMethod: "card", usesRawCard: true)
            return (draft, paymentMethod)
        }
    }

    /// The capture method for the flow. WooshPay documents manual capture only on payment
    /// intents (`capture_method`), not on checkout sessions: a hosted checkout is captured
    /// at once, and asking it for manual capture is refused rather than silently ignored.
    private func capture(settings: PaymentSettings) throws(DomainError) -> CaptureMethod {
        guard mode == .checkout else { return captureMethod ?? settings.defaultCaptureMethod }
        guard captureMethod != .manual, settings.allowedCaptureMethods.contains(.automatic) else {
            throw DomainError(
                code: .captureMethodNotAllowed,
                message: "WooshPay documents manual capture for payment intents only; use mode sdk or direct to authorise and capture later.",
                param: "capture_method")
        }
        return .automatic
    }
}
