import OrderDomain
import PostgresStore
import TestSupport
import Testing

/// The inbox stores deliveries that arrive together in one INSERT (group commit); each
/// caller still learns whether its own event was new, and a failed batch stores nothing.
@Suite("Webhook inbox: group commit")
struct InboxGroupCommitTests {
    static func event(_ id: String, body: String = "{}") -> InboxedWebhook {
        InboxedWebhook(eventID: id, type: "payment_intent.succeeded", objectID: "pi_\(id)", syncTarget: .payment(objectID: "pi_\(id)"), rawBody: body)
    }

    @Test func concurrentDeliveriesAreEachStoredOnceAndEachCallerLearnsItsOwnAnswer() async throws {
        try await TestDatabase.with(poolSize: 4) { pool, _ in
            let inbox = PostgresWebhookInbox(pool: pool, maxWriters: 1)
            // 40 events, each delivered 3 times at once: 120 concurrent stores.
            let answers = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for copy in 0..<3 {
                    for n in 0..<40 {
                        group.addTask { ("evt_\(n)", try await inbox.store(Self.event("evt_\(n)", body: "{\"copy\":\(copy)}"))) }
                    }
                }
                return try await group.reduce(into: [(String, Bool)]()) { $0.append($1) }
            }
            #expect(answers.count == 120)
            let newByID = Dictionary(grouping: answers.filter(\.1), by: \.0)
            #expect(newByID.count == 40, "every event was new to exactly one caller")
            #expect(newByID.values.allSatisfy { $0.count == 1 })
            let stored = try await pool.withConnection { try $0.query("SELECT count(*) AS n FROM webhook_events").first?.decode("n", as: Int.self) }
            #expect(stored == 40)
            // A later repeat is a duplicate.
            #expect(try await inbox.store(Self.event("evt_7")) == false)
        }
    }

    @Test func aFailedBatchFailsItsCallersAndStoresNothingThenTheInboxGoesOn() async throws {
        try await TestDatabase.with(poolSize: 2) { pool, _ in
            let inbox = PostgresWebhookInbox(pool: pool, maxWriters: 1)
            try await pool.withConnection { try $0.execute("ALTER TABLE webhook_events ADD CONSTRAINT refuse_bad CHECK (event_id <> 'evt_bad')") }
            await #expect(throws: PostgresError.self) { try await inbox.store(Self.event("evt_bad")) }
            #expect(try await inbox.store(Self.event("evt_good")) == true)
            let ids = try await pool.withConnection {
                try $0.query("SELECT event_id FROM webhook_events").map { try $0.decode("event_id", as: String.self) }
            }
            #expect(ids == ["evt_good"])
        }
    }
}
