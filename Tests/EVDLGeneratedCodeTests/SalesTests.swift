import EVDLRuntime
import Foundation
import Testing

// The generated Swift of `References/sales/sales.evdl` (Tests/EVDLGeneratedCodeTests/Sales/): existence rules,
// projections over several rows with `where`, key queries, recorded metadata, and a reserved → charged → paid →
// shipped flow run by policies alone.

/// The card provider and the courier: each idempotency key applied once (repeats get the first result).
actor SalesParticipants: CardService, CourierService {
    private(set) var applied: [String] = []
    private(set) var notifications: [Courier.Notify] = []
    private var results: [String: any Sendable] = [:]
    private var declineCharges = false

    func declineEveryCharge() { declineCharges = true }

    private func once<R: Sendable>(_ key: IdempotencyKey, _ name: String, _ make: () throws -> R) rethrows -> R {
        if let first = results[key.rawValue] as? R { return first }
        let result = try make()
        results[key.rawValue] = result
        applied.append("\(name) \(key.rawValue)")
        return result
    }

    func charge(_ command: Card.Charge, envelope: CommandEnvelope) async throws -> Card.ChargeResult {
        if declineCharges { throw CommandRejection("card declined for \(command.amount)") }
        return once(envelope.idempotencyKey, "Charge") { Card.ChargeResult(transactionId: "tx-\(applied.count + 1)") }
    }

    func collect(_ command: Courier.Collect, envelope: CommandEnvelope) async throws -> Courier.CollectResult {
        once(envelope.idempotencyKey, "Collect") { Courier.CollectResult(trackingCode: "track-\(command.reference)") }
    }

    func notify(_ command: Courier.Notify, envelope: CommandEnvelope) async throws {
        once(envelope.idempotencyKey, "Notify") { notifications.append(command) }
    }
}

/// A store, the `Sale` repository, the participants and a router over all of them.
struct SalesWorld {
    let store = InMemoryEventStore()
    let sales: Repository<Sale>
    let participants = SalesParticipants()
    let router: CommandRouter
    let clock = ManualClock()

    init() throws {
        sales = Repository(aggregate: Sale(), store: store)
        router = try CommandRouter(Sale.routes(sales) + Card.routes(participants) + Courier.routes(participants))
    }

    func runner(_ checkpoints: any CheckpointStore = InMemoryCheckpointStore()) -> PolicyRunner {
        PolicyRunner(store: store, router: router, checkpoints: checkpoints, policies: [ChargeReservedSales.self, ShipPaidSales.self],
                     clock: clock, backoff: .immediate)
    }

    func reserve(_ n: Int, amount: Decimal = 20, tags: [String] = ["red"]) async throws {
        _ = try await sales.execute(.reserve(Sale.Reserve(saleId: Fixture.id(n), amount: amount, tags: tags)))
    }

    func history(_ n: Int) async throws -> [String] {
        await store.readStream(Sale.streamID(for: Fixture.id(n)), fromVersion: 1).map(\.typeName)
    }
}

@Suite struct SalesExistenceTests {
    @Test func aSaleIsCreatedOnceAndActedOnOnlyWhenItExists() async throws {
        let world = try SalesWorld()
        await #expect(throws: CommandRejection(
            code: .aggregateNotFound, aggregate: "Sale", aggregateID: Fixture.id(1).description,
            message: "`Sale.MarkPaid` needs an existing `Sale`, but `Sale` `\(Fixture.id(1))` does not exist"
        )) {
            _ = try await world.sales.execute(.markPaid(Sale.MarkPaid(saleId: Fixture.id(1), transactionId: "t")))
        }
        try await world.reserve(1)
        await #expect(throws: CommandRejection(
            code: .aggregateAlreadyExists, aggregate: "Sale", aggregateID: Fixture.id(1).description,
            message: "`Sale.Reserve` creates `Sale` `\(Fixture.id(1))`, which already exists (version 1)"
        )) {
            try await world.reserve(1)
        }
        // `creates if missing`: creates a sale, and acts on an existing one.
        _ = try await world.sales.execute(.note(Sale.Note(saleId: Fixture.id(2), text: "new")))
        _ = try await world.sales.execute(.note(Sale.Note(saleId: Fixture.id(1), text: "again")))
        #expect(try await world.history(1) == ["Sale.SaleReserved", "Sale.SaleNoted"])
        #expect(try await world.history(2) == ["Sale.SaleNoted"])
        #expect(Sale.Command.reserve(Sale.Reserve(saleId: Fixture.id(1), amount: 1, tags: [])).existence == .creates)
        #expect(Sale.Command.note(Sale.Note(saleId: Fixture.id(1), text: "")).existence == .createsIfMissing)
        #expect(Sale.Command.markShipped(Sale.MarkShipped(saleId: Fixture.id(1), trackingCode: "")).existence == .existing)
    }

    @Test func scenariosWithoutHistoryMeetASaleThatDoesNotExist() throws {
        try AggregateScenario("a sale never reserved cannot be paid", aggregate: Sale())
            .when(.markPaid(Sale.MarkPaid(saleId: Fixture.id(1), transactionId: "t")))
            .thenRejected(code: .aggregateNotFound)
        try AggregateScenario("a note creates the sale if missing", aggregate: Sale())
            .when(.note(Sale.Note(saleId: Fixture.id(1), text: "hello")))
            .then(.saleNoted(Sale.SaleNoted(saleId: Fixture.id(1), text: "hello")))
    }
}

@Suite struct SalesChoreographyTests {
    @Test func reservedChargedPaidAndShippedByPoliciesAlone() async throws {
        let world = try SalesWorld()
        try await world.reserve(1, amount: 20)
        try await world.runner().catchUp()
        #expect(try await world.history(1) == ["Sale.SaleReserved", "Sale.SalePaid", "Sale.SaleShipped"])
        let events = await world.store.readStream(Sale.streamID(for: Fixture.id(1)), fromVersion: 1)
        let paid = try Sale.Event.decode(events[1], codec: .standard)
        let shipped = try Sale.Event.decode(events[2], codec: .standard)
        // The charge's result fed `MarkPaid`, the courier's result `MarkShipped` and `Notify`.
        #expect(paid == .salePaid(Sale.SalePaid(saleId: Fixture.id(1), transactionId: "tx-1", amount: 20)))
        #expect(shipped == .saleShipped(Sale.SaleShipped(saleId: Fixture.id(1), trackingCode: "track-tx-1")))
        let notifications = await world.participants.notifications
        #expect(notifications == [Courier.Notify(saleId: Fixture.id(1), trackingCode: "track-tx-1", causedBy: events[1].eventID)])
        // Each send is keyed by policy, event id and send index; a result-fed send comes after the one it reads.
        let applied = await world.participants.applied
        #expect(applied == [
            "Charge policy/ChargeReservedSales/\(events[0].eventID.uuidString)/0",
            "Collect policy/ShipPaidSales/\(events[1].eventID.uuidString)/0",
            "Notify policy/ShipPaidSales/\(events[1].eventID.uuidString)/2",
        ])
    }

    @Test func runningThePoliciesAgainAppliesNothingTwice() async throws {
        let world = try SalesWorld()
        try await world.reserve(1)
        try await world.runner().catchUp()
        // A runner that lost its checkpoint reacts to every event again: the participants return their first
        // results for the keys they saw, and the sale's commands are duplicates of the first ones.
        try await world.runner().catchUp()
        #expect(try await world.history(1) == ["Sale.SaleReserved", "Sale.SalePaid", "Sale.SaleShipped"])
        #expect(await world.participants.applied.count == 3)
    }

    @Test func aDeclinedChargeStopsTheSendsThatReadItsResultAndIsReported() async throws {
        let world = try SalesWorld()
        await world.participants.declineEveryCharge()
        try await world.reserve(1)
        let runner = world.runner()
        try await runner.catchUp()
        #expect(try await world.history(1) == ["Sale.SaleReserved"])
        let failures = try await runner.failures()
        #expect(failures.count == 1)
        #expect(failures.first?.policy == "ChargeReservedSales")
        #expect(failures.first?.commandType == "Card.Charge")
        #expect(failures.first?.reason == "rejected: card declined for 20")
        #expect(failures.first?.skippedCommandTypes == ["the sends that read the result of `Card.Charge`"])
    }

    @Test func theWhereFilterAndTheRecordedEnvelopeAreRead() throws {
        let unpaid = Sale.SalePaid(saleId: Fixture.id(1), transactionId: "t", amount: 0)
        let recorded = RecordedEvent(NewEvent(typeName: Sale.SalePaid.typeName, payload: try PayloadCodec.standard.encode(unpaid)),
                                     streamID: Sale.streamID(for: Fixture.id(1)), streamVersion: 2, globalPosition: 7)
        #expect(try ShipPaidSales.react(to: recorded, codec: .standard).isEmpty)
        let reserved = Sale.SaleReserved(saleId: Fixture.id(1), amount: 3, tags: [])
        let event = RecordedEvent(NewEvent(typeName: Sale.SaleReserved.typeName, payload: try PayloadCodec.standard.encode(reserved)),
                                  streamID: Sale.streamID(for: Fixture.id(1)), streamVersion: 1, globalPosition: 8)
        let sends = try ChargeReservedSales.react(to: event, codec: .standard)
        #expect(sends.map(\.typeName) == ["Card.Charge"])
        #expect(sends.first?.hasContinuation == true)
    }
}

@Suite struct SalesProjectionTests {
    func readModels(_ world: SalesWorld) async throws -> InMemoryReadModelStore {
        let readModels = InMemoryReadModelStore()
        let runner = ProjectionRunner(store: world.store, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
                                      projections: [SalesByTag.self, SaleStatus.self])
        try await runner.catchUp()
        return readModels
    }

    @Test func oneEventUpdatesOneRowPerElementThatPassesTheFilter() async throws {
        let world = try SalesWorld()
        try await world.reserve(1, amount: 10, tags: ["red", "", "blue", "red"])
        try await world.reserve(2, amount: 5, tags: ["blue"])
        let rows = try await readModels(world)
        let red = try await SalesByTag.tagged(tag: "red", in: rows)
        #expect(red == SalesByTag.Row(tag: "red", sales: 2, total: 20, lastSale: Fixture.id(1), lastPosition: 1))
        #expect(try await SalesByTag.tagged(tag: "blue", in: rows) == SalesByTag.Row(tag: "blue", sales: 2, total: 15, lastSale: Fixture.id(2), lastPosition: 2))
        #expect(try await SalesByTag.tagged(tag: "", in: rows) == nil)  // filtered by `where tag != ""`
        #expect(try await SalesByTag.popular(minimum: 2, in: rows).map(\.tag) == ["red", "blue"])
    }

    @Test func handlersOfOneEventRunInOrderAndReadTheRecordedEnvelope() async throws {
        let world = try SalesWorld()
        try await world.reserve(1, tags: [])
        try await world.reserve(2, tags: ["x"])
        try await world.runner().catchUp()
        let rows = try await readModels(world)
        let one = try #require(try await SaleStatus.one(saleId: Fixture.id(1), in: rows))
        #expect(one.status == "shipped")
        #expect(one.version == 3)  // the stream version of the last event: a UI's expected version
        #expect(one.tagCount == 0)
        let two = try #require(try await SaleStatus.one(saleId: Fixture.id(2), in: rows))
        #expect(two.tagCount == 1)
        // The untagged sale's second handler ran, then later events changed its status again.
        #expect(SaleStatus.updated(by: .saleReserved(Sale.SaleReserved(saleId: Fixture.id(3), amount: 1, tags: [])),
                                   recorded: Fixture.recorded(version: 1, seconds: 5))
                == [Fixture.id(3): SaleStatus.Row(saleId: Fixture.id(3), status: "untagged", version: 1, tagCount: 0, recordedAt: Fixture.date(5))])
        #expect(try await SaleStatus.asList(saleId: Fixture.id(2), in: rows) == [two])
        #expect(try await SaleStatus.asList(saleId: Fixture.id(9), in: rows) == [])
        #expect(try await SaleStatus.one(saleId: Fixture.id(9), in: rows) == nil)
        #expect(try await SaleStatus.inStatus(status: "shipped", in: rows).count == 2)
        #expect(try await SaleStatus.oneIfShipped(saleId: Fixture.id(2), in: rows) == two)
        #expect(try await SaleStatus.oneIfShipped(saleId: Fixture.id(9), in: rows) == nil)
    }
}
