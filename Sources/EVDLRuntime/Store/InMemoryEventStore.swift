import Foundation

/// An event store that lives in memory: for tests, scenarios and tools. Keeps every guarantee of `EventStore`
/// except durability.
///
/// A class whose state is guarded by a lock rather than an actor: an append is a short critical section, and with
/// an actor every append of every concurrent caller was a hop onto the actor and back (two task switches), which
/// on two busy cores cost more than the appends themselves. The methods stay `async`, as the protocol's are.
public final class InMemoryEventStore: EventStore, @unchecked Sendable {
    private let lock = SpinningLock()
    // Guarded by `lock` (hence no dynamic exclusivity checks).
    @exclusivity(unchecked) private var events = InMemoryEventLog()
    @exclusivity(unchecked) private var streams = InMemoryStreamTable()
    @exclusivity(unchecked) private var commands: [UUID: [Int]] = [:]
    @exclusivity(unchecked) private var subscribers = Subscribers()

    /// The published event types: their outbox entries are committed in the same append as the events.
    public let outbox: OutboxRoutes

    /// Creates an empty store; `outbox` routes published events (see `OutboxRoutes`).
    public init(outbox: OutboxRoutes = .none) {
        self.outbox = outbox
    }

    /// Appends atomically after checking `expectedVersion` and that no event's command id was committed before.
    @discardableResult
    public func append(_ newEvents: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        try lock.withLock { try appendLocked(newEvents, to: stream, expectedVersion: expectedVersion) }
    }

    private func appendLocked(_ newEvents: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) throws -> AppendResult {
        // One lookup of the stream (hashing its name is a good part of an append's cost).
        let hash = stream.hashValue
        let slot = streams.slot(of: stream, hash: hash)
        let current = Int64(slot.map { streams.count(of: $0) } ?? 0)
        guard expectedVersion.accepts(current: current) else {
            throw EventStoreError.wrongExpectedVersion(stream, expected: expectedVersion, actual: current)
        }
        if newEvents.contains(where: { $0.commandID != nil }) {
            for commandID in Set(newEvents.compactMap(\.commandID)) where commands[commandID] != nil {
                throw EventStoreError(code: .duplicateCommand, message: "command `\(commandID)` was already committed", streamID: stream, commandID: commandID)
            }
        }
        let first = events.count
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(newEvents.count)
        for (offset, event) in newEvents.enumerated() {
            let index = first + offset
            let record = RecordedEvent(event, streamID: stream, streamVersion: current + Int64(offset) + 1, globalPosition: Int64(index) + 1)
            if let commandID = event.commandID {
                commands[commandID, default: []].append(index)
            }
            events.append(record)
            recorded.append(record)
        }
        if let slot {
            streams.append(first..<events.count, to: slot)
        } else if !newEvents.isEmpty {
            streams.add(stream, hash: hash, indexes: first..<events.count)
        }
        // Outbox entries, under the same lock: committed with the events or not at all.
        let entries = outbox.isEmpty ? [] : outbox.entries(for: recorded, outboxVersion: Int64(streams.indexes(of: OutboxRoutes.stream)?.count ?? 0))
        for entry in entries {
            streams.append(events.count, to: entry.streamID)
            events.append(entry)
        }
        subscribers.publish(entries.isEmpty ? recorded : recorded + entries)
        return AppendResult(streamVersion: current + Int64(newEvents.count), events: recorded)
    }

    /// The events of `stream` from `fromVersion` on.
    public func readStream(_ stream: StreamID, fromVersion: Int64) async -> [RecordedEvent] {
        lock.withLock {
            guard let indexes = streams.indexes(of: stream) else { return [] }
            let start = max(0, Int(fromVersion) - 1)
            guard start < indexes.count else { return [] }
            return indexes[start...].map { events[$0] }
        }
    }

    /// Up to `limit` events from `fromPosition` on.
    public func readAll(fromPosition: Int64, limit: Int) async -> [RecordedEvent] {
        lock.withLock { readAllLocked(fromPosition: fromPosition, limit: limit) }
    }

    private func readAllLocked(fromPosition: Int64, limit: Int) -> [RecordedEvent] {
        let start = max(0, Int(fromPosition) - 1)
        guard start < events.count, limit > 0 else { return [] }
        return events.slice(start..<(events.count - start > limit ? start + limit : events.count))
    }

    /// The stream's version (0 when absent).
    public func streamVersion(_ stream: StreamID) async -> Int64 {
        lock.withLock { Int64(streams.indexes(of: stream)?.count ?? 0) }
    }

    /// The position of the last event (0 when empty).
    public func headPosition() async -> Int64 {
        lock.withLock { Int64(events.count) }
    }

    /// The events committed by the append carrying `commandID`.
    public func events(forCommand commandID: UUID) async -> [RecordedEvent]? {
        lock.withLock { commands[commandID].map { $0.map { events[$0] } } }
    }

    /// Stored events from `fromPosition`, then live ones. The stored ones are handed over and the follower is
    /// registered under the lock, so no event falls between catch-up and live delivery.
    public func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        let (stream, continuation) = AsyncThrowingStream<RecordedEvent, any Error>.makeStream()
        let id = UUID()
        continuation.onTermination = { [weak self] _ in
            self?.unsubscribe(id)
        }
        lock.withLock {
            for event in readAllLocked(fromPosition: fromPosition, limit: .max) {
                continuation.yield(event)
            }
            subscribers.add(id, continuation)
        }
        return stream
    }

    private func unsubscribe(_ id: UUID) {
        lock.withLock { subscribers.remove(id) }
    }
}
