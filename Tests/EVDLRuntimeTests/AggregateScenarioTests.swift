import EVDLRuntime
import Foundation
import Testing

@Suite struct AggregateScenarioTests {
    let order = Order(swiftDecisions: Warehouse())

    @Test func acceptedCommandEmitsEventsStampedWithTheScenarioClock() throws {
        let outcome = try AggregateScenario("placing a draft order", aggregate: order, context: CommandContext(now: date(5)))
            .when(place(1))
            .then(placed(1, at: 5))
        #expect(outcome.stateAfter.status == .placed)
        #expect(outcome.stateAfter.total == 25)
    }

    @Test func rejectionCarriesTheSpecMessage() throws {
        try AggregateScenario("a shipped order cannot be cancelled", aggregate: order)
            .given(placed(1), .orderShipped(Order.OrderShipped(orderId: id(1), tracking: "1Z999")))
            .when(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "changed my mind")))
            .thenRejected("a shipped order cannot be cancelled")
    }

    @Test func swiftDecidedCommandRunsTheUsersImplementation() throws {
        try AggregateScenario("ship a placed order", aggregate: order)
            .given(placed(1))
            .when(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T1")))
            .then(.orderShipped(Order.OrderShipped(orderId: id(1), tracking: "T1")))
        try AggregateScenario("ship a cancelled order", aggregate: order)
            .given(placed(1), .orderCancelled(Order.OrderCancelled(orderId: id(1), reason: "r")))
            .when(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T1")))
            .thenRejected("only a placed order can be shipped")
    }

    @Test func aScenarioWithoutHistoryMeetsAnAggregateThatDoesNotExist() throws {
        try AggregateScenario("ship an order never placed", aggregate: order)
            .when(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T1")))
            .thenRejected(code: .aggregateNotFound)
        try AggregateScenario("place an order twice", aggregate: order)
            .given(placed(1))
            .when(place(1))
            .thenRejected(code: .aggregateAlreadyExists)
        #expect(throws: ScenarioFailure.self) {
            try AggregateScenario("a rule is not an existence rejection", aggregate: order)
                .given(placed(1), .orderCancelled(Order.OrderCancelled(orderId: id(1), reason: "r")))
                .when(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T1")))
                .thenRejected(code: .aggregateNotFound)
        }
    }

    @Test func idempotentCancelDecidesNothing() throws {
        try AggregateScenario("cancel twice", aggregate: order)
            .given(placed(1), .orderCancelled(Order.OrderCancelled(orderId: id(1), reason: "r")))
            .when(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "again")))
            .thenNothing()
    }

    @Test func wrongEventsExplainTheFirstDifference() {
        do {
            try AggregateScenario("expects the wrong total", aggregate: order, context: CommandContext(now: date(0)))
                .when(place(1))
                .then(placed(1, total: 99))
            Issue.record("expected a failure")
        } catch {
            #expect(error.scenario == "expects the wrong total")
            #expect(error.command == "Order.PlaceOrder")
            #expect(error.message.contains("first difference at event #1"))
            #expect(error.description.hasPrefix("scenario \"expects the wrong total\" (when Order.PlaceOrder): expected ["))
        }
    }

    @Test func acceptedWhenRejectionExpectedIsAFailure() {
        #expect(throws: ScenarioFailure.self) {
            try AggregateScenario("expects a rejection", aggregate: order).when(place(1)).thenRejected()
        }
    }

    @Test func rejectedWithAnotherMessageIsAFailure() {
        do {
            try AggregateScenario("wrong message", aggregate: order)
                .given(placed(1))
                .when(place(1))
                .thenRejected("something else")
            Issue.record("expected a failure")
        } catch {
            #expect(error.message == "expected the rejection \"something else\",\nbut it was rejected with \"`Order.PlaceOrder` creates `Order` `\(id(1))`, which already exists (version 1)\"")
        }
    }

    @Test func rejectedWhenEventsExpectedIsAFailure() {
        #expect(throws: ScenarioFailure.self) {
            try AggregateScenario("expects events", aggregate: order)
                .when(.placeOrder(Order.PlaceOrder(orderId: id(1), customerId: id(2), items: [], total: 1)))
                .then(placed(1))
        }
    }

    @Test func thenStateComparesTheStateAfterTheEvents() throws {
        var expected = Order.State()
        expected.status = .confirmed
        expected.customerId = id(100)
        expected.items = sampleItems
        expected.total = 25
        expected.placedAt = date(0)
        try AggregateScenario("confirm", aggregate: order)
            .given(placed(1))
            .when(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
            .thenState(expected)
        #expect(throws: ScenarioFailure.self) {
            try AggregateScenario("confirm", aggregate: order).given(placed(1)).when(.confirmOrder(Order.ConfirmOrder(orderId: id(1)))).thenState(Order.State())
        }
    }
}
