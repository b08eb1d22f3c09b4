import EVDLRuntime
import Foundation
import Testing

// The projection, saga and policy scenarios of Examples/Checkout/Sources/Checkout/checkout.evdl, written by hand
// against the generated Checkout code with the runtime's scenario drivers (what generated scenario tests call),
// and a deliberately wrong handler, step order and compensation that each fail with a readable line diff.

private let id = ScenarioValues.id
private let date = ScenarioValues.date

/// Every command type the Checkout saga and the example's policies may send.
private let checkoutCommands: [any RoutedCommand.Type] = [
    Inventory.Reserve.self, Inventory.Release.self, Payment.Charge.self, Payment.Refund.self, Payment.CheckCredit.self,
    Shipping.CreateShipment.self, Order.ConfirmOrder.self, Order.CancelOrder.self, Order.ExpireOrder.self,
]

private func placed(_ order: Int, customer: Int = 2, total: Decimal = 10, items: [LineItem] = []) -> Order.OrderPlaced {
    Order.OrderPlaced(orderId: id(order), customerId: id(customer), items: items, total: total, placedAt: date(0))
}

@Suite("Scenario drivers over the generated Checkout code")
struct ScenarioRuntimeTests {
    @Test("canonical text: values, messages, rows, records and enum cases as the shared design says")
    func canonicalText() {
        #expect(ScenarioText.value(id(1)) == "00000000-0000-0000-0000-000000000001")
        #expect(ScenarioText.value(id(0xABC)) == "00000000-0000-0000-0000-000000000ABC")
        #expect(ScenarioText.value(date(90.5)) == "date(90.5)")
        #expect(ScenarioText.value(Duration.seconds(1800)) == "duration(1800, 0)")
        #expect(ScenarioText.value(Decimal(string: "-0.01")!) == "-0.01")
        #expect(ScenarioText.value(2.5) == "2.5" && ScenarioText.value(-3) == "-3" && ScenarioText.value(true) == "true")
        #expect(ScenarioText.value("a\"b\\c\n\t\u{1f}") == #""a\"b\\c\n\t\u{1f}""#)
        #expect(ScenarioText.value(Optional<Int>.none) == "nil" && ScenarioText.value(Optional(4)) == "4")
        #expect(ScenarioText.value(["b": 2, "a": 1]) == #"["a": 1, "b": 2]"# && ScenarioText.value([String: Int]()) == "[:]")
        #expect(ScenarioText.value([Int]()) == "[]")
        #expect(ScenarioText.value(OrderStatus.placed) == ".placed")
        #expect(ScenarioText.value(LineItem(sku: "A-1", quantity: 2, unitPrice: 5)) == #"LineItem(sku: "A-1", quantity: 2, unitPrice: 5)"#)
        #expect(ScenarioText.value(placed(1)) == """
        Order.OrderPlaced { orderId: 00000000-0000-0000-0000-000000000001, customerId: 00000000-0000-0000-0000-000000000002, \
        items: [], total: 10, placedAt: date(0.0) }
        """)
        #expect(ScenarioText.value(Payment.CheckCredit(customerId: id(2), amount: 10))
                == "Payment.CheckCredit { customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }")
        #expect(ScenarioText.row(OrderSummary.Row(orderId: id(1)), of: OrderSummary.self)
                == "OrderSummary { orderId: 00000000-0000-0000-0000-000000000001, customerId: nil, status: .placed, total: 0 }")
    }

    @Test("projection: every row after the events, sorted; a cancelled order's row is deleted")
    func projectionRows() async throws {
        try await ProjectionScenario("an order summary follows its order", projection: OrderSummary.self)
            .given(placed(1), Order.OrderConfirmed(orderId: id(1)), placed(3, total: 5), Order.OrderCancelled(orderId: id(3), reason: "x"))
            .thenRows([OrderSummary.Row(orderId: id(1), customerId: id(2), status: .confirmed, total: 10)])
        let spending = try await ProjectionScenario("spending adds up per customer", projection: CustomerSpending.self)
            .given(placed(1), placed(3, total: 5), placed(4, customer: 5, total: 7))
            .rows()
        #expect(spending == """
        CustomerSpending { customerId: 00000000-0000-0000-0000-000000000002, orders: 2, spent: 15 }
        CustomerSpending { customerId: 00000000-0000-0000-0000-000000000005, orders: 1, spent: 7 }
        """)
    }

    @Test("projection: a query's result in its order; an empty result is `nothing`")
    func projectionQuery() async throws {
        let scenario = ProjectionScenario("orders larger than an amount", projection: OrderSummary.self)
            .given(placed(1), placed(3, customer: 4, total: 99))
        try await scenario.thenQuery({ try await OrderSummary.largerThan(amount: 50, in: $0) },
                                     equals: [OrderSummary.Row(orderId: id(3), customerId: id(4), total: 99)])
        #expect(try await scenario.query { try await OrderSummary.largerThan(amount: 500, in: $0) } == "nothing")
    }

    @Test("a deliberately wrong handler fails with a line diff naming the scenario")
    func wrongHandler() async throws {
        let failure = await #expect(throws: ScenarioFailure.self) {
            try await ProjectionScenario("spending adds up per customer", projection: CustomerSpending.self)
                .given(placed(1), placed(3, total: 5))
                .thenRows([CustomerSpending.Row(customerId: id(2), orders: 2, spent: 16)])
        }
        #expect(failure?.description == """
        scenario "spending adds up per customer" (when CustomerSpending): the outcome differs (- expected, + actual):
        - CustomerSpending { customerId: 00000000-0000-0000-0000-000000000002, orders: 2, spent: 16 }
        + CustomerSpending { customerId: 00000000-0000-0000-0000-000000000002, orders: 2, spent: 15 }
        """)
    }

    @Test("an outcomes file that differs from the outcomes is a line diff; the same bytes are nil")
    func outcomesFile() throws {
        let file = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("evdl-outcomes-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let outcomes = [(title: "a", outcome: "A.Done { n: 1 }"), (title: "b", outcome: "nothing")]
        try ScenarioText.outcomesFile(outcomes).write(to: file, atomically: true, encoding: .utf8)
        #expect(try String(contentsOf: file, encoding: .utf8) == "## a\nA.Done { n: 1 }\n## b\nnothing\n")
        #expect(try ScenarioText.compareOutcomes(outcomes, withFile: file, accept: false) == nil)
        let changed = [(title: "a", outcome: "A.Done { n: 2 }"), (title: "b", outcome: "nothing")]
        #expect(try ScenarioText.compareOutcomes(changed, withFile: file, accept: false) == "  ## a\n- A.Done { n: 1 }\n+ A.Done { n: 2 }\n  ## b\n  nothing\n  ")
    }

    @Test("saga: a checkout that goes through sends every step's command and completes")
    func sagaCompleted() async throws {
        let line = LineItem(sku: "A-1", quantity: 2, unitPrice: 5)
        let outcome = try await SagaScenario("a checkout that goes through", saga: Checkout.self)
            .given(.replies(Payment.Charge.self, Payment.ChargeResult(transactionId: "t-1")),
                   .replies(Shipping.CreateShipment.self, Shipping.CreateShipmentResult(tracking: "1Z999")))
            .when(placed(1, items: [line]), commands: checkoutCommands)
        #expect(outcome == """
        Inventory.Reserve { reservationId: 00000000-0000-0000-0000-000000000001, items: [LineItem(sku: "A-1", quantity: 2, unitPrice: 5)] }
        Payment.Charge { paymentId: 00000000-0000-0000-0000-000000000001, customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }
        Payment.CheckCredit { customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }
        Shipping.CreateShipment { orderId: 00000000-0000-0000-0000-000000000001, items: [LineItem(sku: "A-1", quantity: 2, unitPrice: 5)] }
        Order.ConfirmOrder { orderId: 00000000-0000-0000-0000-000000000001 }
        completed
        """)
    }

    @Test("saga: a declined card, a timeout and a failing refund compensate in reverse order, then `on failure`")
    func sagaFailures() async throws {
        let reserve = "Inventory.Reserve { reservationId: 00000000-0000-0000-0000-000000000001, items: [] }"
        let charge = "Payment.Charge { paymentId: 00000000-0000-0000-0000-000000000001, customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }"
        let release = "Inventory.Release { reservationId: 00000000-0000-0000-0000-000000000001 }"
        let cancel = #"Order.CancelOrder { orderId: 00000000-0000-0000-0000-000000000001, reason: "checkout failed" }"#
        let declined = try await SagaScenario("a declined card", saga: Checkout.self)
            .given(.fails(Payment.Charge.self, "card declined"))
            .when(placed(1), commands: checkoutCommands)
        #expect(declined == [reserve, charge, release, cancel, "compensated"].joined(separator: "\n"))
        let timedOut = try await SagaScenario("a payment provider that never answers", saga: Checkout.self)
            .given(.timesOut(Payment.Charge.self))
            .when(input: Checkout.Input(orderId: id(1), customerId: id(2), items: [], amount: 10), commands: checkoutCommands)
        #expect(timedOut == declined)
        let refundFails = try await SagaScenario("a refund that fails", saga: Checkout.self)
            .given(.replies(Payment.Charge.self, Payment.ChargeResult(transactionId: "t-1")),
                   .fails(Shipping.CreateShipment.self, "no carrier available"), .fails(Payment.Refund.self, "refund refused"))
            .when(placed(1), commands: checkoutCommands)
        #expect(refundFails == [
            reserve, charge, "Payment.CheckCredit { customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }",
            "Shipping.CreateShipment { orderId: 00000000-0000-0000-0000-000000000001, items: [] }",
            #"Payment.Refund { paymentId: 00000000-0000-0000-0000-000000000001, transactionId: "t-1", amount: 10 }"#,
            release, cancel, "failed",
        ].joined(separator: "\n"))
    }

    @Test("saga: a result a step binds but no reply gives is a mistake in the scenario")
    func sagaMissingReply() async throws {
        let failure = await #expect(throws: ScenarioFailure.self) {
            _ = try await SagaScenario("no reply", saga: Checkout.self).when(placed(1), commands: checkoutCommands)
        }
        #expect(failure?.message == "no reply given for `Payment.Charge`, whose result is used")
    }

    @Test("a deliberately wrong step order and a wrong compensation fail with line diffs")
    func wrongSagas() async throws {
        let expected = try await SagaScenario("a declined card", saga: Checkout.self)
            .given(.fails(Payment.Charge.self, "card declined")).when(placed(1), commands: checkoutCommands)
        let swapped = await #expect(throws: ScenarioFailure.self) {
            try await SagaScenario("a declined card", saga: SwappedCheckout.self)
                .given(.fails(Payment.Charge.self, "card declined"))
                .then(placed(1), commands: checkoutCommands, equals: expected)
        }
        #expect(swapped?.message == """
        the outcome differs (- expected, + actual):
        - Inventory.Reserve { reservationId: 00000000-0000-0000-0000-000000000001, items: [] }
          Payment.Charge { paymentId: 00000000-0000-0000-0000-000000000001, customerId: 00000000-0000-0000-0000-000000000002, amount: 10 }
        - Inventory.Release { reservationId: 00000000-0000-0000-0000-000000000001 }
          Order.CancelOrder { orderId: 00000000-0000-0000-0000-000000000001, reason: "checkout failed" }
          compensated
        """)
        let wrongUndo = await #expect(throws: ScenarioFailure.self) {
            try await SagaScenario("a declined card", saga: ReservingTwiceCheckout.self)
                .given(.fails(Payment.Charge.self, "card declined"))
                .then(placed(1), commands: checkoutCommands, equals: expected)
        }
        #expect(wrongUndo?.message.contains("""
        - Inventory.Release { reservationId: 00000000-0000-0000-0000-000000000001 }
        + Inventory.Reserve { reservationId: 00000000-0000-0000-0000-000000000001, items: [] }
        """) == true)
    }

    @Test("aggregate: a deliberately wrong decide fails with a line diff; a command decided in Swift is not run by scenarios")
    func aggregateOutcomes() throws {
        let history: [Order.Event] = [.orderPlaced(placed(1))]
        let ship = Order.Command.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "1Z999"))
        let context = CommandContext(now: ScenarioValues.now)
        let wrong = AggregateScenario("shipping records the tracking", aggregate: Order(swiftDecisions: ForgetfulWarehouse()), context: context)
            .given(history).when(ship).canonicalText
        let failure = #expect(throws: ScenarioFailure.self) {
            try ScenarioText.expect(wrong, equals: ScenarioText.value(Order.OrderShipped(orderId: id(1), tracking: "1Z999")),
                                    scenario: "shipping records the tracking", subject: "Order")
        }
        #expect(failure?.message == """
        the outcome differs (- expected, + actual):
        - Order.OrderShipped { orderId: 00000000-0000-0000-0000-000000000001, tracking: "1Z999" }
        + Order.OrderShipped { orderId: 00000000-0000-0000-0000-000000000001, tracking: "" }
        """)
        let standIn = AggregateScenario("ship", aggregate: Order(swiftDecisions: Order.ScenarioDecisions()), context: context)
            .given(history).when(ship).canonicalText
        #expect(standIn == "error: `Order.ShipOrder` is decided in Swift, which scenarios do not run")
        let missing = AggregateScenario("confirm", aggregate: Order(swiftDecisions: Order.ScenarioDecisions()), context: context)
            .when(.confirmOrder(Order.ConfirmOrder(orderId: id(1)))).canonicalText
        #expect(missing == "rejected aggregateNotFound")
    }

    @Test("policy: a command sent at once, a deadline with its delay, and `nothing` for another event")
    func policies() async throws {
        try await PolicyScenario("a cancelled order's stock is released", policy: ReleaseStockWhenCancelled.self)
            .then(Order.OrderCancelled(orderId: id(1), reason: "x"), commands: checkoutCommands,
                  equals: "Inventory.Release { reservationId: 00000000-0000-0000-0000-000000000001 }")
        try await PolicyScenario("an unconfirmed order expires", policy: ExpireUnconfirmedOrders.self)
            .then(placed(1), commands: checkoutCommands,
                  equals: "after duration(1800, 0) Order.ExpireOrder { orderId: 00000000-0000-0000-0000-000000000001 }")
        #expect(try await PolicyScenario("not my event", policy: ExpireUnconfirmedOrders.self)
            .when(Order.OrderConfirmed(orderId: id(1)), commands: checkoutCommands) == "nothing")
    }
}

/// Checkout with its first two steps swapped: charges before it reserves.
private enum SwappedCheckout: SagaDefinition {
    typealias Input = Checkout.Input
    typealias Results = Checkout.Results
    static let name = "SwappedCheckout"
    static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input? { try Checkout.input(startedBy: recorded, codec: codec) }
    static let steps: [SagaStep<SwappedCheckout>] = [
        SagaStep("chargePayment", invoke: { input, _ in Payment.Charge(paymentId: input.orderId, customerId: input.customerId, amount: input.amount) },
                 as: { results, result in results.charge = result }, compensate: .command { input, results in
                     try Payment.Refund(paymentId: input.orderId, transactionId: bound(results.charge, "charge").transactionId, amount: input.amount)
                 }),
        SagaStep("reserveStock", invoke: { input, _ in Inventory.Reserve(reservationId: input.orderId, items: input.items) },
                 compensate: .command { input, _ in Inventory.Release(reservationId: input.orderId) }),
    ]
    static let onFailure: [SagaCommand<SwappedCheckout>] = [SagaCommand { input, _ in Order.CancelOrder(orderId: input.orderId, reason: "checkout failed") }]
}

/// Checkout whose first step is undone by reserving again instead of releasing.
private enum ReservingTwiceCheckout: SagaDefinition {
    typealias Input = Checkout.Input
    typealias Results = Checkout.Results
    static let name = "ReservingTwiceCheckout"
    static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input? { try Checkout.input(startedBy: recorded, codec: codec) }
    static let steps: [SagaStep<ReservingTwiceCheckout>] = [
        SagaStep("reserveStock", invoke: { input, _ in Inventory.Reserve(reservationId: input.orderId, items: input.items) },
                 compensate: .command { input, _ in Inventory.Reserve(reservationId: input.orderId, items: []) }),
        SagaStep("chargePayment", invoke: { input, _ in Payment.Charge(paymentId: input.orderId, customerId: input.customerId, amount: input.amount) },
                 as: { results, result in results.charge = result }, compensate: .nothing),
    ]
    static let onFailure: [SagaCommand<ReservingTwiceCheckout>] = [SagaCommand { input, _ in Order.CancelOrder(orderId: input.orderId, reason: "checkout failed") }]
}

/// Ships without recording the tracking number: a deliberately wrong decision.
private struct ForgetfulWarehouse: Order.SwiftDecisions {
    func decide(_ command: Order.ShipOrder, state: Order.State, context: CommandContext) throws -> [Order.OrderShipped] {
        [Order.OrderShipped(orderId: command.orderId, tracking: "")]
    }
}
