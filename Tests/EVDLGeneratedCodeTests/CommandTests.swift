import EVDLRuntime
import Foundation
import Testing

/// The generated `decide` of the checkout's `Order` and `Inventory`, through the runtime's repository.
@Suite struct CommandTests {
    @Test func placingAnOrderEmitsOrderPlacedWithTheIdAndTheTimeFilledIn() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        let result = try await repository.execute(Fixture.place(1), context: Fixture.at(42))
        #expect(result.events == [.orderPlaced(Order.OrderPlaced(
            orderId: Fixture.id(1), customerId: Fixture.id(101), items: [Fixture.line], total: 10, placedAt: Fixture.date(42)
        ))])
        #expect(result.version == 1)
        #expect(result.recorded.map(\.typeName) == ["Order.OrderPlaced"])
        #expect(result.state?.status == .placed)
        #expect(result.state?.placedAt == Fixture.date(42))
    }

    @Test func aFailedRequireRejectsWithTheSpecsMessage() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        let empty = Order.Command.placeOrder(Order.PlaceOrder(orderId: Fixture.id(1), customerId: Fixture.id(2), items: [], total: 0))
        await #expect(throws: CommandRejection("an order needs at least one item")) {
            _ = try await repository.execute(empty)
        }
        await #expect(throws: CommandRejection("the total cannot be negative")) {
            _ = try await repository.execute(Fixture.place(1, total: -1))
        }
        _ = try await repository.execute(Fixture.place(1))
        // `PlaceOrder creates`: a second one is rejected before `decide` runs, naming the aggregate and its id.
        await #expect(throws: CommandRejection(
            code: .aggregateAlreadyExists, aggregate: "Order", aggregateID: Fixture.id(1).description,
            message: "`Order.PlaceOrder` creates `Order` `\(Fixture.id(1))`, which already exists (version 1)"
        )) {
            _ = try await repository.execute(Fixture.place(1))
        }
    }

    @Test func ifElseBranchesDecideConfirmAndCancel() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        // `ConfirmOrder` says nothing, so it needs an existing order: a random id is rejected before `decide`.
        await #expect(throws: CommandRejection(
            code: .aggregateNotFound, aggregate: "Order", aggregateID: Fixture.id(1).description,
            message: "`Order.ConfirmOrder` needs an existing `Order`, but `Order` `\(Fixture.id(1))` does not exist"
        )) {
            _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        }
        _ = try await repository.execute(Fixture.place(1))
        let confirmed = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        #expect(confirmed.events == [.orderConfirmed(Order.OrderConfirmed(orderId: Fixture.id(1)))])
        // Confirming again is accepted and changes nothing (the `else` branch's `require` holds).
        let again = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        #expect(again.events.isEmpty)
        let cancelled = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "changed my mind")))
        #expect(cancelled.events == [.orderCancelled(Order.OrderCancelled(orderId: Fixture.id(1), reason: "changed my mind"))])
        // Cancelling twice is harmless: the empty `if` branch.
        let twice = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "again")))
        #expect(twice.events.isEmpty)
        #expect(twice.version == 3)
    }

    @Test func aCommandDecidedInSwiftGoesThroughTheUsersImplementation() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        _ = try await repository.execute(Fixture.place(1))
        let ship = Order.Command.shipOrder(Order.ShipOrder(orderId: Fixture.id(1), tracking: "1Z999"))
        await #expect(throws: CommandRejection("only a confirmed order can be shipped")) {
            _ = try await repository.execute(ship)
        }
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        let shipped = try await repository.execute(ship)
        #expect(shipped.events == [.orderShipped(Order.OrderShipped(orderId: Fixture.id(1), tracking: "1Z999"))])
        #expect(shipped.state?.status == .shipped)
        await #expect(throws: CommandRejection("a shipped order cannot be cancelled")) {
            _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "too late")))
        }
    }

    @Test func inventoryReservesOnceAndReleasesOnlyWhatWasReserved() async throws {
        let repository = Repository(aggregate: Inventory(), store: InMemoryEventStore())
        let release = Inventory.Command.release(Inventory.Release(reservationId: Fixture.id(7)))
        #expect(try await repository.execute(release).events.isEmpty)
        let reserved = try await repository.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(7), items: [Fixture.line])))
        #expect(reserved.state == Inventory.State(reserved: true, items: [Fixture.line]))
        await #expect(throws: CommandRejection("stock for \(Fixture.id(7)) is already reserved")) {
            _ = try await repository.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(7), items: [])))
        }
        let released = try await repository.execute(release)
        #expect(released.events == [.stockReleased(Inventory.StockReleased(reservationId: Fixture.id(7)))])
        #expect(released.state == Inventory.State())
    }

    @Test func aRepeatedCommandIdAppendsNothingAndReturnsTheFirstResult() async throws {
        let store = InMemoryEventStore()
        let repository = Fixture.repository(store)
        let context = Fixture.at(1)
        let first = try await repository.execute(Fixture.place(1), context: context)
        let second = try await repository.execute(Fixture.place(1), context: context)
        #expect(second.wasDuplicate)
        #expect(second.events == first.events)
        #expect(await store.streamVersion(Order.streamID(for: Fixture.id(1))) == 1)
    }

    @Test func scenariosOfTheSpecHoldOnTheGeneratedCode() throws {
        let order = Order(swiftDecisions: Warehouse())
        let placed = Order.Event.orderPlaced(Order.OrderPlaced(orderId: Fixture.id(1), customerId: Fixture.id(2), items: [], total: 10, placedAt: Fixture.date(0)))
        try AggregateScenario("a shipped order cannot be cancelled", aggregate: order)
            .given(placed, .orderShipped(Order.OrderShipped(orderId: Fixture.id(1), tracking: "1Z999")))
            .when(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "changed my mind")))
            .thenRejected("a shipped order cannot be cancelled")
        try AggregateScenario("cancelling twice is harmless", aggregate: order)
            .given(placed, .orderCancelled(Order.OrderCancelled(orderId: Fixture.id(1), reason: "first")))
            .when(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "second")))
            .thenNothing()
    }
}
