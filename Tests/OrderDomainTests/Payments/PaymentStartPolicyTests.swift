import Testing

@testable import OrderDomain

/// The rules that keep one order from being charged twice, decided before any write.
@Suite("Whether a payment may start on an order") struct PaymentStartPolicyTests {
    static let now: Int64 = 1_000

    /// `create`, `reuse <attempt id>` or the refusal's code.
    static func outcome(
        _ order: Order, _ attempts: [PaymentAttempt], mode: PaymentMode = .sdk,
        maxFailures: Int = .max
    ) -> String {
        do {
            switch try PaymentStartPolicy.decide(order: order, attempts: attempts, mode: mode, now: now, maxFailures: maxFailures) {
            case .create: return "create"
            case .reuse(let attempt): return "reuse \(attempt.id)"
            }
        } catch {
            return error.code
        }
    }

    /// Why starting on `order` (no attempts yet) is refused, if it is.
    static func refusal(_ order: Order, maxFailures: Int = .max) -> DomainError? {
        do {
            _ = try PaymentStartPolicy.decide(order: order, attempts: [], mode: .sdk, now: now, maxFailures: maxFailures)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "refuses an order that is paid, authorised, closed or busy in another mode",
        arguments: [
            (OrderStatus.paid, [AttemptStatus](), "order_already_paid"),
            (.partiallyRefunded, [], "order_already_paid"), (.refunded, [], "order_already_paid"),
            (.awaitingPayment, [.failed, .succeeded], "order_already_paid"),
            (.authorized, [], "payment_already_authorized"), (.awaitingPayment, [.requiresCapture], "payment_already_authorized"),
            (.canceled, [], "order_not_payable"), (.expired, [], "order_not_payable"),
            (.canceled, [.succeeded], "order_already_paid"), (.expired, [.requiresCapture], "payment_already_authorized"),
            (.processing, [.processing], "payment_in_progress"),
        ])
    func refusals(_ status: OrderStatus, _ checkoutAttempts: [AttemptStatus], _ code: String) {
        #expect(Self.outcome(Fixture.order(status), Fixture.attempts(checkoutAttempts, mode: .checkout)) == code)
    }

    @Test(
        "an order past its expiry is not payable, whatever its status says",
        arguments: [
            (Int64(999), "order_not_payable"), (1_000, "order_not_payable"), (1_001, "create"),
        ])
    func expiry(_ expiresAt: Int64, _ outcome: String) {
        #expect(Self.outcome(Fixture.order(expiresAt: expiresAt), []) == outcome)
    }

    @Test(
        "says whether the order is canceled or expired",
        arguments: [
            (Fixture.order(.canceled), "canceled"), (Fixture.order(.expired), "expired"), (Fixture.order(expiresAt: 1), "expired"),
        ])
    func notPayableSaysWhy(_ order: Order, _ word: String) {
        #expect(Self.refusal(order)?.message.contains(word) == true)
    }

    @Test(
        "takes no more starts once the order had its share of declines",
        arguments: [
            (0, 5, "create"), (4, 5, "create"), (5, 5, "too_many_attempts"), (6, 5, "too_many_attempts"),
            (0, 0, "too_many_attempts"), (1_000_000, Int.max, "create"),
        ])
    func theFailureCap(_ failures: Int, _ maxFailures: Int, _ outcome: String) {
        #expect(Self.outcome(Fixture.order(failures: failures), [], maxFailures: maxFailures) == outcome)
    }

    @Test("the failure cap answers 429 with an hour to wait, and never hides that an order is paid")
    func theCapsRefusal() {
        let refusal = Self.refusal(Fixture.order(failures: 9), maxFailures: 5)
        #expect(refusal?.kind == .tooManyRequests)
        #expect(refusal?.retryAfterSeconds == 3600)
        #expect(Self.refusal(Fixture.order(.paid, failures: 9), maxFailures: 5)?.code == "order_already_paid")
    }

    @Test("continues the latest open attempt of the same mode", arguments: Fixture.openStatuses.filter { $0 != .requiresCapture })
    func reusesTheOpenAttempt(_ status: AttemptStatus) {
        let attempts = Fixture.attempts([.requiresAction, status])
        #expect(Self.outcome(Fixture.order(), attempts) == "reuse pay_1")
    }

    @Test(
        "creates an attempt beside closed ones, and beside another mode's that holds no money",
        arguments: AttemptStatus.allCases.filter { !$0.holdsMoney })
    func createsBesideAttemptsThatHoldNoMoney(_ status: AttemptStatus) {
        #expect(Self.outcome(Fixture.order(), Fixture.attempts([status], mode: .checkout), mode: .sdk) == "create")
        if !status.isOpen {
            #expect(Self.outcome(Fixture.order(), Fixture.attempts([status]), mode: .sdk) == "create")
        }
    }
}
