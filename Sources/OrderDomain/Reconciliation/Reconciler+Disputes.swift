extension Reconciler {
    /// Lists WooshPay's disputes created in the window and records each one we lack or
    /// hold differently, after a fresh read (the list may be older than a webhook applied
    /// meanwhile). A listing WooshPay refuses leaves the report needing attention; the
    /// intents' repairs stand.
    func reconcileDisputes(
        since: Int64, until: Int64?, maxResults: Int, cause: SyncCause, into report: inout ReconciliationReport
    )
        async throws
    {
        guard let (store, gateway) = disputes else { return }
        let list: DisputeList
        do {
            list = try await gateway.listDisputes(
                DisputeListQuery(
                    createdFrom: GatewayTimestamp(epochMilliseconds: since),
                    createdBefore: until.map(GatewayTimestamp.init(epochMilliseconds:)), maxResults: maxResults))
        } catch {
            report.disputeListFailed = true
            return
        }
        report.disputesChecked = list.disputes.count
        report.truncated = report.truncated || list.isTruncated
        for listed in list.disputes {
            let ours = try await store.dispute(id: listed.id)
            guard let kind = Self.difference(ours, listed) else { continue }
            let fresh: DisputeSnapshot
            do {
                fresh = try await gateway.retrieveDispute(id: listed.id)
            } catch {
                report.findings.append(
                    ReconciliationFinding(
                        kind: kind, action: .failed, dispute: listed, ours: ours,
                        detail: "WooshPay did not answer a re-read of the dispute; run again"))
                continue
            }
            guard let recorded = try await store.record(fresh, cause: cause) else {
                report.findings.append(
                    ReconciliationFinding(
                        kind: .unknownDispute, action: .reported, dispute: fresh, ours: nil,
                        detail: "no payment of ours holds \(fresh.paymentIntentID ?? "its payment")"))
                continue
            }
            let detail =
                ours.map { "was \($0.status.rawValue) \($0.amount), WooshPay says \(fresh.gatewayStatus) \(fresh.amount)" }
                ?? "recorded \(recorded.status.rawValue), \(recorded.amount) \(recorded.currency)"
            report.findings.append(ReconciliationFinding(kind: kind, action: .repaired, dispute: fresh, ours: recorded, detail: detail))
        }
    }

    /// What differs between our record of a dispute and WooshPay's, judged by the rules
    /// that record it: `nil` when recording `listed` would change nothing we act on.
    static func difference(_ ours: Dispute?, _ listed: DisputeSnapshot) -> ReconciliationFinding.Kind? {
        guard let ours else { return .disputeMissing }
        let (after, events) = DisputeRules.apply(
            ours, snapshot: listed, orderID: ours.orderID, attemptID: ours.attemptID, fallbackCurrency: ours.currency)
        return events.isEmpty && after.amount == ours.amount ? nil : .disputeDiffers
    }
}
