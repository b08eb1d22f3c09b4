import EVDLEvolutionV1
import EVDLRuntime
import Foundation
import Testing

/// Snapshots taken by v1's generated code (`EVDLEvolutionV1`) through a real repository, read by the code generated
/// from `evolved.evdl`: `SnapshotKept` changed only an event (safe), so its snapshot is used; `SnapshotReshaped`'s
/// state gained a field (EVDL0820, a warning), so its snapshot is ignored and the state rebuilt from the events.
@Suite struct EvolutionSnapshotTests {
    static let id = UUID(uuidString: "00000000-0000-0000-0000-0000000000C3")!

    @Test("a snapshot of an unchanged state is read by the evolved code; one of a reshaped state is ignored and rebuilt")
    func snapshotsOfV1Code() async throws {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("evdl-evolution-snapshots-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("events.log").path
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

        // v1: three deposits into each aggregate; `snapshot every 2` takes one at version 2.
        let store = try FileEventStore(path: path)
        let snapshots = try FileSnapshotStore(directory: folder.appendingPathComponent("snapshots"))
        let keptV1 = Repository(aggregate: EVDLEvolutionV1.SnapshotKept(), store: store, snapshots: snapshots)
        let reshapedV1 = Repository(aggregate: EVDLEvolutionV1.SnapshotReshaped(), store: store, snapshots: snapshots)
        for n in 1...3 {
            _ = try await keptV1.execute(.deposit(.init(accountId: Self.id, sum: Decimal(n), kind: .cash, count: n)))
            _ = try await reshapedV1.execute(.deposit(.init(accountId: Self.id, sum: Decimal(n), kind: .cash, count: n)))
        }
        #expect(try await keptV1.load(Self.id).snapshotVersion == 2)
        #expect(try await reshapedV1.load(Self.id).snapshotVersion == 2)
        await store.close()

        // The evolved code, on the same files.
        let reopened = try FileEventStore(path: path)
        let reopenedSnapshots = try FileSnapshotStore(directory: folder.appendingPathComponent("snapshots"))
        let kept = Repository(aggregate: SnapshotKept(), store: reopened, snapshots: reopenedSnapshots)
        let loaded = try await kept.load(Self.id)
        #expect(SnapshotKept.State.shapeFingerprint == EVDLEvolutionV1.SnapshotKept.State.shapeFingerprint)
        #expect(loaded.snapshotVersion == 2 && loaded.replayedEvents == 1 && loaded.ignoredSnapshot == nil)
        #expect(loaded.state == SnapshotKept.State(balance: 6, deposits: 3) && loaded.version == 3)
        // It goes on from there: a v2 event after v1 ones, and its own snapshot at version 4.
        let next = try await kept.execute(.deposit(.init(accountId: Self.id, sum: 4, kind: .card, count: 4)))
        #expect(next.recorded.map(\.schemaVersion) == [2])
        let after = try await kept.load(Self.id)
        #expect(after.snapshotVersion == 4 && after.replayedEvents == 0 && after.state == SnapshotKept.State(balance: 10, deposits: 4))

        let reshaped = Repository(aggregate: SnapshotReshaped(), store: reopened, snapshots: reopenedSnapshots)
        let rebuilt = try await reshaped.load(Self.id)
        #expect(SnapshotReshaped.State.shapeFingerprint != EVDLEvolutionV1.SnapshotReshaped.State.shapeFingerprint)
        #expect(rebuilt.ignoredSnapshot == .olderStateShape(EVDLEvolutionV1.SnapshotReshaped.State.shapeFingerprint))
        #expect(rebuilt.snapshotVersion == nil && rebuilt.replayedEvents == 3)
        #expect(rebuilt.state == SnapshotReshaped.State(balance: 6, deposits: 3, coins: 6))
        await reopened.close()
    }
}
