import EVDLRuntime
import Foundation
import Logging
import PostgresNIO

/// Keeps projections' rows in PostgreSQL up to date, committing each batch's rows together with the projection's
/// checkpoint: a projection update is applied exactly once, whatever crashes, and whatever the number of runner
/// instances (each transaction locks the projection's checkpoint row and applies only events past it).
///
/// Like the runtime's `ProjectionRunner`, it reads the events once per batch and hands each projection the events
/// it handles; an event a projection cannot decode stops it with `ProjectionError` before that batch.
public actor PostgresProjectionRunner {
    private let store: any EventStore
    private let readModels: PostgresReadModelStore
    private let projections: [any Projection.Type]
    private let codec: PayloadCodec
    private let batchSize: Int

    /// A runner for `projections` (distinct names) over events of `store`, rows in `readModels`.
    public init(
        store: any EventStore, readModels: PostgresReadModelStore, projections: [any Projection.Type],
        codec: PayloadCodec = .standard, batchSize: Int = 1000
    ) {
        self.store = store
        self.readModels = readModels
        self.projections = projections
        self.codec = codec
        self.batchSize = max(1, batchSize)
    }

    /// Applies every stored event past each projection's checkpoint; returns the last global position read.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        var positions: [Int64] = []
        for projection in projections {
            positions.append(try await readModels.checkpoint(for: projection.name))
        }
        var next = (positions.min() ?? 0) + 1
        while true {
            let batch = try await store.readAll(fromPosition: next, limit: batchSize)
            guard let last = batch.last else { break }
            try await dispatch(batch)
            next = last.globalPosition + 1
        }
        return next - 1
    }

    /// Catches up, then applies new events as they are committed, until the task is cancelled.
    public func run() async throws {
        let processed = try await catchUp()
        var batch: [RecordedEvent] = []
        for try await event in store.follow(fromPosition: processed + 1) {
            if Task.isCancelled { return }
            batch.append(event)
            // Apply what has arrived; `follow` hands over stored events in bursts, so batches form under load.
            try await dispatch(batch)
            batch.removeAll(keepingCapacity: true)
        }
    }

    /// Empties `projection`'s rows and checkpoint, then applies every event from the first.
    public func rebuild<P: Projection>(_ projection: P.Type) async throws {
        let (s, logger) = (readModels.schema.name, readModels.logger)
        try await readModels.transaction("resetting `\(P.name)`") { connection in
            try await connection.query("DELETE FROM \(unescaped: s).read_models WHERE projection = \(P.name)", logger: logger)
            try await connection.query("DELETE FROM \(unescaped: s).checkpoints WHERE name = \(P.name)", logger: logger)
        }
        var next: Int64 = 1
        while true {
            let batch = try await store.readAll(fromPosition: next, limit: batchSize)
            guard let last = batch.last else { break }
            try await apply(batch, to: projection)
            next = last.globalPosition + 1
        }
    }

    private func dispatch(_ batch: [RecordedEvent]) async throws {
        for projection in projections {
            try await apply(batch, to: projection)
        }
    }

    /// In one transaction: lock the checkpoint, apply the events past it that `P` handles, advance it.
    private func apply<P: Projection>(_ batch: [RecordedEvent], to projection: P.Type) async throws {
        guard let last = batch.last else { return }
        let (readModels, codec) = (readModels, codec)
        let s = readModels.schema.name
        try await readModels.transaction("applying positions \(batch[0].globalPosition)–\(last.globalPosition) to `\(P.name)`") { connection in
            try await connection.query("INSERT INTO \(unescaped: s).checkpoints (name, position) VALUES (\(P.name), 0) ON CONFLICT DO NOTHING", logger: readModels.logger)
            var checkpoint: Int64 = 0
            for try await position in try await connection.query(
                "SELECT position FROM \(unescaped: s).checkpoints WHERE name = \(P.name) FOR UPDATE", logger: readModels.logger
            ).decode(Int64.self) {
                checkpoint = position
            }
            guard last.globalPosition > checkpoint else { return }
            var events: [(event: P.Event, recorded: RecordedEvent)] = []
            for recorded in batch where recorded.globalPosition > checkpoint {
                do {
                    try P.decode(recorded, codec: codec, into: &events)
                } catch {
                    throw ProjectionError(
                        projection: P.name, globalPosition: recorded.globalPosition, streamID: recorded.streamID,
                        message: "projection `\(P.name)` cannot decode `\(recorded.typeName)` at position \(recorded.globalPosition) of stream `\(recorded.streamID)`: \(error)"
                    )
                }
            }
            if !events.isEmpty {
                try await readModels.applyRows(events, of: projection, on: connection)
            }
            try await connection.query(
                "UPDATE \(unescaped: s).checkpoints SET position = \(last.globalPosition), updated_at = now() WHERE name = \(P.name)",
                logger: readModels.logger
            )
        }
    }
}
