import Checkout
import EVDLRuntime
import Foundation
import Testing

/// The generated `Order` with the Swift decision of `ShipOrder` (`Warehouse`), and the spec's scenarios.
/// This file imports `Checkout` without `@testable`: the target's `evdl-config.json` makes the generated
/// declarations `package`, so the tests (in the same package) see them.
@Suite struct OrderTests {
    let order = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let customer = UUID(uuidString: "00000000-0000-0000-0000-000000000002")!
    let epoch = Date(timeIntervalSince1970: 0)

    var placed: Order.Event {
        .orderPlaced(Order.OrderPlaced(orderId: order, customerId: customer, items: [], total: 10, placedAt: epoch))
    }

    @Test func aShippedOrderCannotBeCancelled() throws {
        try AggregateScenario("a shipped order cannot be cancelled", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed, .orderShipped(Order.OrderShipped(orderId: order, tracking: "1Z999")))
            .when(.cancelOrder(Order.CancelOrder(orderId: order, reason: "changed my mind")))
            .thenRejected("a shipped order cannot be cancelled")
    }

    @Test func placingAnOrder() throws {
        let line = LineItem(sku: "A-1", quantity: 2, unitPrice: 5)
        try AggregateScenario("placing an order", aggregate: Order(swiftDecisions: Warehouse()))
            .when(.placeOrder(Order.PlaceOrder(orderId: order, customerId: customer, items: [line], total: 10)))
            .then(.orderPlaced(Order.OrderPlaced(orderId: order, customerId: customer, items: [line], total: 10, placedAt: epoch)))
    }

    @Test func cancellingTwiceIsHarmless() throws {
        try AggregateScenario("cancelling twice is harmless", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed, .orderCancelled(Order.OrderCancelled(orderId: order, reason: "first")))
            .when(.cancelOrder(Order.CancelOrder(orderId: order, reason: "second")))
            .thenNothing()
    }

    @Test func anOrderExpiresOnlyWhileItWaits() throws {
        try AggregateScenario("a placed order expires", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed)
            .when(.expireOrder(Order.ExpireOrder(orderId: order)))
            .then(.orderCancelled(Order.OrderCancelled(orderId: order, reason: "not confirmed in time")))
        try AggregateScenario("a confirmed order does not expire", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed, .orderConfirmed(Order.OrderConfirmed(orderId: order)))
            .when(.expireOrder(Order.ExpireOrder(orderId: order)))
            .thenNothing()
    }

    @Test func theWarehouseShipsOnlyConfirmedOrders() throws {
        try AggregateScenario("ship a placed order", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed)
            .when(.shipOrder(Order.ShipOrder(orderId: order, tracking: "1Z")))
            .thenRejected("only a confirmed order can be shipped (order \(order) is placed)")
        let shipped = try AggregateScenario("ship a confirmed order", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed, .orderConfirmed(Order.OrderConfirmed(orderId: order)))
            .when(.shipOrder(Order.ShipOrder(orderId: order, tracking: "1Z")))
            .then(.orderShipped(Order.OrderShipped(orderId: order, tracking: "1Z")))
        #expect(shipped.stateAfter.status == .shipped)
        try AggregateScenario("ship twice", aggregate: Order(swiftDecisions: Warehouse()))
            .given(placed, .orderConfirmed(Order.OrderConfirmed(orderId: order)), .orderShipped(Order.OrderShipped(orderId: order, tracking: "1Z")))
            .when(.shipOrder(Order.ShipOrder(orderId: order, tracking: "1Z")))
            .thenNothing()
    }

    @Test func billingRecordsEachOutcomeOnceAndNeverBoth() throws {
        let captured = try AggregateScenario("capture", aggregate: Billing())
            .when(.recordCapture(Billing.RecordCapture(orderId: order, transactionId: "tx", amount: 10)))
            .then(.paymentCaptured(Billing.PaymentCaptured(orderId: order, transactionId: "tx", amount: 10)))
        #expect(captured.stateAfter.transactionId == "tx")
        try AggregateScenario("capture twice", aggregate: Billing())
            .given(.paymentCaptured(Billing.PaymentCaptured(orderId: order, transactionId: "tx", amount: 10)))
            .when(.recordCapture(Billing.RecordCapture(orderId: order, transactionId: "tx", amount: 10)))
            .thenNothing()
        try AggregateScenario("decline after capture", aggregate: Billing())
            .given(.paymentCaptured(Billing.PaymentCaptured(orderId: order, transactionId: "tx", amount: 10)))
            .when(.recordDecline(Billing.RecordDecline(orderId: order, reason: "late")))
            .thenRejected("payment for order \(order) was already captured")
    }
}
