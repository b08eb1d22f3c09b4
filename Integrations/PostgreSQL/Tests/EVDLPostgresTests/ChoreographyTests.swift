import EVDLPostgres
import EVDLRuntime
import Foundation
import Synchronization
import Testing

// A small saga, a policy and their participants, to run the runtime's orchestrator, policy runner and deadline
// scheduler on PostgreSQL (they keep their state in the event store and a checkpoint store).

struct Reserve: RoutedCommand { static let typeName = "Stock.Reserve"; var orderId: UUID }
struct Release: RoutedCommand { static let typeName = "Stock.Release"; var orderId: UUID }
struct ChargeResult: Sendable, Codable, Equatable { var transactionId: String }
struct Charge: RoutedCommand { typealias Result = ChargeResult; static let typeName = "Pay.Charge"; var orderId: UUID }
struct Remind: RoutedCommand { static let typeName = "Mail.Remind"; var orderId: UUID }

enum Purchase: SagaDefinition {
    static let name = "Purchase"
    struct Input: Sendable, Codable, Equatable { var orderId: UUID }
    struct Results: SagaResults { var charge: ChargeResult?; init() {} }
    static let steps: [SagaStep<Purchase>] = [
        SagaStep("reserve", invoke: { input, _ in Reserve(orderId: input.orderId) }, compensate: .command { input, _ in Release(orderId: input.orderId) }),
        SagaStep("charge", invoke: { input, _ in Charge(orderId: input.orderId) }, as: { results, result in results.charge = result }),
    ]
}

/// `on Order.Placed after 30m send Mail.Remind`, and a `now` send of the same command type on `Order.Noted`.
enum RemindLater: EventPolicy {
    static let name = "RemindLater"
    static let handledEventTypes: Set<String> = ["Order.Placed", "Order.Noted"]
    struct Body: Codable { var orderId: UUID }
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let body = try codec.decode(Body.self, from: recorded.payload)
        return recorded.typeName == "Order.Placed" ? [.after(.seconds(1800), Remind(orderId: body.orderId))] : [.now(Remind(orderId: body.orderId))]
    }
}

/// Participants that apply each idempotency key once and count every delivery; `charge` can be held.
final class Participants: Sendable {
    private let state = Mutex<(applied: [String: Int], deliveries: Int, holdCharges: Bool)>(([:], 0, false))

    func hold(_ hold: Bool) { state.withLock { $0.holdCharges = hold } }
    var applied: [String: Int] { state.withLock { $0.applied } }
    var deliveries: Int { state.withLock { $0.deliveries } }

    private func apply(_ name: String, _ envelope: CommandEnvelope) {
        state.withLock { state in
            state.deliveries += 1
            if state.applied["\(name) \(envelope.idempotencyKey.rawValue)"] == nil { state.applied["\(name) \(envelope.idempotencyKey.rawValue)"] = 1 }
        }
    }

    var router: CommandRouter {
        get throws {
            try CommandRouter([
                .service(Reserve.self, service: "Stock") { _, envelope in self.apply("reserve", envelope); return NoResult() },
                .service(Release.self, service: "Stock") { _, envelope in self.apply("release", envelope); return NoResult() },
                .service(Charge.self, service: "Pay") { _, envelope in
                    while self.state.withLock({ $0.holdCharges }) { try await Task.sleep(for: .milliseconds(10)) }
                    self.apply("charge", envelope)
                    return ChargeResult(transactionId: "tx-1")
                },
                .service(Remind.self, service: "Mail") { _, envelope in self.apply("remind", envelope); return NoResult() },
            ])
        }
    }
}

@Suite struct ChoreographyTests {
    @Test func aSagaStoppedMidwayIsResumedByAnotherOrchestratorFromItsHistory() async throws {
        try await TestDatabase.withStore { store in
            let participants = Participants()
            participants.hold(true)
            let first = SagaOrchestrator<Purchase>(store: store, router: try participants.router)
            let id = try await first.start(Purchase.Input(orderId: UUID()))
            let deadline = ContinuousClock.now + .seconds(10)
            // Wait until the reserve step is recorded and the charge is in flight (held).
            while try await first.status(of: id)?.completedSteps != ["reserve"] && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            await first.stop()  // the process goes away while the charge is in flight
            participants.hold(false)
            #expect(try await first.status(of: id)?.completedSteps == ["reserve"])
            // Another process: a new store object over the same database, a new orchestrator.
            let other = PostgresEventStore(client: store.client, schema: store.schema)
            let second = SagaOrchestrator<Purchase>(store: other, router: try participants.router)
            #expect(try await second.resumeUnfinished() == [id])
            await second.waitUntilIdle()
            let status = try await second.status(of: id)
            #expect(status?.outcome == .completed)
            #expect(status?.completedSteps == ["reserve", "charge"])
            #expect(participants.applied.keys.sorted().map { $0.split(separator: " ")[0] } == ["charge", "reserve"])
            other.close()
        }
    }

    @Test func policiesCheckpointInPostgresAndDeadlinesFireOnceAfterARestart() async throws {
        try await TestDatabase.withStore { store in
            let participants = Participants()
            let router = try participants.router
            let clock = ManualClock()
            let checkpoints = PostgresReadModelStore(client: store.client, schema: store.schema)
            let orderID = UUID()
            let scheduler = DeadlineScheduler(store: store, router: router, clock: clock)
            let policies = PolicyRunner(store: store, router: router, checkpoints: checkpoints, policies: [RemindLater.self], deadlines: scheduler, clock: clock)
            try await store.append([NewEvent(typeName: "Order.Placed", payload: try PayloadCodec.standard.encode(RemindLater.Body(orderId: orderID)))], to: "Order-1", expectedVersion: .noStream)
            try await store.append([NewEvent(typeName: "Order.Noted", payload: try PayloadCodec.standard.encode(RemindLater.Body(orderId: orderID)))], to: "Order-1", expectedVersion: .any)
            // The policy scheduled the deadline as an event of its own (position 3), which the runner read too.
            let processed = try await policies.catchUp()
            #expect(processed == 3)
            #expect(try await store.headPosition() == 3)
            #expect(try await checkpoints.checkpoint(for: "policy:policies") == 3)
            #expect(participants.applied.count == 1)  // the `now` send; the reminder waits 30 minutes
            // A restart: new schedulers over the same database, the clock past the deadline, two instances at once.
            clock.advance(by: .seconds(1801))
            let instances = (0..<2).map { _ in DeadlineScheduler(store: PostgresEventStore(client: store.client, schema: store.schema), router: router, clock: clock) }
            let fired = try await withThrowingTaskGroup(of: Int.self) { group in
                for instance in instances { group.addTask { try await instance.fireDue().count } }
                return try await group.reduce(0, +)
            }
            #expect(fired == 1)  // one of the two claimed it
            #expect(participants.applied.count == 2)  // the reminder applied once by its key
            #expect(try await instances[0].pendingDeadlines().isEmpty)
            let marks = try await store.readAll(fromPosition: 1, limit: 100).filter { $0.typeName == "$Deadline.Fired" }
            #expect(marks.count == 1)
        }
    }
}
