import EVDLRuntime
import Foundation
import Testing

// The generated `saga Checkout`, `service Payment`, `service Shipping` and the routes of `Order` and `Inventory`
// (Tests/EVDLGeneratedCodeTests/Checkout, kept identical to the generator's output by the reference tests), driven
// by the runtime's `SagaOrchestrator` with the user's service implementations of Support/CheckoutServices.swift.

@Suite struct SagaDefinitionTests {
    @Test func theDefinitionListsTheStepsOfTheSpecInOrder() {
        #expect(Checkout.name == "Checkout")
        #expect(Checkout.steps.map(\.name) == ["reserveStock", "chargePayment", "checkCredit", "createShipment", "confirm"])
        #expect(Checkout.steps.map(\.commandType) == [
            "Inventory.Reserve", "Payment.Charge", "Payment.CheckCredit", "Shipping.CreateShipment", "Order.ConfirmOrder",
        ])
        #expect(Checkout.steps.map(\.retry) == [.none, .times(3), .none, .none, .forever])
        #expect(Checkout.steps.map(\.timeout) == [nil, .seconds(30), nil, nil, nil])
        #expect(Checkout.steps.map(\.bindsResult) == [false, true, false, true, false])
        let compensations = Checkout.steps.map { step -> String in
            switch step.compensation {
            case .command(let command): command.typeName
            case .nothing: "nothing"
            case .pivot: "pivot"
            }
        }
        #expect(compensations == ["Inventory.Release", "Payment.Refund", "nothing", "pivot", "pivot"])
        #expect(Checkout.onFailure.map(\.typeName) == ["Order.CancelOrder"])
    }

    @Test func aPlacedOrderStartsTheSagaWithItsInput() async throws {
        let world = try CheckoutWorld()
        #expect(Checkout.startEventTypes == ["Order.OrderPlaced"])
        let placed = try await world.placeOrder(1, total: 25)
        let input = try #require(try Checkout.input(startedBy: placed, codec: .standard))
        #expect(input == Checkout.Input(orderId: Fixture.id(1), customerId: Fixture.id(101), items: [Fixture.line], amount: 25))
        // Any other event starts nothing.
        let reserved = try await world.inventory.execute(.reserve(Inventory.Reserve(reservationId: Fixture.id(1), items: [])))
        #expect(try Checkout.input(startedBy: reserved.recorded[0], codec: .standard) == nil)
    }

    @Test func boundResultsRoundTripThroughTheCodec() throws {
        var results = Checkout.Results()
        #expect(results.charge == nil && results.shipment == nil)
        results.charge = Payment.ChargeResult(transactionId: "tx-1")
        let data = try PayloadCodec.standard.encode(results)
        #expect(try PayloadCodec.standard.decode(Checkout.Results.self, from: data) == results)
    }

    @Test func routingSendsEachCommandToItsParticipant() throws {
        let world = try CheckoutWorld()
        #expect(world.router.typeNames == [
            "Inventory.Release", "Inventory.Reserve", "Order.CancelOrder", "Order.ConfirmOrder", "Order.ExpireOrder", "Order.PlaceOrder",
            "Order.ShipOrder", "Payment.Charge", "Payment.CheckCredit", "Payment.Refund", "Shipping.CreateShipment",
        ])
        #expect(Order.ConfirmOrder(orderId: Fixture.id(3)).aggregateCommand == .confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(3))))
    }
}

@Suite struct SagaRunTests {
    @Test func theSuccessPathRunsEveryStepOnce() async throws {
        let world = try CheckoutWorld()
        let placed = try await world.placeOrder(1)
        let input = try #require(try Checkout.input(startedBy: placed, codec: .standard))
        let sagaID = Fixture.id(900)
        #expect(try await world.orchestrator().run(input, sagaID: sagaID) == .completed)
        #expect(await world.systems.appliedCommands == ["Charge", "CheckCredit", "CreateShipment"])
        #expect(await world.systems.appliedEachKeyOnce)
        #expect(await world.systems.applied.first == "Charge saga/Checkout/\(sagaID.uuidString)/chargePayment/invoke")
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved)
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .confirmed)
        let status = try #require(try await world.orchestrator().status(of: sagaID))
        #expect(status.outcome == .completed)
        #expect(status.completedSteps == Checkout.steps.map(\.name))
    }

    @Test func placedOrdersStartSagasOnceThroughTheStartTrigger() async throws {
        let world = try CheckoutWorld()
        try await world.placeOrder(1)
        try await world.placeOrder(2)
        let checkpoints = InMemoryCheckpointStore()
        let orchestrator = world.orchestrator()
        #expect(try await orchestrator.catchUpStarts(checkpoints: checkpoints) == 2)
        await orchestrator.waitUntilIdle()
        #expect(try await orchestrator.catchUpStarts(checkpoints: checkpoints) == 0)
        for n in [1, 2] {
            #expect(try await world.orders.load(Fixture.id(n)).state.status == .confirmed)
        }
        #expect(await world.systems.appliedCommands.filter { $0 == "Charge" }.count == 2)
    }

    @Test func aDeclinedPaymentReleasesTheStockAndCancelsTheOrder() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("Charge", times: 1, permanent: true)
        let outcome = try await world.orchestrator().run(input, sagaID: Fixture.id(901))
        #expect(outcome == .compensated(reason: "step `chargePayment` failed: rejected: Charge declined"))
        // The failed step is not compensated: nothing was charged, so nothing is refunded.
        #expect(await world.systems.appliedCommands == [])
        #expect(try await world.history(of: Inventory.self, Fixture.id(1)) == ["Inventory.StockReserved", "Inventory.StockReleased"])
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .cancelled)
    }

    @Test func aTransientChargeFailureIsRetriedAndAppliedOnce() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("Charge", times: 2)
        let sagaID = Fixture.id(902)
        #expect(try await world.orchestrator().run(input, sagaID: sagaID) == .completed)
        #expect(await world.systems.deliveries["saga/Checkout/\(sagaID.uuidString)/chargePayment/invoke"] == 3)
        #expect(await world.systems.appliedCommands == ["Charge", "CheckCredit", "CreateShipment"])
    }

    @Test func aFailingShipmentRefundsWithTheBoundTransactionThenReleasesTheStock() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("CreateShipment", times: .max)
        let sagaID = Fixture.id(903)
        let outcome = try await world.orchestrator().run(input, sagaID: sagaID)
        #expect(outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.systems.appliedCommands == ["Charge", "CheckCredit", "Refund"])
        // The compensation read `charge.transactionId`, the result the charge step bound.
        #expect(await world.systems.refunds == [Payment.Refund(paymentId: Fixture.id(1), transactionId: "tx-\(Fixture.id(1))", amount: 10)])
        let status = try #require(try await world.orchestrator().status(of: sagaID))
        let refunded = try #require(status.compensatedSteps.firstIndex(of: "chargePayment"))
        let released = try #require(status.compensatedSteps.firstIndex(of: "reserveStock"))
        #expect(refunded < released)
        #expect(try await world.history(of: Inventory.self, Fixture.id(1)) == ["Inventory.StockReserved", "Inventory.StockReleased"])
        #expect(try await world.orders.load(Fixture.id(1)).state.status == .cancelled)
    }

    @Test func aBoundResultSurvivesACrashAndIsReadByTheCompensationOfANewOrchestrator() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("CreateShipment", times: .max)
        let sagaID = Fixture.id(904)
        let crashing = SagaOrchestrator<Checkout>(
            store: CrashingSagaStore(world.store, crashAfterCompletedSteps: 2), router: world.router, clock: world.clock,
            options: SagaOptions(compensationAttempts: 3, backoff: .immediate)
        )
        await #expect(throws: PowerLoss.self) { _ = try await crashing.run(input, sagaID: sagaID) }
        #expect(try await world.orchestrator().status(of: sagaID)?.completedSteps == ["reserveStock", "chargePayment"])
        // A new orchestrator on the same store knows `charge` only from the recorded history.
        let resumed = world.orchestrator()
        #expect(try await resumed.resumeUnfinished() == [sagaID])
        await resumed.waitUntilIdle()
        #expect(try await resumed.status(of: sagaID)?.outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.systems.refunds.map(\.transactionId) == ["tx-\(Fixture.id(1))"])
        #expect(await world.systems.appliedEachKeyOnce)
    }

    @Test func aSagaInterruptedOnTheFileStoreCompensatesAfterReopeningIt() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-saga-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("events.log").path
        let sagaID = Fixture.id(905)

        let first = try FileEventStore(path: path)
        let before = try CheckoutWorld(store: first)
        let input = try #require(try Checkout.input(startedBy: try await before.placeOrder(1), codec: .standard))
        await before.systems.fail("CreateShipment", times: .max)
        let crashing = SagaOrchestrator<Checkout>(
            store: CrashingSagaStore(first, crashAfterCompletedSteps: 2), router: before.router, clock: before.clock,
            options: SagaOptions(compensationAttempts: 3, backoff: .immediate)
        )
        await #expect(throws: PowerLoss.self) { _ = try await crashing.run(input, sagaID: sagaID) }
        await first.close()

        let reopened = try FileEventStore(path: path)
        let after = try CheckoutWorld(store: reopened, systems: before.systems)
        let resumed = after.orchestrator()
        #expect(try await resumed.resumeUnfinished() == [sagaID])
        await resumed.waitUntilIdle()
        #expect(try await resumed.status(of: sagaID)?.outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await after.systems.refunds.map(\.transactionId) == ["tx-\(Fixture.id(1))"])
        #expect(try await after.inventory.load(Fixture.id(1)).state.reserved == false)
        #expect(try await after.orders.load(Fixture.id(1)).state.status == .cancelled)
        #expect(await after.systems.appliedEachKeyOnce)
        await reopened.close()
    }

    @Test func aRefundFailingTwiceIsRetriedAndTheSagaStillCompensates() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("CreateShipment", times: .max)
        await world.systems.fail("Refund", times: 2)
        let sagaID = Fixture.id(906)
        let outcome = try await world.orchestrator().run(input, sagaID: sagaID)
        #expect(outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.systems.deliveries["saga/Checkout/\(sagaID.uuidString)/chargePayment/compensate"] == 3)
        #expect(await world.systems.appliedCommands == ["Charge", "CheckCredit", "Refund"])
        #expect(try await world.inventory.load(Fixture.id(1)).state.reserved == false)
    }

    @Test func aRefundFailingForeverEndsTheSagaAsFailedWithTheReason() async throws {
        let world = try CheckoutWorld()
        let input = try #require(try Checkout.input(startedBy: try await world.placeOrder(1), codec: .standard))
        await world.systems.fail("CreateShipment", times: .max)
        await world.systems.fail("Refund", times: .max)
        let sagaID = Fixture.id(907)
        let outcome = try await world.orchestrator().run(input, sagaID: sagaID)
        guard case .failed(let reason) = outcome else {
            Issue.record("expected a failed saga, got \(outcome)")
            return
        }
        #expect(reason.contains("createShipment"))
        #expect(reason.contains("chargePayment"))
        #expect(reason.contains("Refund is unavailable"))
        #expect(await world.systems.deliveries["saga/Checkout/\(sagaID.uuidString)/chargePayment/compensate"] == 3)
        #expect(await world.systems.appliedCommands == ["Charge", "CheckCredit"])
        let status = try #require(try await world.orchestrator().status(of: sagaID))
        #expect(status.outcome == outcome)
        #expect(status.failureReason == reason)
    }
}
