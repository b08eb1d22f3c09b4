import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// Snapshots in `<schema>.snapshots`, one row per stream: the runtime's `SnapshotStore`.
///
/// A save never replaces a newer snapshot (the upsert's condition compares versions in the database, so two
/// processes saving at once keep the higher one).
public final class PostgresSnapshotStore: SnapshotStore, Sendable {
    /// The client the store queries through.
    public let client: PostgresClient
    /// The schema holding `snapshots`.
    public let schema: PostgresSchema
    private let logger: Logger

    /// A store in `schema`.
    public init(client: PostgresClient, schema: PostgresSchema, logger: Logger = Logger(label: "evdl.postgres")) {
        self.client = client
        self.schema = schema
        self.logger = logger
    }

    /// The snapshot of `stream`, if any.
    public func latest(for stream: StreamID) async throws -> Snapshot? {
        do {
            let rows = try await client.query("""
                SELECT version, state_fingerprint, state, (extract(epoch FROM taken_at) * 1000)::bigint
                FROM \(unescaped: schema.name).snapshots WHERE stream_id = \(stream.rawValue)
                """, logger: logger)
            for try await (version, fingerprint, state, taken) in rows.decode((Int64, String, ByteBuffer, Int64).self) {
                return Snapshot(
                    streamID: stream, version: version, stateFingerprint: fingerprint,
                    state: state.withUnsafeReadableBytes { Data($0) }, takenAt: Date(millisecondsSince1970: taken)
                )
            }
            return nil
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .databaseFailure, message: "reading the snapshot of `\(stream)` failed: \(serverMessage(error))")
        }
    }

    /// Stores `snapshot` unless a newer one of its stream is stored.
    public func save(_ snapshot: Snapshot) async throws {
        do {
            try await client.query("""
                INSERT INTO \(unescaped: schema.name).snapshots AS s (stream_id, version, state_fingerprint, state, taken_at)
                VALUES (\(snapshot.streamID.rawValue), \(snapshot.version), \(snapshot.stateFingerprint), \(ByteBuffer(bytes: snapshot.state)),
                        timestamptz 'epoch' + \(snapshot.takenAt.millisecondsSince1970) * interval '1 millisecond')
                ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, state_fingerprint = excluded.state_fingerprint,
                    state = excluded.state, taken_at = excluded.taken_at
                WHERE s.version <= excluded.version
                """, logger: logger)
        } catch let error as PSQLError {
            throw PostgresStoreError(code: .databaseFailure, message: "saving the snapshot of `\(snapshot.streamID)` at version \(snapshot.version) failed: \(serverMessage(error))")
        }
    }
}
