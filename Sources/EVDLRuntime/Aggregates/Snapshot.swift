import Foundation

/// The state of an aggregate after a given stream version, encoded, with the state shape that wrote it.
public struct Snapshot: Sendable, Codable, Equatable {
    /// The aggregate's stream.
    public var streamID: StreamID
    /// The stream version the state reflects (the state after applying events 1…version).
    public var version: Int64
    /// `State.shapeFingerprint` of the code that took the snapshot; a different one means "ignore and replay".
    public var stateFingerprint: String
    /// The encoded state (see `PayloadCodec`).
    public var state: Data
    /// When the snapshot was taken.
    public var takenAt: Date

    /// Creates a snapshot.
    public init(streamID: StreamID, version: Int64, stateFingerprint: String, state: Data, takenAt: Date) {
        self.streamID = streamID
        self.version = version
        self.stateFingerprint = stateFingerprint
        self.state = state
        self.takenAt = takenAt
    }
}

/// Keeps the latest snapshot per stream. Snapshots are a cache: losing one only costs a replay.
public protocol SnapshotStore: Sendable {
    /// The latest snapshot of `stream`, if any.
    func latest(for stream: StreamID) async throws -> Snapshot?
    /// Stores `snapshot`, replacing an older one of the same stream (a snapshot at a lower version is ignored).
    func save(_ snapshot: Snapshot) async throws
}
