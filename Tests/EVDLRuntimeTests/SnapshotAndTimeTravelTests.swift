import EVDLRuntime
import Foundation
import Testing

@Suite struct SnapshotAndTimeTravelTests {
    let order = Order(swiftDecisions: Warehouse())

    /// Places order 1 and confirms and ships it, each at its own time (3 events); a late cancel is rejected.
    func history(_ repository: Repository<Order>) async throws {
        _ = try await repository.execute(place(1), context: CommandContext(now: date(10)))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))), context: CommandContext(now: date(20)))
        _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")), context: CommandContext(now: date(30)))
        await #expect(throws: CommandRejection("a shipped order cannot be cancelled")) {
            try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(1), reason: "late")), context: CommandContext(now: date(40)))
        }
    }

    @Test func snapshotIsTakenEveryNEventsAndUsedOnLoad() async throws {
        let snapshots = InMemorySnapshotStore()
        let repository = Repository(aggregate: order, store: InMemoryEventStore(), snapshots: snapshots)
        _ = try await repository.execute(place(1))
        _ = try await repository.execute(.confirmOrder(Order.ConfirmOrder(orderId: id(1))))
        #expect(await snapshots.latest(for: Order.streamID(for: id(1))) == nil)
        _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
        let snapshot = try #require(await snapshots.latest(for: Order.streamID(for: id(1))))
        #expect(snapshot.version == 3)
        #expect(snapshot.stateFingerprint == Order.State.shapeFingerprint)
        let loaded = try await repository.load(id(1))
        #expect(loaded.snapshotVersion == 3)
        #expect(loaded.replayedEvents == 0)
        #expect(loaded.state.status == .shipped)
        #expect(loaded.ignoredSnapshot == nil)
    }

    @Test func snapshotOfAnOlderStateShapeIsIgnored() async throws {
        let snapshots = InMemorySnapshotStore()
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store, snapshots: snapshots)
        _ = try await repository.execute(place(1))
        // A snapshot claiming version 1 with a plausible but wrong state, written by an older shape.
        var wrong = Order.State()
        wrong.status = .cancelled
        await snapshots.save(Snapshot(streamID: Order.streamID(for: id(1)), version: 1, stateFingerprint: "Order.State{status:OrderStatus}", state: try PayloadCodec.standard.encode(wrong), takenAt: date(0)))
        let loaded = try await repository.load(id(1))
        #expect(loaded.ignoredSnapshot == .olderStateShape("Order.State{status:OrderStatus}"))
        #expect(loaded.snapshotVersion == nil)
        #expect(loaded.replayedEvents == 1)
        #expect(loaded.state.status == .placed)
    }

    @Test func snapshotThatNoLongerDecodesIsIgnored() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let snapshots = try FileSnapshotStore(directory: directory.url)
        let repository = Repository(aggregate: order, store: InMemoryEventStore(), snapshots: snapshots)
        _ = try await repository.execute(place(1))
        try await snapshots.save(Snapshot(streamID: Order.streamID(for: id(1)), version: 1, stateFingerprint: Order.State.shapeFingerprint, state: Data("{\"status\":\"teleported\"}".utf8), takenAt: date(0)))
        let loaded = try await repository.load(id(1))
        guard case .undecodable = loaded.ignoredSnapshot else {
            Issue.record("expected the snapshot to be ignored as undecodable, got \(String(describing: loaded.ignoredSnapshot))")
            return
        }
        #expect(loaded.state.status == .placed)
        #expect(loaded.replayedEvents == 1)
    }

    @Test func fileSnapshotStoreKeepsTheNewestAcrossInstances() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let repository = Repository(aggregate: order, store: InMemoryEventStore(), snapshots: try FileSnapshotStore(directory: directory.url))
        try await history(repository)
        let reopened = try FileSnapshotStore(directory: directory.url)
        let snapshot = try #require(try await reopened.latest(for: Order.streamID(for: id(1))))
        #expect(snapshot.version == 3)
        #expect(try PayloadCodec.standard.decode(Order.State.self, from: snapshot.state).status == .shipped)
        try await reopened.save(Snapshot(streamID: snapshot.streamID, version: 1, stateFingerprint: "x", state: Data(), takenAt: date(0)))
        #expect(try await reopened.latest(for: snapshot.streamID)?.version == 3)
    }

    @Test func stateAtAVersion() async throws {
        let repository = Repository(aggregate: order, store: InMemoryEventStore(), snapshots: InMemorySnapshotStore())
        try await history(repository)
        #expect(try await repository.state(of: id(1), atVersion: 0).state == Order.State())
        #expect(try await repository.state(of: id(1), atVersion: 1).state.status == .placed)
        let second = try await repository.state(of: id(1), atVersion: 2)
        #expect(second.state.status == .confirmed)
        #expect(second.version == 2)
        #expect(second.snapshotVersion == nil)  // the snapshot at 3 is past version 2
        let third = try await repository.state(of: id(1), atVersion: 3)
        #expect(third.state.status == .shipped)
        #expect(third.snapshotVersion == 3)
        #expect(try await repository.state(of: id(1), atVersion: 99).version == 3)
    }

    @Test func stateAtADate() async throws {
        let repository = Repository(aggregate: order, store: InMemoryEventStore())
        try await history(repository)
        #expect(try await repository.state(of: id(1), at: date(5)).version == 0)
        #expect(try await repository.state(of: id(1), at: date(10)).state.status == .placed)
        let between = try await repository.state(of: id(1), at: date(25))
        #expect(between.state.status == .confirmed)
        #expect(between.version == 2)
        #expect(try await repository.state(of: id(1), at: date(1000)).state.status == .shipped)
    }
}
