import Foundation

/// Keeps several projections up to date from one event store: reads the events once, in batches, hands each
/// projection the events it handles that are past its own checkpoint, then advances that checkpoint.
///
/// Rows are written before the checkpoint, so after a crash between the two a batch is applied again
/// (at-least-once). With the in-memory stores both live and die together; a durable read model should store
/// its checkpoint in the same transaction as its rows.
public actor ProjectionRunner {
    private let store: any EventStore
    private let readModels: any ReadModelStore
    private let checkpoints: any CheckpointStore
    private let projections: [any Projection.Type]
    private let codec: PayloadCodec
    private let batchSize: Int

    /// Creates a runner for `projections` (distinct names).
    public init(
        store: any EventStore, readModels: any ReadModelStore, checkpoints: any CheckpointStore,
        projections: [any Projection.Type], codec: PayloadCodec = .standard, batchSize: Int = 1000
    ) {
        self.store = store
        self.readModels = readModels
        self.checkpoints = checkpoints
        self.projections = projections
        self.codec = codec
        self.batchSize = max(1, batchSize)
    }

    /// Applies every stored event past each projection's checkpoint; returns the last global position processed.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        var positions: [Int64] = []
        for projection in projections {
            positions.append(try await checkpoints.checkpoint(for: projection.name))
        }
        var next = (positions.min() ?? 0) + 1
        while true {
            let batch = try await store.readAll(fromPosition: next, limit: batchSize)
            guard let last = batch.last else { break }
            try await dispatch(batch, positions: &positions)
            next = last.globalPosition + 1
        }
        return next - 1
    }

    /// Empties `projection`'s rows and checkpoint and applies every event from the first.
    public func rebuild<P: Projection>(_ projection: P.Type) async throws {
        try await readModels.removeAll(of: projection)
        try await checkpoints.save(0, for: P.name)
        var next: Int64 = 1
        var position: Int64 = 0
        while true {
            let batch = try await store.readAll(fromPosition: next, limit: batchSize)
            guard let last = batch.last else { break }
            try await apply(batch, to: projection, after: &position)
            next = last.globalPosition + 1
        }
    }

    /// Catches up, then follows the store and applies each new event as it is committed, until the task is
    /// cancelled (returns) or the store fails (throws).
    public func run() async throws {
        let processed = try await catchUp()
        var positions: [Int64] = []
        for projection in projections {
            positions.append(try await checkpoints.checkpoint(for: projection.name))
        }
        for try await event in store.follow(fromPosition: processed + 1) {
            if Task.isCancelled { return }
            try await dispatch([event], positions: &positions)
        }
    }

    private func dispatch(_ batch: [RecordedEvent], positions: inout [Int64]) async throws {
        for (index, projection) in projections.enumerated() {
            try await apply(batch, to: projection, after: &positions[index])
        }
    }

    /// Applies the events of `batch` past `position` that `P` handles, then advances and saves its checkpoint.
    private func apply<P: Projection>(_ batch: [RecordedEvent], to projection: P.Type, after position: inout Int64) async throws {
        guard let last = batch.last, last.globalPosition > position else { return }
        var events: [(event: P.Event, recorded: RecordedEvent)] = []
        for recorded in batch where recorded.globalPosition > position {
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
            try await readModels.apply(events, of: projection)
        }
        position = last.globalPosition
        try await checkpoints.save(position, for: P.name)
    }
}

/// A projection could not process an event; the runner stops before it, with the checkpoint before its batch.
public struct ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The projection's name.
    public var projection: String
    /// The global position of the event.
    public var globalPosition: Int64
    /// The event's stream.
    public var streamID: StreamID
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(projection: String, globalPosition: Int64, streamID: StreamID, message: String) {
        self.projection = projection
        self.globalPosition = globalPosition
        self.streamID = streamID
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
