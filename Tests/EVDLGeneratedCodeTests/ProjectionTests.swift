import EVDLRuntime
import Foundation
import Testing

/// The generated projections (`OrderSummary`, `CustomerSpending`) and their queries, run by the runtime.
@Suite struct ProjectionTests {
    struct World {
        let store = InMemoryEventStore()
        let readModels = InMemoryReadModelStore()
        let runner: ProjectionRunner
        let repository: Repository<Order>

        init() {
            runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
                                      projections: [OrderSummary.self, CustomerSpending.self], batchSize: 2)
            repository = Fixture.repository(store)
        }
    }

    /// Orders 1 (customer 100, 10), 2 (customer 100, 30, confirmed), 3 (customer 200, 50, cancelled).
    func populate(_ world: World) async throws {
        _ = try await world.repository.execute(Fixture.place(1, total: 10, customer: 100))
        _ = try await world.repository.execute(Fixture.place(2, total: 30, customer: 100))
        _ = try await world.repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(2))))
        _ = try await world.repository.execute(Fixture.place(3, total: 50, customer: 200))
        _ = try await world.repository.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(3), reason: "no")))
    }

    @Test func rowsFollowTheEventsAndDeleteRemovesThem() async throws {
        let world = World()
        try await populate(world)
        try await world.runner.catchUp()
        let summaries = await world.readModels.entries(of: OrderSummary.self)
        #expect(summaries.map(\.key) == [Fixture.id(1), Fixture.id(2)])
        #expect(summaries.map(\.row) == [
            OrderSummary.Row(orderId: Fixture.id(1), customerId: Fixture.id(100), status: .placed, total: 10),
            OrderSummary.Row(orderId: Fixture.id(2), customerId: Fixture.id(100), status: .confirmed, total: 30),
        ])
        // `on Order.OrderPlaced key event.customerId`: rows keyed by customer, cancelled orders still counted.
        #expect(await world.readModels.row(Fixture.id(100), of: CustomerSpending.self) == CustomerSpending.Row(customerId: Fixture.id(100), orders: 2, spent: 40))
        #expect(await world.readModels.row(Fixture.id(200), of: CustomerSpending.self) == CustomerSpending.Row(customerId: Fixture.id(200), orders: 1, spent: 50))
    }

    @Test func queriesFilterTheRows() async throws {
        let world = World()
        try await populate(world)
        try await world.runner.catchUp()
        #expect(try await OrderSummary.byStatus(status: .confirmed, in: world.readModels).map(\.orderId) == [Fixture.id(2)])
        #expect(try await OrderSummary.byStatus(status: .shipped, in: world.readModels).isEmpty)
        #expect(try await OrderSummary.largerThan(amount: 10, in: world.readModels).map(\.orderId) == [Fixture.id(2)])
        #expect(try await CustomerSpending.topSpenders(minimum: 45, in: world.readModels).map(\.customerId) == [Fixture.id(200)])
        #expect(try await CustomerSpending.topSpenders(minimum: 0, in: world.readModels).count == 2)
    }

    @Test func catchingUpContinuesFromTheCheckpointAndRebuildGivesTheSameRows() async throws {
        let world = World()
        _ = try await world.repository.execute(Fixture.place(1, total: 10, customer: 100))
        try await world.runner.catchUp()
        _ = try await world.repository.execute(Fixture.place(2, total: 5, customer: 100))
        try await world.runner.catchUp()
        let spending = await world.readModels.row(Fixture.id(100), of: CustomerSpending.self)
        #expect(spending == CustomerSpending.Row(customerId: Fixture.id(100), orders: 2, spent: 15))
        try await world.runner.rebuild(CustomerSpending.self)
        #expect(await world.readModels.row(Fixture.id(100), of: CustomerSpending.self) == spending)
    }

    @Test func handlersAreExposedAsPureFunctions() {
        let placed = OrderSummary.Event.orderPlaced(Order.OrderPlaced(orderId: Fixture.id(1), customerId: Fixture.id(9), items: [], total: 3, placedAt: Fixture.date(0)))
        let row = OrderSummary.Row(orderId: Fixture.id(1), customerId: Fixture.id(9), total: 3)
        #expect(OrderSummary.updated(by: placed) == [Fixture.id(1): row])
        if case .orderPlaced(let event) = placed {
            #expect(OrderSummary.onOrderPlaced(event, recorded: Fixture.recorded(), key: Fixture.id(1), row: nil) == .upsert(row))
        }
        let cancelled = OrderSummary.Event.orderCancelled(Order.OrderCancelled(orderId: Fixture.id(1), reason: "r"))
        #expect(OrderSummary.updated([Fixture.id(1): row], by: cancelled).isEmpty)
        #expect(OrderSummary.handledEventTypes == ["Order.OrderPlaced", "Order.OrderConfirmed", "Order.OrderShipped", "Order.OrderCancelled"])
        let spending = CustomerSpending.updated(by: .orderPlaced(Order.OrderPlaced(orderId: Fixture.id(1), customerId: Fixture.id(9), items: [], total: 3, placedAt: Fixture.date(0))))
        #expect(Array(spending.keys) == [Fixture.id(9)])
    }
}
