import EVDLRuntime
import Foundation
import Testing

// The generated policies and publish routes of the checkout (Tests/EVDLGeneratedCodeTests/Checkout/checkout.evdl.swift),
// run by the runtime's `PolicyRunner` and `DeadlineScheduler` over the generated routes.

extension CheckoutWorld {
    /// A runner of `policies` on this world's store, with a fresh checkpoint unless one is given.
    func policyRunner(_ policies: [any EventPolicy.Type], checkpoints: any CheckpointStore = InMemoryCheckpointStore(),
                      deadlines: DeadlineScheduler? = nil) -> PolicyRunner {
        PolicyRunner(store: store, router: router, checkpoints: checkpoints, policies: policies, deadlines: deadlines,
                     clock: clock, backoff: .immediate)
    }
}

@Suite struct PolicyTests {
    @Test func aCancelledOrderReleasesItsStockOnceHoweverOftenTheEventIsHandled() async throws {
        let world = try CheckoutWorld()
        try await world.placeOrder(1)
        _ = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(1), items: [Fixture.line])))
        _ = try await world.orders.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "changed my mind")))
        try await world.policyRunner([ReleaseStockWhenCancelled.self]).catchUp()
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved == false)
        // Stock reserved again, then the cancellation handled again (at least once, from a lost checkpoint): its send
        // carries the key applied before, so the new reservation is not released.
        _ = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(1), items: [Fixture.line])))
        try await world.policyRunner([ReleaseStockWhenCancelled.self]).catchUp()
        #expect(try await world.history(of: Inventory.self, Fixture.id(1)) == [
            "Inventory.StockReserved", "Inventory.StockReleased", "Inventory.StockReserved",
        ])
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved)
    }

    @Test func aPolicyReactsOnlyToTheEventItHandles() async throws {
        let world = try CheckoutWorld()
        let placed = try await world.placeOrder(1)
        #expect(ReleaseStockWhenCancelled.name == "ReleaseStockWhenCancelled")
        #expect(ReleaseStockWhenCancelled.handledEventTypes == [Order.OrderCancelled.typeName])
        #expect(try ReleaseStockWhenCancelled.react(to: placed, codec: .standard).isEmpty)
        let sends = try ExpireUnconfirmedOrders.react(to: placed, codec: .standard)
        #expect(sends.map(\.typeName) == ["Order.ExpireOrder"])
        #expect(sends.map(\.delay) == [.seconds(30 * 60)])
    }

    @Test func anUnconfirmedOrderIsCancelledByItsDeadlineThirtyMinutesLater() async throws {
        let world = try CheckoutWorld()
        try await world.placeOrder(1)
        let deadlines = DeadlineScheduler(store: world.store, router: world.router, clock: world.clock)
        try await world.policyRunner([ExpireUnconfirmedOrders.self], deadlines: deadlines).catchUp()
        #expect(try await deadlines.pendingDeadlines().map(\.commandType) == ["Order.ExpireOrder"])
        world.clock.advance(by: .seconds(29 * 60))
        #expect(try await deadlines.fireDue().isEmpty)
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .placed)
        world.clock.advance(by: .seconds(60))
        #expect(try await deadlines.fireDue().map(\.failure) == [nil])
        let order = try await world.orders.load(Fixture.id(1))
        #expect(order.state.status == .cancelled)
        #expect(try await world.history(of: Order.self, Fixture.id(1)) == ["Order.OrderPlaced", "Order.OrderCancelled"])
    }

    @Test func aConfirmedOrderIsLeftAloneByItsDeadline() async throws {
        let world = try CheckoutWorld()
        try await world.placeOrder(1)
        _ = try await world.orders.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))))
        let deadlines = DeadlineScheduler(store: world.store, router: world.router, clock: world.clock)
        try await world.policyRunner([ExpireUnconfirmedOrders.self], deadlines: deadlines).catchUp()
        world.clock.advance(by: .seconds(30 * 60))
        #expect(try await deadlines.fireDue().map(\.failure) == [nil])
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .confirmed)
        #expect(try await world.history(of: Order.self, Fixture.id(1)) == ["Order.OrderPlaced", "Order.OrderConfirmed"])
    }

    @Test func publishRoutesMapEachPublishedEventToItsTopics() {
        #expect(PublishRoutes.topicsByEventType == ["Order.OrderPlaced": ["orders.placed"], "Order.OrderShipped": ["orders.shipped"]])
        #expect(PublishRoutes.topicsByEventType[Order.OrderCancelled.typeName] == nil)
    }
}
