import EVDLRuntime
import Foundation
import Testing

// The generated policies and publish routes of the checkout (Tests/EVDLGeneratedCodeTests/Checkout/checkout.evdl.swift),
// run the way a policy runner does: each command a recorded event causes is sent through the router with the key
// `IdempotencyKey.policy(<policy>, event: <event id>, send: <position>)`, or stored as data for its delay.

/// A command as a deadline stores it: its stable type name and its encoded fields.
private func stored<C: RoutedCommand>(_ command: C) throws -> (typeName: String, payload: Data) {
    (C.typeName, try PayloadCodec.standard.encode(command))
}

/// Sends what `Policy` causes for `recorded` at once, as a runner does; returns how many commands were sent.
@discardableResult
private func react(to recorded: RecordedEvent, commands: [any RoutedCommand], policy: String, router: CommandRouter) async throws -> Int {
    for (position, command) in commands.enumerated() {
        let envelope = CommandEnvelope(
            idempotencyKey: .policy(policy, event: recorded.eventID, send: position), issuedAt: Fixture.date(0),
            causationID: recorded.eventID
        )
        let (typeName, payload) = try stored(command)
        try await router.send(typeName: typeName, payload: payload, envelope: envelope)
    }
    return commands.count
}

@Suite struct PolicyTests {
    @Test func aCancelledOrderReleasesItsStockOnceHoweverOftenTheEventIsHandled() async throws {
        let world = try CheckoutWorld()
        try await world.placeOrder(1)
        _ = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(1), items: [Fixture.line])))
        let cancelled = try await world.orders.execute(.cancelOrder(Order.CancelOrder(orderId: Fixture.id(1), reason: "changed my mind"))).recorded[0]
        #expect(ReleaseStockWhenCancelled.eventTypes == [Order.OrderCancelled.typeName])
        #expect(ReleaseStockWhenCancelled.delays == [nil])
        let commands = try ReleaseStockWhenCancelled.commands(for: cancelled, codec: .standard)
        #expect(commands.map { type(of: $0).typeName } == ["Inventory.Release"])
        #expect(commands.first as? Inventory.Release == Inventory.Release(reservationId: Fixture.id(1)))
        try await react(to: cancelled, commands: commands, policy: ReleaseStockWhenCancelled.name, router: world.router)
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved == false)
        // Stock reserved again, then the same event handled again (at least once): its key was applied already, so
        // the new reservation is not released.
        _ = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(1), items: [Fixture.line])))
        try await react(to: cancelled, commands: commands, policy: ReleaseStockWhenCancelled.name, router: world.router)
        #expect(try await world.history(of: Inventory.self, Fixture.id(1)) == [
            "Inventory.StockReserved", "Inventory.StockReleased", "Inventory.StockReserved",
        ])
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved)
    }

    @Test func aPolicyIgnoresEventsItDoesNotHandle() async throws {
        let world = try CheckoutWorld()
        let placed = try await world.placeOrder(1)
        #expect(try ReleaseStockWhenCancelled.commands(for: placed, codec: .standard).isEmpty)
    }

    @Test func theDeadlineOfAnUnconfirmedOrderCancelsItWhenSent() async throws {
        let world = try CheckoutWorld()
        let placed = try await world.placeOrder(1)
        #expect(ExpireUnconfirmedOrders.eventTypes == [Order.OrderPlaced.typeName])
        #expect(ExpireUnconfirmedOrders.delays == [.seconds(30 * 60)])
        let commands = try ExpireUnconfirmedOrders.commands(for: placed, codec: .standard)
        #expect(commands.first as? Order.CancelOrder == Order.CancelOrder(orderId: Fixture.id(1), reason: "not paid in time"))
        // The scheduler stores the command as data and sends it by type name when it is due.
        try await react(to: placed, commands: commands, policy: ExpireUnconfirmedOrders.name, router: world.router)
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .cancelled)
    }

    @Test func publishRoutesMapEachPublishedEventToItsTopics() {
        #expect(PublishRoutes.topicsByEventType == ["Order.OrderPlaced": ["orders.placed"], "Order.OrderShipped": ["orders.shipped"]])
        #expect(PublishRoutes.topicsByEventType[Order.OrderCancelled.typeName] == nil)
    }
}
