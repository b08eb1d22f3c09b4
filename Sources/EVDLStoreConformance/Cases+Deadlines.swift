import EVDLRuntime
import Foundation

/// The command the deadline cases schedule.
struct Ping: RoutedCommand {
    static let typeName = "Conformance.Ping"
    var number: Int
}

/// What the participant of `Ping` received: every send's idempotency key, in order. The first send of a key listed
/// in `hanging` is recorded and then never answered (until the sending task is cancelled): a scheduler that dies in
/// the middle of a send.
actor PingParticipant {
    private(set) var received: [String] = []
    private let hanging: Set<String>
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(hanging: Set<String> = []) {
        self.hanging = hanging
    }

    func receive(_ key: IdempotencyKey) async throws {
        let first = !received.contains(key.rawValue)
        received.append(key.rawValue)
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
        if first && hanging.contains(key.rawValue) { try await Task.sleep(for: .seconds(3600)) }
    }

    /// Returns once `count` sends arrived.
    func waitForSends(_ count: Int) async {
        while received.count < count { await withCheckedContinuation { waiters.append($0) } }
    }

    nonisolated var router: CommandRouter {
        get throws {
            try CommandRouter([
                .service(Ping.self, service: "Conformance") { _, envelope in
                    try await self.receive(envelope.idempotencyKey)
                    return NoResult()
                },
            ])
        }
    }
}

extension EventStoreConformance {
    static func deadline(_ number: Int, dueAt: Date) throws -> Deadline {
        Deadline(key: IdempotencyKey("conformance/deadline/\(number)"), dueAt: dueAt, commandType: Ping.typeName, command: try PayloadCodec.standard.encode(Ping(number: number)))
    }

    static let deadlineCases: [ConformanceCase] = [
        // Deadline claims rest on the store letting exactly one append at a stream's version through.
        ConformanceCase(name: "schedulers sharing the store claim and fire each due deadline once") { store, check in
            let participant = PingParticipant()
            let router = try participant.router
            let clock = ManualClock()
            let planner = DeadlineScheduler(store: store, router: router, clock: clock)
            for number in 0..<24 { try await planner.schedule(try deadline(number, dueAt: clock.now().addingTimeInterval(Double(60 + number % 3)))) }
            clock.advance(by: .seconds(120))
            let schedulers = (0..<4).map { DeadlineScheduler(store: store, router: router, clock: clock, instance: "scheduler-\($0)") }
            let fired = try await withThrowingTaskGroup(of: [DeadlineFiring].self) { group in
                for scheduler in schedulers { group.addTask { try await scheduler.fireDue() } }
                return try await group.reduce(into: [DeadlineFiring]()) { $0 += $1 }
            }
            let keys = (0..<24).map { "conformance/deadline/\($0)" }
            try check.equal(fired.map(\.key.rawValue).sorted(), keys.sorted(), "deadlines the four schedulers report fired")
            try check.equal(await participant.received.sorted(), keys.sorted(), "sends the participant received")
            for number in 0..<24 {
                let history = try await store.readStream(try deadline(number, dueAt: Date()).streamID, fromVersion: 1).map(\.typeName)
                try check.equal(history, ["$Deadline.Scheduled", "$Deadline.Claimed", "$Deadline.Fired"], "the stream of deadline \(number)")
            }
            for scheduler in schedulers { try check.equal(try await scheduler.fireDue().count, 0, "deadlines fired again") }
        },

        ConformanceCase(name: "a deadline whose claimer died mid-send is claimed again after the lease") { store, check in
            let participant = PingParticipant(hanging: ["conformance/deadline/1"])
            let router = try participant.router
            let clock = ManualClock()
            let dying = DeadlineScheduler(store: store, router: router, clock: clock, instance: "dying", claimLease: .seconds(30))
            let other = DeadlineScheduler(store: store, router: router, clock: clock, instance: "other", claimLease: .seconds(30))
            try await dying.schedule(try deadline(1, dueAt: clock.now().addingTimeInterval(10)))
            clock.advance(by: .seconds(11))
            let inFlight = Task { try await dying.fireDue() }
            await participant.waitForSends(1)
            inFlight.cancel()  // the claimer dies while its send is in flight: its claim stays
            _ = try? await inFlight.value
            try check.equal(try await other.fireDue().count, 0, "deadlines fired by another scheduler while the lease runs")
            clock.advance(by: .seconds(29))
            try check.equal(try await other.fireDue().count, 0, "deadlines fired by another scheduler 1 s before the lease ends")
            clock.advance(by: .seconds(2))
            try check.equal(try await other.fireDue().map(\.key.rawValue), ["conformance/deadline/1"], "deadlines fired after the lease")
            try check.equal(await participant.received, ["conformance/deadline/1", "conformance/deadline/1"], "sends (the second one under the same key)")
            let history = try await store.readStream(try deadline(1, dueAt: Date()).streamID, fromVersion: 1)
            try check.equal(history.map(\.typeName), ["$Deadline.Scheduled", "$Deadline.Claimed", "$Deadline.Claimed", "$Deadline.Fired"], "the deadline's stream")
            try check.equal(history.compactMap { $0.metadata["claimedBy"] }, ["dying", "other"], "who claimed it")
            try check.equal(try await dying.pendingDeadlines().count, 0, "deadlines the first scheduler still sees pending")
        },
    ]
}
