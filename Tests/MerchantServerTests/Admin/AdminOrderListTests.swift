import Foundation
import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// `GET /v1/admin/orders`: filters and cursor pages over 25 orders placed through the API.
@Suite("Admin: order list") struct AdminOrderListTests {
    /// 25 orders through the API, then spread in time by SQL from a whole-second `base` (a
    /// day ago): order i (1-based) is created i minutes after it, except that orders 10-12
    /// share one timestamp (ties must be ordered by id). Every fifth order is the VIP
    /// customer's (e-mail in mixed case), every fourth paid, every seventh expired, orders
    /// 3, 11 and 19 flagged for review. Returns the ids by i and `base` in epoch seconds.
    static func seed(_ h: PaymentHarness) async throws -> (ids: [String], base: Int64) {
        try await h.seedProduct("MUG")
        var ids = [String]()
        for i in 1...25 {
            let email = i % 5 == 0 ? "Vip.Customer@Example.com" : "shopper\(i)@example.com"
            let answer = try await h.send(
                .POST, "/v1/orders",
                #"{"currency":"USD","items":[{"sku":"MUG","quantity":1}],"customer":{"email":"\#(email)"}}"#)
            ids.append(try #require(answer.string("id"), "\(answer.text)"))
        }
        let base = Int64(try await h.scalar("extract(epoch FROM date_trunc('second', now()) - interval '1 day')::bigint")) ?? 0
        for (index, id) in ids.enumerated() {
            let i = index + 1
            let minute = (10...12).contains(i) ? 10 : i
            try await h.exec("UPDATE orders SET created_at = to_timestamp($2::bigint + $3::int * 60) WHERE id = $1", [id, "\(base)", "\(minute)"])
            let status = i % 4 == 0 ? "paid" : i % 7 == 0 ? "expired" : "awaiting_payment"
            try await h.exec("UPDATE orders SET status = $2 WHERE id = $1", [id, status])
            if [3, 11, 19].contains(i) {
                try await h.exec("UPDATE orders SET needs_review = true, review_reason = 'amount_mismatch: test' WHERE id = $1", [id])
            }
        }
        return (ids, base)
    }

    /// Every page of `filter` with `limit`, following `starting_after`; the ids in order and
    /// each page's `has_more`.
    static func walk(_ h: PaymentHarness, key: String, filter: String, limit: Int) async throws -> (ids: [String], hasMore: [Bool]) {
        var ids = [String]()
        var hasMore = [Bool]()
        var cursor: String?
        repeat {
            let query = filter + "&limit=\(limit)" + (cursor.map { "&starting_after=\($0)" } ?? "")
            let answer = try await h.admin(.GET, "/orders?" + query, key: key)
            #expect(answer.status == 200, "\(answer.text)")
            let page = PaymentHarness.ids(answer)
            ids += page
            hasMore.append(answer.json["has_more"] as? Bool ?? false)
            cursor = hasMore.last == true ? page.last : nil
            #expect(hasMore.count < 30, "pagination does not end")
        } while cursor != nil && hasMore.count < 30
        return (ids, hasMore)
    }

    @Test func pagesWalkEveryOrderNewestFirstWithoutGapsOrDuplicates() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let (ids, _) = try await Self.seed(h)
            let (listed, hasMore) = try await Self.walk(h, key: key, filter: "", limit: 7)
            #expect(listed.count == 25)
            #expect(Set(listed).count == 25, "no order listed twice")
            #expect(Set(listed) == Set(ids), "every order listed")
            #expect(hasMore == [true, true, true, false])
            // Newest first: order 25 is the newest; 10-12 share a timestamp and come by id, descending.
            let byMinute = (1...25).reversed().filter { !(10...12).contains($0) || $0 == 12 }
            var expected = [String]()
            for i in byMinute {
                if i == 12 { expected += [ids[9], ids[10], ids[11]].sorted(by: >) } else { expected.append(ids[i - 1]) }
            }
            #expect(listed == expected)
            // A page boundary inside the tie (limit 14 ends on the first of the three) loses nothing.
            let (tied, _) = try await Self.walk(h, key: key, filter: "", limit: 14)
            #expect(tied == expected)
            // A last page exactly full still says there is nothing more.
            let (fives, fiveMore) = try await Self.walk(h, key: key, filter: "", limit: 5)
            #expect(fives == expected)
            #expect(fiveMore == [true, true, true, true, false])
            let first = try await h.admin(.GET, "/orders", key: key)
            #expect(PaymentHarness.ids(first) == Array(expected.prefix(20)), "default limit 20")
            #expect(first.json["has_more"] as? Bool == true)
            #expect(PaymentHarness.data(first).first?["object"] as? String == "order")
        }
    }

    @Test func eachFilterSelectsExactlyItsOrders() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            let (ids, base) = try await Self.seed(h)
            func listed(_ filter: String, limit: Int = 3) async throws -> Set<String> {
                let (all, _) = try await Self.walk(h, key: key, filter: filter, limit: limit)
                #expect(all.count == Set(all).count, "\(filter): no duplicates across pages")
                return Set(all)
            }
            func orders(_ numbers: some Sequence<Int>) -> Set<String> { Set(numbers.map { ids[$0 - 1] }) }

            #expect(try await listed("status=paid") == orders(stride(from: 4, through: 25, by: 4)))
            #expect(try await listed("status=expired") == orders([7, 14, 21]))
            #expect(try await listed("status=refunded").isEmpty)
            #expect(try await listed("email=vip.customer@EXAMPLE.com") == orders([5, 10, 15, 20, 25]), "case-insensitive")
            #expect(try await listed("email=vip.customer@example.co").isEmpty, "exact, not a prefix")
            #expect(try await listed("needs_review=true") == orders([3, 11, 19]))
            #expect(try await listed("needs_review=false") == orders((1...25).filter { ![3, 11, 19].contains($0) }))
            // From inclusive, to exclusive: minutes 5 to 14 (10-12 share minute 10).
            let from = base + 5 * 60
            let to = base + 15 * 60
            #expect(try await listed("created_from=\(from)&created_to=\(to)") == orders(5...14))
            let rfcFrom = Self.rfc3339(from, offsetMinutes: 0)
            let rfcTo = Self.rfc3339(to, offsetMinutes: 120)
            #expect(try await listed("created_from=\(rfcFrom)&created_to=\(rfcTo)") == orders(5...14), "\(rfcFrom) \(rfcTo)")
            #expect(try await listed("created_from=\(base + 20 * 60)") == orders(20...25))
            #expect(try await listed("created_to=\(base + 2 * 60)") == orders([1]))
            #expect(try await listed("status=paid&email=VIP.customer@example.com&created_from=\(base + 12 * 60)") == orders([20]))
        }
    }

    @Test func malformedParametersAre400WithAStableCode() async throws {
        try await PaymentHarness.with { h in
            let key = try await h.adminKey()
            _ = try await Self.seed(h)
            let cases: [(String, String, String)] = [
                ("status=bogus", "invalid_status", "status"), ("status=", "invalid_status", "status"),
                ("limit=0", "invalid_limit", "limit"), ("limit=101", "invalid_limit", "limit"), ("limit=ten", "invalid_limit", "limit"),
                ("created_from=yesterday", "invalid_time", "created_from"),
                ("created_to=2025-02-30T00:00:00Z", "invalid_time", "created_to"),
                ("created_from=2025-11-25T10:00:00", "invalid_time", "created_from"),
                ("created_from=200&created_to=100", "invalid_time_range", "created_to"),
                ("needs_review=yes", "invalid_parameter", "needs_review"), ("email=", "invalid_parameter", "email"),
                ("stauts=paid", "unknown_parameter", "stauts"), ("limit=5&limit=6", "invalid_parameter", "limit"),
                ("starting_after=ord_nope", "invalid_cursor", "starting_after"),
            ]
            for (query, code, param) in cases {
                let answer = try await h.admin(.GET, "/orders?" + query, key: key)
                #expect(answer.status == 400, "\(query): \(answer.text)")
                #expect(answer.errorCode == code, "\(query): \(answer.text)")
                #expect((answer.json["error"] as? [String: Any])?["param"] as? String == param, "\(query)")
            }
        }
    }

    /// `epoch` as RFC 3339 in a zone `offsetMinutes` east of UTC (the same instant).
    static func rfc3339(_ epoch: Int64, offsetMinutes: Int) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: offsetMinutes * 60)
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss"
        let sign = offsetMinutes < 0 ? "-" : "+"
        let zone = offsetMinutes == 0 ? "Z" : String(format: "%@%02d:%02d", sign, abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
        // "+" must be percent-encoded in a query string.
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch))) + zone.replacingOccurrences(of: "+", with: "%2B")
    }
}
