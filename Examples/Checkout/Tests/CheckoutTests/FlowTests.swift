import Checkout
import EVDLRuntime
import Foundation
import Testing

/// Whole checkouts on EVDLRuntime: the generated saga, policies, routes, projections and publish routes, with the
/// in-memory services of the example.
@Suite struct FlowTests {
    let ada = UUID(uuidString: "00000000-0000-0000-0000-00000000ada0")!
    let bob = UUID(uuidString: "00000000-0000-0000-0000-000000000b0b")!
    let lines = [LineItem(sku: "KB-1", quantity: 1, unitPrice: 80), LineItem(sku: "CABLE", quantity: 2, unitPrice: 5)]

    func order(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

    /// With EVDL_DATABASE_URL set (CI sets it for a second run of these tests), every shop is kept in PostgreSQL.
    @Test func shopsAreKeptWhereTheEnvironmentSays() async throws {
        let expected = ProcessInfo.processInfo.environment["EVDL_DATABASE_URL"] == nil ? "memory" : "PostgreSQL"
        #expect(Shop.storage == expected)
        let shop = try await Shop.make(flow: .orchestrated)
        #expect((shop.store is InMemoryEventStore) == (expected == "memory"))
    }

    @Test func theSagaRunsEveryStepAndConfirmsTheOrder() async throws {
        let shop = try await Shop.make(flow: .orchestrated)
        try await shop.placeOrder(order(1), customer: ada, items: lines)
        try await shop.settle()
        let status = try #require(try await shop.checkoutStatus(of: order(1)))
        #expect(status.outcome == .completed)
        #expect(status.completedSteps == ["reserveStock", "chargePayment", "checkCredit", "createShipment", "confirm"])
        #expect(try await shop.order(order(1)).status == .confirmed)
        #expect(try await shop.inventory.load(order(1)).state.reserved)
        #expect(await shop.world.charges == [order(1): 90])
        #expect(await shop.world.shipments[order(1)] != nil)
        try await shop.ship(order(1), tracking: "1Z")
        #expect(try await shop.order(order(1)).status == .shipped)
        #expect(try await OrderSummary.byStatus(status: .shipped, in: shop.readModelsAfterCatchUp()).map(\.orderId) == [order(1)])
    }

    @Test func aDeclinedCardIsCompensatedAndCancelsTheOrder() async throws {
        let shop = try await Shop.make(flow: .orchestrated)
        await shop.world.declineCards(of: bob)
        try await shop.placeOrder(order(2), customer: bob, items: lines)
        try await shop.settle()
        let status = try #require(try await shop.checkoutStatus(of: order(2)))
        #expect(status.outcome == .compensated(reason: "step `chargePayment` failed: rejected: the card was declined"))
        #expect(status.completedSteps == ["reserveStock"])
        #expect(status.compensatedSteps == ["reserveStock"])
        #expect(try await shop.history(of: Inventory.self, order(2)) == ["Inventory.StockReserved", "Inventory.StockReleased"])
        #expect(try await shop.order(order(2)).status == .cancelled)
        #expect(await shop.world.charges.isEmpty)
        #expect(await shop.world.refunds.isEmpty)
        // Cancelled orders leave the summary; the spending counts the placement.
        #expect(try await OrderSummary.largerThan(amount: 0, in: shop.readModels).isEmpty)
        #expect(try await CustomerSpending.topSpenders(minimum: 90, in: shop.readModels).map(\.customerId) == [bob])
    }

    @Test func aFailedShipmentRefundsTheBoundTransactionBeforeReleasingTheStock() async throws {
        let shop = try await Shop.make(flow: .orchestrated)
        await shop.world.takeCarrierDown(times: 100)
        try await shop.placeOrder(order(3), customer: ada, items: lines)
        try await shop.settle()
        let status = try #require(try await shop.checkoutStatus(of: order(3)))
        #expect(status.outcome == .compensated(reason: "step `createShipment` failed: the carrier is unavailable"))
        #expect(status.compensatedSteps == ["chargePayment", "reserveStock"])
        #expect(await shop.world.refunds == [order(3): 90])
        #expect(await shop.world.log.contains("The payment provider refunds 90 of transaction tx-\(order(3).uuidString.suffix(4))."))
        #expect(try await shop.order(order(3)).status == .cancelled)
    }

    @Test func theChoreographyConfirmsAPaidOrderWithoutASaga() async throws {
        let shop = try await Shop.make(flow: .choreographed)
        try await shop.placeOrder(order(11), customer: ada, items: lines)
        try await shop.settle()
        #expect(try await shop.history(of: Order.self, order(11)) == ["Order.OrderPlaced", "Order.OrderConfirmed"])
        #expect(try await shop.history(of: Billing.self, order(11)) == ["Billing.PaymentCaptured"])
        #expect(try await shop.inventory.load(order(11)).state.reserved)
        #expect(try await shop.checkoutStatus(of: order(11)) == nil)
        #expect(try await shop.policies.failures().isEmpty)
    }

    @Test func theChoreographyCancelsADeclinedOrderAndReleasesItsStock() async throws {
        let shop = try await Shop.make(flow: .choreographed)
        await shop.world.declineCards(of: bob)
        try await shop.placeOrder(order(12), customer: bob, items: lines)
        try await shop.settle()
        #expect(try await shop.history(of: Billing.self, order(12)) == ["Billing.PaymentDeclined"])
        #expect(try await shop.history(of: Order.self, order(12)) == ["Order.OrderPlaced", "Order.OrderCancelled"])
        #expect(try await shop.history(of: Inventory.self, order(12)) == ["Inventory.StockReserved", "Inventory.StockReleased"])
        let failures = try await shop.policies.failures()
        #expect(failures.map(\.policy) == ["ChargeWhenPlaced"])
        #expect(failures.map(\.commandType) == ["Payment.Charge"])
        // The capture that would have read the charge's result was not sent, and the failure says so.
        #expect(failures.map(\.skippedCommandTypes) == [["the sends that read the result of `Payment.Charge`"]])
    }

    @Test func theOutboxPublishesEachRoutedEventOnceToItsTopic() async throws {
        let shop = try await Shop.make(flow: .orchestrated)
        try await shop.placeOrder(order(1), customer: ada, items: lines)
        try await shop.settle()
        try await shop.ship(order(1), tracking: "1Z")
        #expect(try await shop.outbox.deliverPending() == 2)
        let messages = await shop.broker.messages
        #expect(messages.map(\.topic) == ["orders.placed", "orders.shipped"])
        #expect(messages.map(\.typeName) == ["Order.OrderPlaced", "Order.OrderShipped"])
        #expect(String(decoding: messages[1].payload, as: UTF8.self).contains("\"tracking\":\"1Z\""))
        #expect(try await shop.outbox.deliverPending() == 0)
        // Each message carries its event's id, so a consumer can drop one delivered twice.
        let routed = try await shop.store.readStream(Order.streamID(for: order(1)))
            .filter { [Order.OrderPlaced.typeName, Order.OrderShipped.typeName].contains($0.typeName) }
        #expect(messages.map(\.messageID) == routed.map(\.eventID))
        // Delivery marks are durable: a new relay on the same store publishes nothing again.
        let fresh = shop.newOutboxRelay(publisher: InMemoryBroker())
        #expect(try await fresh.deliverPending() == 0)
    }

    @Test func unconfirmedOrdersExpireAfterThirtyMinutesButConfirmedAndShippedOnesStay() async throws {
        let shop = try await Shop.make(flow: .orchestrated)
        try await shop.placeOrder(order(1), customer: ada, items: lines)
        try await shop.settle()
        try await shop.ship(order(1), tracking: "1Z")
        try await shop.placeOrder(order(2), customer: ada, items: lines)
        try await shop.settle()
        #expect(try await shop.order(order(2)).status == .confirmed)
        let pending = try await shop.deadlines.pendingDeadlines()
        #expect(pending.map(\.commandType) == ["Order.ExpireOrder", "Order.ExpireOrder"])
        #expect(pending.map(\.dueAt) == Array(repeating: shop.clock.now().addingTimeInterval(1800), count: 2))
        #expect(try await shop.advanceClock(by: .seconds(29 * 60)).isEmpty)
        let fired = try await shop.advanceClock(by: .seconds(60))
        // `ExpireOrder` cancels only an order still waiting: the shipped and the confirmed (paid) one stay.
        #expect(fired.count == 2)
        #expect(fired.map(\.failure) == [nil, nil])
        #expect(try await shop.order(order(1)).status == .shipped)
        #expect(try await shop.order(order(2)).status == .confirmed)
        #expect(try await shop.history(of: Order.self, order(2)).last == Order.OrderConfirmed.typeName)
    }
}

extension Shop {
    /// The read models after a catch-up.
    func readModelsAfterCatchUp() async throws -> any ReadModelStore {
        try await projections.catchUp()
        return readModels
    }
}
