extension Reconciler {
    /// What differs between our attempt and WooshPay's intent (pure).
    static func differences(_ attempt: PaymentAttempt, _ intent: PaymentIntentSnapshot) -> [ReconciliationFinding.Kind] {
        var kinds = [ReconciliationFinding.Kind]()
        if attempt.paymentIntentID != intent.id { kinds.append(.notLinked) }
        // An unknown WooshPay status maps to nothing, so it cannot be said to differ.
        if let mapped = AttemptStatus(intent.status), !agrees(attempt.status, mapped) { kinds.append(.stateDiffers) }
        if intent.amount != attempt.amount.amount { kinds.append(.amountDiffers) }
        if intent.currency.uppercased() != attempt.amount.currency.code { kinds.append(.currencyDiffers) }
        return kinds
    }

    /// Whether our status says what WooshPay's does. An expired checkout's intent is
    /// canceled at WooshPay: the same fact in the session's words.
    static func agrees(_ ours: AttemptStatus, _ theirs: AttemptStatus) -> Bool {
        ours == theirs || (ours == .expired && theirs == .canceled)
    }

    /// Records the intent through the one sync path and says, per difference, what became
    /// of it. Money differences are flagged (the record path flags an open attempt itself;
    /// a closed one is flagged here); a state that still differs where WooshPay holds money
    /// is flagged too; anything else left is reported.
    func resolve(
        _ kinds: [ReconciliationFinding.Kind], attempt: PaymentAttempt, intent: PaymentIntentSnapshot,
        cause: SyncCause
    ) async throws -> [ReconciliationFinding] {
        let after: PaymentAttempt
        do {
            after = try await store.record(.paymentIntent(intent), attemptID: attempt.id, cause: cause)
            // A succeeded payment goes through the full sync too: a second successful
            // payment of the order is refunded as a duplicate, as any sync would.
            if after.status == .succeeded { try await synchronizer.sync(attemptID: after.id, cause: cause) }
        } catch {
            return kinds.map {
                ReconciliationFinding(
                    kind: $0, action: .failed, intent: intent, attempt: attempt,
                    detail: Self.describe($0, attempt, intent) + "; the repair failed, run again")
            }
        }
        let remaining = Self.differences(after, intent)
        let findings = kinds.map { kind in
            ReconciliationFinding(
                kind: kind, action: Self.action(kind, remaining: remaining, intent: intent), intent: intent,
                attempt: attempt, detail: Self.describe(kind, attempt, intent))
        }
        let flagged = findings.filter { $0.action == .flagged }
        if !flagged.isEmpty, after.reviewReason == nil {
            let reason = "reconcile: " + flagged.map(\.detail).joined(separator: "; ")
            try await reviews.flagForReview(attemptID: attempt.id, reason: reason, cause: cause)
        }
        try await reviews.appendEvent(
            orderID: attempt.orderID,
            .paymentReconciled(
                attemptID: attempt.id, paymentIntentID: intent.id,
                findings: findings.map { "\($0.kind.rawValue):\($0.action.rawValue)" }.joined(separator: ",")), cause: cause)
        return findings
    }

    /// What became of `kind` once the intent was recorded and `remaining` still differ.
    static func action(
        _ kind: ReconciliationFinding.Kind, remaining: [ReconciliationFinding.Kind],
        intent: PaymentIntentSnapshot
    ) -> ReconciliationFinding.Action {
        if kind == .amountDiffers || kind == .currencyDiffers { return .flagged }
        if !remaining.contains(kind) { return .repaired }
        // Still different: a person must decide when money is (or may be) taken, or when
        // the money itself differs; an open intent against a closed attempt is only told.
        let holdsMoney = AttemptStatus(intent.status)?.holdsMoney ?? true
        let moneyDiffers = remaining.contains(.amountDiffers) || remaining.contains(.currencyDiffers)
        return holdsMoney || moneyDiffers ? .flagged : .reported
    }

    /// One line on a difference, for the report and the review reason.
    static func describe(_ kind: ReconciliationFinding.Kind, _ attempt: PaymentAttempt, _ intent: PaymentIntentSnapshot) -> String {
        switch kind {
        case .unknownPayment: "no attempt of ours holds this intent (\(describe(intent)))"
        case .notLinked: "\(attempt.id) named by the intent's metadata did not record \(intent.id)"
        case .stateDiffers: "\(attempt.id) was \(attempt.status.rawValue), WooshPay says \(intent.gatewayStatus)"
        case .disputeMissing, .disputeDiffers, .unknownDispute: "dispute on \(intent.id)"
        case .amountDiffers, .currencyDiffers:
            "\(attempt.id) asks \(attempt.amount.amount) \(attempt.amount.currency.code), "
                + "WooshPay's \(intent.id) is \(intent.amount) \(intent.currency.uppercased())"
        }
    }

    /// An intent in a few words: status and amount.
    static func describe(_ intent: PaymentIntentSnapshot) -> String {
        "\(intent.gatewayStatus), \(intent.amount) \(intent.currency.uppercased())"
    }
}
