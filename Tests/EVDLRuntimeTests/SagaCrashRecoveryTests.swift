import EVDLRuntime
import Foundation
import Testing

/// A crash at every append boundary of a checkout (each saga history event, and each participant's own append):
/// the first orchestrator runs on a store that dies after `k` appends; a new orchestrator on the reopened
/// `FileEventStore` must finish the saga — completed, or fully compensated — with every participant applying each
/// command once.
@Suite struct SagaCrashRecoveryTests {
    enum Scenario: String, CaseIterable, Sendable {
        case succeeds
        case shipmentFails  // createShipment fails for good: refund, then release, then cancel the order
        case refundFailsTwice  // as shipmentFails, and the refund fails twice before it succeeds
    }

    /// The appends a crash-free run makes (after the order is placed), to know every boundary.
    private func appendsWithoutCrash(_ scenario: Scenario, journal: SagaOptions.Journal) async throws -> Int {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try FileEventStore(path: directory.path("log"), durability: .noSync)
        let world = try CheckoutWorld(store: file)
        try await world.placeOrder(1)
        try await inject(scenario, into: world.ledger)
        let counting = CrashingStore(file, budget: .max)
        let crashing = try CheckoutWorld(store: counting, ledger: world.ledger, clock: world.clock)
        let orchestrator = crashing.orchestrator(options(journal))
        try await orchestrator.catchUpStarts(checkpoints: InMemoryCheckpointStore())
        await orchestrator.waitUntilIdle()
        await file.close()
        return counting.appends
    }

    private func options(_ journal: SagaOptions.Journal) -> SagaOptions {
        SagaOptions(journal: journal, compensationAttempts: 3, backoff: .immediate)
    }

    private func inject(_ scenario: Scenario, into ledger: Ledger) async throws {
        switch scenario {
        case .succeeds:
            break
        case .shipmentFails:
            await ledger.fail("CreateShipment", times: .max)
        case .refundFailsTwice:
            await ledger.fail("CreateShipment", times: .max)
            await ledger.fail("Refund", times: 2)
        }
    }

    @Test(arguments: Scenario.allCases, [SagaOptions.Journal.everyTransition, .batched])
    func crashAtEveryBoundaryThenResume(_ scenario: Scenario, journal: SagaOptions.Journal) async throws {
        let total = try await appendsWithoutCrash(scenario, journal: journal)
        #expect(total >= 5)
        for budget in 0...total {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.path("log")
            let checkpoints = try FileCheckpointStore(url: directory.url.appendingPathComponent("checkpoints.json"))
            let ledger = Ledger()
            try await inject(scenario, into: ledger)

            // Run until the crash.
            let before = try FileEventStore(path: path, durability: .noSync)
            let placing = try CheckoutWorld(store: before, ledger: ledger)
            try await placing.placeOrder(1)
            let crashing = try CheckoutWorld(store: CrashingStore(before, budget: budget), ledger: ledger, clock: placing.clock)
            let first = crashing.orchestrator(options(journal))
            _ = try? await first.catchUpStarts(checkpoints: checkpoints)
            await first.waitUntilIdle()
            await first.stop()
            await before.close()

            // Restart on the reopened log.
            let after = try FileEventStore(path: path, durability: .noSync)
            let world = try CheckoutWorld(store: after, ledger: ledger, clock: placing.clock)
            let second = world.orchestrator(options(journal))
            try await second.catchUpStarts(checkpoints: checkpoints)
            try await second.resumeUnfinished()
            await second.waitUntilIdle()

            let sagaID = SagaOrchestrator<Checkout>.sagaID(startedBy: try #require(try await after.readAll(fromPosition: 1, limit: 1).first).eventID)
            let status = try #require(try await second.status(of: sagaID), "budget \(budget): the saga never started")
            let label = "\(scenario) \(journal) crash after \(budget) appends"
            #expect(await ledger.appliedEachKeyOnce, "\(label)")
            #expect(try await world.count("Inventory.StockReserved", in: Inventory.self, id(1)) == 1, "\(label)")
            switch scenario {
            case .succeeds:
                #expect(status.state == .ended(.completed), "\(label)")
                #expect(await ledger.appliedCommands.sorted() == ["Charge", "CheckCredit", "CreateShipment"], "\(label)")
                #expect(try await world.count("Order.OrderConfirmed", in: Order.self, id(1)) == 1, "\(label)")
            case .shipmentFails, .refundFailsTwice:
                #expect(status.state == .ended(.compensated(reason: "step `createShipment` failed: CreateShipment is unavailable")), "\(label)")
                #expect(status.compensatedSteps == ["chargePayment", "reserveStock"], "\(label)")
                #expect(await ledger.appliedCommands.sorted() == ["Charge", "CheckCredit", "Refund"], "\(label)")
                #expect(try await world.count("Inventory.StockReleased", in: Inventory.self, id(1)) == 1, "\(label)")
                #expect(try await world.count("Order.OrderCancelled", in: Order.self, id(1)) == 1, "\(label)")
            }
            await after.close()
        }
    }
}
