import Foundation

/// Snapshots in memory (tests, or a cache in front of replay within one process).
public actor InMemorySnapshotStore: SnapshotStore {
    private var snapshots: [StreamID: Snapshot] = [:]

    /// Creates an empty store.
    public init() {}

    /// The latest snapshot of `stream`.
    public func latest(for stream: StreamID) -> Snapshot? {
        snapshots[stream]
    }

    /// Keeps `snapshot` unless a newer one is stored.
    public func save(_ snapshot: Snapshot) {
        if let current = snapshots[snapshot.streamID], current.version > snapshot.version { return }
        snapshots[snapshot.streamID] = snapshot
    }
}

/// Snapshots as files in a directory, one per stream (`<hex of the stream id>.snapshot.json`, the `Snapshot`
/// encoded as JSON), each replaced atomically (written aside, then renamed).
///
/// A snapshot file that no longer decodes is treated as missing: snapshots are a cache, and the repository
/// rebuilds the state by replay.
public actor FileSnapshotStore: SnapshotStore {
    /// The directory holding the snapshot files.
    public nonisolated let directory: URL
    private let codec: PayloadCodec

    /// Uses (and creates if needed) `directory`.
    public init(directory: URL, codec: PayloadCodec = .standard) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        self.codec = codec
    }

    /// The file that holds `stream`'s snapshot.
    public nonisolated func fileURL(for stream: StreamID) -> URL {
        let name = stream.rawValue.utf8.map { String(format: "%02x", $0) }.joined()
        return directory.appendingPathComponent("\(name).snapshot.json")
    }

    /// The snapshot stored for `stream`, or `nil` when there is none or it does not decode.
    public func latest(for stream: StreamID) throws -> Snapshot? {
        let url = fileURL(for: stream)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let data = try Data(contentsOf: url)
        return try? codec.decode(Snapshot.self, from: data)
    }

    /// Replaces `stream`'s snapshot unless the stored one is newer.
    public func save(_ snapshot: Snapshot) throws {
        if let current = try latest(for: snapshot.streamID), current.version > snapshot.version { return }
        try codec.encode(snapshot).write(to: fileURL(for: snapshot.streamID), options: .atomic)
    }
}
