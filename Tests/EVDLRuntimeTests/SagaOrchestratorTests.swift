import EVDLRuntime
import Foundation
import Testing

@Suite struct SagaOrchestratorTests {
    @Test func successPathRunsEveryStepOnceAndBindsResults() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        let sagaID = id(500)
        let outcome = try await world.orchestrator().run(input, sagaID: sagaID)
        #expect(outcome == .completed)
        #expect(await world.ledger.appliedCommands == ["Charge", "CheckCredit", "CreateShipment"])
        #expect(await world.ledger.appliedEachKeyOnce)
        #expect(try await world.count("Inventory.StockReserved", in: Inventory.self, id(1)) == 1)
        #expect(try await world.orders.load(id(1)).state.status == .confirmed)
        #expect(try await world.sagaHistory(sagaID) == [
            "Started", "StepCompleted reserveStock", "StepTimeoutScheduled chargePayment", "StepCompleted chargePayment",
            "StepCompleted checkCredit", "StepCompleted createShipment", "StepCompleted confirm", "Completed",
        ])
        let status = try #require(try await world.orchestrator().status(of: sagaID))
        #expect(status.state == .ended(.completed))
        #expect(status.completedSteps == ["reserveStock", "chargePayment", "checkCredit", "createShipment", "confirm"])
        #expect(status.failureReason == nil)
    }

    @Test func batchedRunAppendsTheHistoryOnlyWhereItMust() async throws {
        let store = InMemoryEventStore()
        let world = try CheckoutWorld(store: store)
        let input = try await world.placeOrder(1)
        let counting = CrashingStore(store, budget: .max)
        let counted = try CheckoutWorld(store: counting, ledger: world.ledger, clock: world.clock)
        let options = SagaOptions(journal: .batched, compensationAttempts: 3, backoff: .immediate)
        #expect(try await counted.orchestrator(options).run(input, sagaID: id(509)) == .completed)
        // Inventory.Reserve; the history up to chargePayment's timeout (durable before the timed attempt);
        // Order.ConfirmOrder; the rest of the history with its end.
        #expect(counting.appends == 4)
        #expect(try await world.sagaHistory(id(509)).count == 8)
        // Running the same id again resumes nothing and applies nothing.
        #expect(try await counted.orchestrator(options).run(input, sagaID: id(509)) == .completed)
        #expect(await world.ledger.appliedEachKeyOnce)
    }

    @Test func resultsArePersistedAndReadByCompensationsAfterARestart() async throws {
        let store = InMemoryEventStore()
        let world = try CheckoutWorld(store: store)
        let input = try await world.placeOrder(1)
        await world.ledger.fail("CreateShipment", times: .max)
        // Crash right after chargePayment is recorded: its result lives only in the history now.
        let crashing = try CheckoutWorld(store: CrashingStore(store, budget: 5), ledger: world.ledger, clock: world.clock)
        await #expect(throws: SimulatedCrash.self) { _ = try await crashing.orchestrator().run(input, sagaID: id(501)) }
        #expect(try await world.sagaHistory(id(501)).last == "StepCompleted chargePayment")
        let resumed = world.orchestrator()
        #expect(try await resumed.resumeUnfinished() == [id(501)])
        await resumed.waitUntilIdle()
        #expect(try await resumed.status(of: id(501))?.outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.ledger.applied.contains("Refund:saga/Checkout/\(id(501).uuidString)/chargePayment/compensate"))
        #expect(await world.ledger.appliedEachKeyOnce)
    }

    @Test func declinedPaymentReleasesStockAndCancelsTheOrder() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.fail("Charge", times: 1, permanent: true)
        let outcome = try await world.orchestrator().run(input, sagaID: id(502))
        #expect(outcome == .compensated(reason: "step `chargePayment` failed: rejected: Charge declined"))
        // A permanent failure is not retried, and the failed step itself is not compensated.
        #expect(await world.ledger.deliveries["saga/Checkout/\(id(502).uuidString)/chargePayment/invoke"] == 1)
        #expect(await world.ledger.appliedCommands == [])
        #expect(try await world.count("Inventory.StockReleased", in: Inventory.self, id(1)) == 1)
        #expect(try await world.inventory.load(id(1)).state.reserved == false)
        #expect(try await world.orders.load(id(1)).state.status == .cancelled)
        #expect(try await world.sagaHistory(id(502)) == [
            "Started", "StepCompleted reserveStock", "StepTimeoutScheduled chargePayment", "StepAttemptFailed chargePayment",
            "StepFailed chargePayment", "CompensationCompleted reserveStock", "FailureCommandCompleted", "Ended",
        ])
    }

    @Test func shipmentFailingAfterItsRetriesRefundsThenReleasesInThatOrder() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.fail("CreateShipment", times: .max)
        let outcome = try await world.orchestrator().run(input, sagaID: id(503))
        #expect(outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.ledger.deliveries["saga/Checkout/\(id(503).uuidString)/createShipment/invoke"] == 3)  // retry 2
        #expect(await world.ledger.appliedCommands == ["Charge", "CheckCredit", "Refund"])
        let history = try await world.sagaHistory(id(503))
        #expect(Array(history.suffix(5)) == [
            "StepFailed createShipment", "CompensationCompleted chargePayment", "CompensationCompleted reserveStock",
            "FailureCommandCompleted", "Ended",
        ])
        // The refund was applied before the stock release was even attempted.
        let stream = SagaOrchestrator<Checkout>.streamID(for: id(503))
        let refunded = try #require(try await world.position(of: "$Saga.CompensationCompleted", in: stream))
        let released = try #require(try await world.position(of: "Inventory.StockReleased", in: Inventory.streamID(for: id(1))))
        #expect(refunded < released)
        #expect(try await world.orders.load(id(1)).state.status == .cancelled)
        let status = try #require(try await world.orchestrator().status(of: id(503)))
        #expect(status.compensatedSteps == ["chargePayment", "reserveStock"])
        #expect(status.completedSteps == ["reserveStock", "chargePayment", "checkCredit"])
    }

    @Test func compensationFailingTwiceThenSucceedingIsRetried() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.fail("CreateShipment", times: .max)
        await world.ledger.fail("Refund", times: 2)
        let outcome = try await world.orchestrator().run(input, sagaID: id(504))
        #expect(outcome == .compensated(reason: "step `createShipment` failed: CreateShipment is unavailable"))
        #expect(await world.ledger.deliveries["saga/Checkout/\(id(504).uuidString)/chargePayment/compensate"] == 3)
        #expect(await world.ledger.applications["saga/Checkout/\(id(504).uuidString)/chargePayment/compensate"] == 1)
        let history = try await world.sagaHistory(id(504))
        #expect(history.filter { $0 == "CompensationAttemptFailed chargePayment" }.count == 2)
        #expect(history.contains("CompensationCompleted chargePayment"))
        #expect(history.contains("CompensationCompleted reserveStock"))
    }

    @Test func compensationFailingForeverEndsTheSagaAsFailedWithTheReason() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.fail("CreateShipment", times: .max)
        await world.ledger.fail("Refund", times: .max)
        let outcome = try await world.orchestrator().run(input, sagaID: id(505))
        let reason = "step `createShipment` failed: CreateShipment is unavailable; compensation of step `chargePayment` failed: Refund is unavailable (after 3 attempts)"
        #expect(outcome == .failed(reason: reason))
        // The other compensations still ran: the stock is released, the order cancelled.
        #expect(try await world.inventory.load(id(1)).state.reserved == false)
        #expect(try await world.orders.load(id(1)).state.status == .cancelled)
        let status = try #require(try await world.orchestrator().status(of: id(505)))
        #expect(status.state == .ended(.failed(reason: reason)))
        #expect(status.failureReason == reason)
        #expect(status.compensatedSteps == ["reserveStock"])
    }

    @Test func stepTimeoutFailsTheAttemptAndTheRetrySucceeds() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.hang("Charge")
        let orchestrator = world.orchestrator()
        try await orchestrator.start(input, sagaID: id(506))
        #expect(await eventually { world.clock.sleeperCount == 1 })  // the timeout timer of attempt 1
        world.clock.advance(by: .seconds(29))
        #expect(try await orchestrator.status(of: id(506))?.state == .running(nextStep: "chargePayment"))
        world.clock.advance(by: .seconds(2))
        #expect(try await eventually { try await world.sagaHistory(id(506)).contains("StepAttemptFailed chargePayment") })
        await world.ledger.stopHanging("Charge")
        await orchestrator.waitUntilIdle()
        let history = try await world.sagaHistory(id(506))
        #expect(history.filter { $0 == "StepTimeoutScheduled chargePayment" }.count == 2)
        #expect(try await orchestrator.status(of: id(506))?.outcome == .completed)
    }

    @Test func stepTimeoutRecordedBeforeACrashFiresAfterTheRestart() async throws {
        let store = InMemoryEventStore()
        let world = try CheckoutWorld(store: store)
        let input = try await world.placeOrder(1)
        await world.ledger.hang("Charge")
        let first = world.orchestrator()
        try await first.start(input, sagaID: id(507))
        #expect(await eventually { world.clock.sleeperCount == 1 })
        await first.stop()
        await world.ledger.stopHanging("Charge")
        // Time passes while nothing runs; the new orchestrator finds attempt 1 overdue and fails it at once.
        world.clock.advance(by: .seconds(60))
        let second = world.orchestrator()
        #expect(try await second.resumeUnfinished() == [id(507)])
        await second.waitUntilIdle()
        let history = try await world.sagaHistory(id(507))
        #expect(history.contains("StepAttemptFailed chargePayment"))
        #expect(try await second.status(of: id(507))?.outcome == .completed)
        #expect(await world.ledger.appliedEachKeyOnce)
    }

    @Test func retriesWaitTheirBackoffOnTheClock() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        let input = try await world.placeOrder(1)
        await world.ledger.fail("CreateShipment", times: 1)
        let options = SagaOptions(compensationAttempts: 3, backoff: Backoff(initial: .seconds(10), maximum: .seconds(60)))
        let orchestrator = world.orchestrator(options)
        try await orchestrator.start(input, sagaID: id(508))
        #expect(try await eventually { try await world.sagaHistory(id(508)).contains("StepAttemptFailed createShipment") })
        #expect(await eventually { world.clock.sleeperCount == 1 })
        #expect(await world.ledger.deliveries["saga/Checkout/\(id(508).uuidString)/createShipment/invoke"] == 1)
        world.clock.advance(by: .seconds(10))
        await orchestrator.waitUntilIdle()
        #expect(await world.ledger.deliveries["saga/Checkout/\(id(508).uuidString)/createShipment/invoke"] == 2)
        #expect(try await orchestrator.status(of: id(508))?.outcome == .completed)
    }

    @Test func startEventsStartOneSagaEachAndAreNotStartedTwice() async throws {
        let world = try CheckoutWorld(store: InMemoryEventStore())
        try await world.placeOrder(1)
        try await world.placeOrder(2)
        let checkpoints = InMemoryCheckpointStore()
        let orchestrator = world.orchestrator()
        #expect(try await orchestrator.catchUpStarts(checkpoints: checkpoints) == 2)
        await orchestrator.waitUntilIdle()
        // Seeing the events again (a lost checkpoint) starts nothing new.
        #expect(try await orchestrator.catchUpStarts(checkpoints: InMemoryCheckpointStore()) == 2)
        await orchestrator.waitUntilIdle()
        #expect(await world.ledger.appliedCommands.filter { $0 == "Charge" }.count == 2)
        #expect(await world.ledger.appliedEachKeyOnce)
        for order in [1, 2] {
            #expect(try await world.orders.load(id(order)).state.status == .confirmed)
        }
    }
}
