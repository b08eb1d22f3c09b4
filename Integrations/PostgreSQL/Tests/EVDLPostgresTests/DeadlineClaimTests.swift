import EVDLPostgres
import EVDLRuntime
import Foundation
import Testing

/// Deadlines claimed by exactly one scheduler: scheduler processes (`evdl-pg-worker deadlines`) racing on one
/// database, one of them killed after its claim, in the middle of its send.
@Suite struct DeadlineClaimTests {
    func deadline(_ key: String, dueAt: Date) -> Deadline {
        Deadline(key: IdempotencyKey(key), dueAt: dueAt, commandType: "Test.Ping", command: Data(#"{"number":0}"#.utf8))
    }

    @Test func twoSchedulerProcessesSendEveryDueDeadlineOnceAndRetakeTheClaimOfOneKilledMidSend() async throws {
        let (client, schema) = try await TestDatabase.freshSchema()
        let store = PostgresEventStore(client: client, schema: schema)
        let planner = DeadlineScheduler(store: store, router: try CommandRouter([]), instance: "planner")

        // A scheduler process claims a due deadline and is killed while it sends it; its lease is 2 s.
        try await planner.schedule(deadline("claims/killed", dueAt: Date()))
        let killed = try Worker("deadlines", schema.name, "killed", "2000", "hang")
        try await killed.wait { $0.contains("sending claims/killed") }
        killed.killNow()
        _ = try await killed.exit()

        // 300 deadlines due at one moment, and two scheduler processes (leases of 10 s) racing for each of them.
        let due = Date().addingTimeInterval(4)
        let keys = (0..<300).map { "claims/\($0)" }
        for key in keys { try await planner.schedule(deadline(key, dueAt: due)) }
        let schedulers = try ["a", "b"].map { try Worker("deadlines", schema.name, $0, "10000") }
        for scheduler in schedulers { #expect(try await scheduler.exit() == 0) }

        let sent = schedulers.map { $0.lines.filter { $0.hasPrefix("sent ") }.map { String($0.dropFirst(5)) } }
        #expect((sent[0] + sent[1]).sorted() == (keys + ["claims/killed"]).sorted(), "every deadline sent once in all (a sent \(sent[0].count), b \(sent[1].count))")
        #expect(!sent[0].isEmpty && !sent[1].isEmpty, "both processes fired deadlines (a sent \(sent[0].count), b \(sent[1].count))")
        for key in keys + ["claims/killed"] {
            let history = try await store.readStream(deadline(key, dueAt: due).streamID, fromVersion: 1)
            let claims = key == "claims/killed" ? 2 : 1  // the killed process's claim, then the one that fired it
            #expect(history.map(\.typeName) == ["$Deadline.Scheduled"] + Array(repeating: "$Deadline.Claimed", count: claims) + ["$Deadline.Fired"], "the stream of \(key)")
            let claimers = history.compactMap { $0.metadata["claimedBy"] }
            let expected = key == "claims/killed" ? ["killed", sent[0].contains(key) ? "a" : "b"] : [sent[0].contains(key) ? "a" : "b"]
            #expect(claimers == expected, "who claimed \(key): the process that sent it, after the killed one's lease")
        }
        store.close()
        try await schema.drop(client)
    }
}
