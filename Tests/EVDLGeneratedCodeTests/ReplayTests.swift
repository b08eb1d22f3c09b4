import EVDLRuntime
import Foundation
import Testing

/// The generated `evolve`, replay through the store, snapshots, and time travel.
@Suite struct ReplayTests {
    /// Places, confirms and ships order 1 at times 10, 20, 30.
    func history(_ repository: Repository<Order>) async throws {
        _ = try await repository.execute(Fixture.place(1), context: Fixture.at(10))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))), context: Fixture.at(20))
        _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: Fixture.id(1), tracking: "T")), context: Fixture.at(30))
    }

    let expectedFinal = Order.State(status: .shipped, items: [Fixture.line], total: 10, customerId: Fixture.id(101), placedAt: Fixture.date(10))

    @Test func replayingTheStoredEventsGivesTheStateAgain() async throws {
        let store = InMemoryEventStore()
        let repository = Fixture.repository(store)
        try await history(repository)
        let loaded = try await repository.load(Fixture.id(1))
        #expect(loaded.state == expectedFinal)
        #expect(loaded.version == 3)
        #expect(loaded.replayedEvents == 3)
        // Decoding the stored payloads and folding `evolve` by hand gives the same state.
        let recorded = try await store.readStream(Order.streamID(for: Fixture.id(1)))
        let events = try recorded.map { try Order.Event.decode($0, codec: .standard) }
        #expect(Order.replay(events) == expectedFinal)
        #expect(Order.replay([]) == Order.State())
        // `evolve` one event at a time, in-place `replay`, and decoding replay agree.
        #expect(events.reduce(Order.State()) { Order.evolve($0, $1) } == expectedFinal)
        #expect(try Order.replay(recorded: recorded, from: Order.State(), codec: .standard) == expectedFinal)
        #expect(Order.replay(Array(events.dropFirst()), from: Order.replay(Array(events.prefix(1)))) == expectedFinal)
    }

    @Test func anEventWithoutApplyLeavesTheStateAlone() {
        // Every Order event has an `apply`; Inventory's `StockReleased` resets, so check `evolve` is per case.
        let state = Inventory.State(reserved: true, items: [Fixture.line])
        #expect(Inventory.evolve(state, .stockReleased(Inventory.StockReleased(reservationId: Fixture.id(1)))) == Inventory.State())
        #expect(Inventory.evolve(Inventory.State(), .stockReserved(Inventory.StockReserved(reservationId: Fixture.id(1), items: [Fixture.line]))) == state)
    }

    @Test func aSnapshotIsUsedAndOnlyTheTailIsReplayed() async throws {
        let store = InMemoryEventStore()
        let snapshots = InMemorySnapshotStore()
        let repository = Fixture.repository(store, snapshots: snapshots)
        try await history(repository)
        #expect(Order.snapshotEvery == 100)
        let afterTwo = try await repository.state(of: Fixture.id(1), atVersion: 2).state
        await snapshots.save(Snapshot(
            streamID: Order.streamID(for: Fixture.id(1)), version: 2, stateFingerprint: Order.State.shapeFingerprint,
            state: try PayloadCodec.standard.encode(afterTwo), takenAt: Fixture.date(25)
        ))
        let loaded = try await repository.load(Fixture.id(1))
        #expect(loaded.snapshotVersion == 2)
        #expect(loaded.replayedEvents == 1)
        #expect(loaded.state == expectedFinal)
        #expect(loaded.ignoredSnapshot == nil)
    }

    @Test func aSnapshotOfAnotherStateShapeIsIgnoredAndTheStateRebuilt() async throws {
        let store = InMemoryEventStore()
        let snapshots = InMemorySnapshotStore()
        let repository = Fixture.repository(store, snapshots: snapshots)
        try await history(repository)
        // A poisoned state under an old fingerprint: if it were used, the state would be cancelled.
        var poisoned = expectedFinal
        poisoned.status = .cancelled
        await snapshots.save(Snapshot(
            streamID: Order.streamID(for: Fixture.id(1)), version: 3, stateFingerprint: "an older shape",
            state: try PayloadCodec.standard.encode(poisoned), takenAt: Fixture.date(35)
        ))
        let loaded = try await repository.load(Fixture.id(1))
        #expect(loaded.ignoredSnapshot == .olderStateShape("an older shape"))
        #expect(loaded.snapshotVersion == nil)
        #expect(loaded.replayedEvents == 3)
        #expect(loaded.state == expectedFinal)
    }

    @Test func theFingerprintFollowsTheStateShape() {
        #expect(Order.State.shapeFingerprint.count == 16)
        #expect(Order.State.shapeFingerprint != Inventory.State.shapeFingerprint)
    }

    @Test func timeTravelByVersionAndByDate() async throws {
        let repository = Fixture.repository(InMemoryEventStore())
        try await history(repository)
        #expect(try await repository.state(of: Fixture.id(1), atVersion: 0).state == Order.State())
        #expect(try await repository.state(of: Fixture.id(1), atVersion: 1).state.status == .placed)
        #expect(try await repository.state(of: Fixture.id(1), atVersion: 2).state.status == .confirmed)
        #expect(try await repository.state(of: Fixture.id(1), at: Fixture.date(5)).state == Order.State())
        #expect(try await repository.state(of: Fixture.id(1), at: Fixture.date(25)).state.status == .confirmed)
        #expect(try await repository.state(of: Fixture.id(1), at: Fixture.date(30)).state == expectedFinal)
    }
}
