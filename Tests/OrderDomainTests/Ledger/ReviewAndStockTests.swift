import Testing

@testable import OrderDomain

/// Review flags, stock after a lapsed hold, and what recording an attempt's update writes.
@Suite("Review flags, stock holds and attempt changes") struct ReviewAndStockTests {
    @Test(
        "a flag is written as its overwrite rule says",
        arguments: [
            (flagged: false, current: String?.none, overwrite: ReviewFlag.Overwrite.never, writes: true),
            (flagged: true, current: "x", overwrite: .never, writes: false),
            (flagged: true, current: "x", overwrite: .whenReasonDiffers, writes: true),
            (flagged: true, current: "reason", overwrite: .whenReasonDiffers, writes: false),
            (flagged: true, current: "reason", overwrite: .always, writes: true),
        ])
    func flags(flagged: Bool, current: String?, overwrite: ReviewFlag.Overwrite, writes: Bool) {
        let event = ReviewFlag.decide(flagged: flagged, current: current, reason: "reason", attemptID: "pay_1", overwrite: overwrite)
        #expect(event == (writes ? .orderNeedsReview(attemptID: "pay_1", reason: "reason") : nil))
    }

    @Test(
        "attempts that keep stock past the hold: open at WooshPay, or a hosted checkout still open",
        arguments: AttemptStatus.allCases)
    func keepsStock(status: AttemptStatus) {
        let always: [AttemptStatus] = [.pending, .requiresAction, .processing, .requiresCapture]
        #expect(StockHold.keepsStock(status, mode: .sdk) == always.contains(status))
        #expect(
            StockHold.keepsStock(status, mode: .checkout)
                == (always + [.requiresPaymentMethod, .requiresConfirmation]).contains(status))
    }

    @Test("a start after the hold lapsed retakes the stock or is refused with out_of_stock before WooshPay")
    func onStart() throws {
        #expect(try StockHold.onStart(retaken: true) == .orderStockReserved)
        #expect { _ = try StockHold.onStart(retaken: false) } throws: { ($0 as? DomainError)?.errorCode == .outOfStock }
    }

    @Test("money moving after the stock went back: retaken, or flagged paid_without_stock; never oversold")
    func afterMoneyMoved() {
        #expect(StockHold.afterMoneyMoved(retaken: true) == (true, .orderStockReserved))
        #expect(StockHold.afterMoneyMoved(retaken: false) == (false, .orderNeedsReview(attemptID: nil, reason: "paid_without_stock")))
        #expect(OrderStatus.allCases.filter(StockHold.moneyMoves) == [.processing, .authorized, .paid])
    }

    @Test("recording an update audits the status change, and a new review reason flags the order once")
    func attemptChange() {
        let open = Fixture.attempt(.requiresPaymentMethod)
        let paid = AttemptChange(open, learning: .paymentIntent(Fixture.intent(.succeeded, received: 3000)))
        #expect(paid.events == [.paymentChanged(attemptID: "pay_1", from: .requiresPaymentMethod, to: .succeeded, gatewayStatus: "succeeded")])
        #expect(paid.flagsOrder == nil)
        let wrong = AttemptChange(open, learning: .paymentIntent(Fixture.intent(.succeeded, amount: 2999)))
        let reason = "amount_mismatch: expected 3000 USD, WooshPay reports 2999 USD"
        #expect(wrong.flagsOrder == reason)
        #expect(wrong.events == [.orderNeedsReview(attemptID: "pay_1", reason: reason)])
        let again = AttemptChange(wrong.after, learning: .paymentIntent(Fixture.intent(.succeeded, amount: 2999)))
        #expect(again.events.isEmpty, "the same reason is not flagged twice")
        #expect(AttemptChange(open, learning: .outcomeUnknown(reason: "timeout")).events.isEmpty)
    }
}
