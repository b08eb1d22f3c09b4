import EVDLRuntime
import Foundation
import Testing

// The checkout by policies alone (choreography), written in the generated shape of `EventPolicy`.

/// `policy ReserveAndCharge { on Order.OrderPlaced; send Inventory.Reserve {…}; send Payment.Charge {…} }`
enum ReserveAndCharge: EventPolicy {
    static let name = "ReserveAndCharge"
    static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName]
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
        return [.now(Inventory.Reserve(reservationId: event.orderId, items: event.items)),
                .now(Payment.Charge(paymentId: event.orderId, customerId: event.customerId, amount: event.total))]
    }
}

/// `policy ConfirmWhenReserved { on Inventory.StockReserved; send Order.ConfirmOrder { orderId: event.reservationId } }`
enum ConfirmWhenReserved: EventPolicy {
    static let name = "ConfirmWhenReserved"
    static let handledEventTypes: Set<String> = [Inventory.StockReserved.typeName]
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let event = try codec.decodeEvent(Inventory.StockReserved.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
        return [.now(Order.ConfirmOrder(orderId: event.reservationId))]
    }
}

/// `policy ReleaseStockWhenCancelled { on Order.OrderCancelled; send Inventory.Release { reservationId: event.orderId } }`
enum ReleaseStockWhenCancelled: EventPolicy {
    static let name = "ReleaseStockWhenCancelled"
    static let handledEventTypes: Set<String> = [Order.OrderCancelled.typeName]
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let event = try codec.decodeEvent(Order.OrderCancelled.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
        return [.now(Inventory.Release(reservationId: event.orderId))]
    }
}

/// `policy ExpireUnconfirmedOrders { on Order.OrderPlaced; after 30m send Order.CancelOrder {…} }`
enum ExpireUnconfirmedOrders: EventPolicy {
    static let name = "ExpireUnconfirmedOrders"
    static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName]
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
        let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
        return [.after(.seconds(1800), Order.CancelOrder(orderId: event.orderId, reason: "not paid in time"))]
    }
}

@Suite struct PolicyChoreographyTests {
    @Test func theCheckoutByPoliciesAloneAppliesEachCommandOnce() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let policies: [any EventPolicy.Type] = [ReserveAndCharge.self, ConfirmWhenReserved.self, ReleaseStockWhenCancelled.self]
        try await world.placeOrder(1)
        try await world.placeOrder(2)
        let runner = PolicyRunner(store: world.store, router: world.router, checkpoints: InMemoryCheckpointStore(), policies: policies, clock: world.clock, backoff: .immediate)
        try await runner.catchUp()  // reacts to the orders, then (same pass) to the reservations they caused
        for order in [1, 2] {
            #expect(try await world.orders.load(id(order)).state.status == .confirmed)
            #expect(try await world.inventory.load(id(order)).state.reserved)
        }
        #expect(await world.ledger.appliedCommands == ["Charge", "Charge"])
        // At-least-once: a runner that lost its checkpoint reacts to everything again; nothing is applied twice.
        let again = PolicyRunner(store: world.store, router: world.router, checkpoints: InMemoryCheckpointStore(), policies: policies, clock: world.clock, backoff: .immediate)
        try await again.catchUp()
        #expect(await world.ledger.appliedEachKeyOnce)
        #expect(await world.ledger.applications.count == 2)
        #expect(await world.ledger.deliveryCount == 4)
        for order in [1, 2] {
            #expect(try await world.count("Inventory.StockReserved", in: Inventory.self, id(order)) == 1)
            #expect(try await world.count("Order.OrderConfirmed", in: Order.self, id(order)) == 1)
        }
        // The two sends for one event carry different keys (the send's index).
        let keys = await world.ledger.applied
        #expect(keys.contains { $0.hasSuffix("/1") && $0.hasPrefix("Charge:policy/ReserveAndCharge/") })
    }

    @Test func aRejectedSendIsRecordedWithTheSendsItStoppedAndTheRunnerMovesOn() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        try await world.placeOrder(1)
        // The stock is already reserved: the policy's Reserve is rejected.
        _ = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: id(1), items: sampleItems)))
        let runner = PolicyRunner(store: world.store, router: world.router, checkpoints: InMemoryCheckpointStore(), policies: [ReserveAndCharge.self], clock: world.clock, backoff: .immediate)
        try await runner.catchUp()
        let failures = try await runner.failures()
        #expect(failures.map(\.commandType) == ["Inventory.Reserve"])
        #expect(failures.first?.reason == "rejected: stock for \(id(1)) is already reserved")
        // The sends of one event run in order: the charge after the rejected reservation is not sent, and the
        // failure says so.
        #expect(failures.first?.skippedCommandTypes == ["Payment.Charge"])
        #expect(await world.ledger.appliedCommands == [])
        #expect(try await runner.catchUp() > 0)  // and the runner moved on past the event
    }

    @Test func transientFailuresStopTheRunnerBeforeTheEvent() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        try await world.placeOrder(1)
        await world.ledger.fail("Charge", times: 5)
        let checkpoints = InMemoryCheckpointStore()
        let runner = PolicyRunner(store: world.store, router: world.router, checkpoints: checkpoints, policies: [ReserveAndCharge.self], clock: world.clock, backoff: .immediate, maxAttempts: 3)
        await #expect(throws: PolicyError.self) { try await runner.catchUp() }
        #expect(await checkpoints.checkpoint(for: "policy:policies") == 0)
        try await runner.catchUp()  // two failures left, three attempts: delivered
        #expect(await world.ledger.appliedCommands == ["Charge"])
        #expect(await world.ledger.appliedEachKeyOnce)
    }
}

@Suite struct DeadlineTests {
    @Test func aPolicyDeadlineFiresAfterARestartOnceWithTheManualClock() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("log")
        let checkpoints = try FileCheckpointStore(url: directory.url.appendingPathComponent("checkpoints.json"))
        let clock = ManualClock(start: date(0))
        let ledger = Ledger()
        let policies: [any EventPolicy.Type] = [ExpireUnconfirmedOrders.self, ReleaseStockWhenCancelled.self]

        // Before the restart: the order is placed, stock reserved, and the deadline scheduled.
        let before = try FileEventStore(path: path, durability: .noSync)
        let first = try CheckoutWorld(store: before, ledger: ledger, clock: clock)
        try await first.placeOrder(1)
        _ = try await first.inventory.execute(.reserve(Inventory.Reserve(reservationId: id(1), items: sampleItems)))
        let scheduler = DeadlineScheduler(store: before, router: first.router, clock: clock)
        try await PolicyRunner(store: before, router: first.router, checkpoints: checkpoints, policies: policies, deadlines: scheduler, clock: clock).catchUp()
        #expect(try await scheduler.pendingDeadlines().map(\.dueAt) == [date(1800)])
        await before.close()

        // After the restart: nothing fires before the deadline, then it fires once.
        let after = try FileEventStore(path: path, durability: .noSync)
        let world = try CheckoutWorld(store: after, ledger: ledger, clock: clock)
        let restarted = DeadlineScheduler(store: after, router: world.router, clock: clock)
        clock.advance(by: .seconds(1799))
        #expect(try await restarted.fireDue().isEmpty)
        #expect(try await world.orders.load(id(1)).state.status == .placed)
        clock.advance(by: .seconds(1))
        let fired = try await restarted.fireDue()
        #expect(fired.map(\.key.rawValue) == ["policy/ExpireUnconfirmedOrders/\(try #require(try await after.readAll(fromPosition: 1, limit: 1).first).eventID.uuidString)/0"])
        #expect(fired.first?.failure == nil)
        #expect(try await world.orders.load(id(1)).state.status == .cancelled)
        #expect(try await restarted.fireDue().isEmpty)
        // The cancellation flows on through the policies: the stock is released.
        try await PolicyRunner(store: after, router: world.router, checkpoints: checkpoints, policies: policies, deadlines: restarted, clock: clock).catchUp()
        #expect(try await world.inventory.load(id(1)).state.reserved == false)
        await after.close()

        // Yet another restart, later: the deadline is marked fired and stays so.
        let later = try FileEventStore(path: path, durability: .noSync)
        let third = try CheckoutWorld(store: later, ledger: ledger, clock: clock)
        clock.advance(by: .seconds(3600))
        #expect(try await DeadlineScheduler(store: later, router: third.router, clock: clock).fireDue().isEmpty)
        #expect(try await third.count("Order.OrderCancelled", in: Order.self, id(1)) == 1)
        #expect(try await later.readStream(Order.streamID(for: id(1))).count == 2)
        await later.close()
    }

    @Test func schedulingADeadlineIdTwiceSchedulesItOnce() async throws {
        let store = InMemoryEventStore()
        let world = try CheckoutWorld(store: store)
        try await world.placeOrder(1)
        let scheduler = DeadlineScheduler(store: store, router: world.router, clock: world.clock)
        let deadline = Deadline(key: IdempotencyKey("deadline/test"), dueAt: date(10), commandType: Order.CancelOrder.typeName,
                                command: try PayloadCodec.standard.encode(Order.CancelOrder(orderId: id(1), reason: "late")))
        #expect(try await scheduler.schedule(deadline))
        #expect(try await scheduler.schedule(deadline) == false)
        world.clock.advance(by: .seconds(10))
        #expect(try await scheduler.fireDue().count == 1)
        #expect(try await DeadlineScheduler(store: store, router: world.router, clock: world.clock).fireDue().isEmpty)
        #expect(try await world.orders.load(id(1)).state.status == .cancelled)
    }
}

@Suite struct PolicyFailureStorageTests {
    @Test func aFailureStoredBeforeSkippedSendsWereRecordedStillDecodes() throws {
        let old = #"{"policy":"P","eventID":"00000000-0000-0000-0000-000000000001","key":"policy/P/x/0","commandType":"A.B","reason":"r"}"#
        let failure = try JSONDecoder().decode(PolicyFailure.self, from: Data(old.utf8))
        #expect(failure.skippedCommandTypes == [])
        #expect(failure.commandType == "A.B")
        let roundTrip = try JSONDecoder().decode(PolicyFailure.self, from: JSONEncoder().encode(
            PolicyFailure(policy: "P", eventID: failure.eventID, key: failure.key, commandType: "A.B", reason: "r", skippedCommandTypes: ["C.D"])))
        #expect(roundTrip.skippedCommandTypes == ["C.D"])
    }
}
