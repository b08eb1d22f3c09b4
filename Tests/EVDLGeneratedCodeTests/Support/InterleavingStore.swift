import EVDLRuntime
import Foundation

/// An event store that runs `interloper` once, just before forwarding its first append: another writer commits
/// between this writer's load and its append, every time, so the conflict path is exercised deterministically.
actor InterleavingStore: EventStore {
    let inner: InMemoryEventStore
    private var interloper: (@Sendable () async throws -> Void)?
    private(set) var appendAttempts = 0

    init(inner: InMemoryEventStore, interloper: @escaping @Sendable () async throws -> Void) {
        self.inner = inner
        self.interloper = interloper
    }

    func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        appendAttempts += 1
        if let run = interloper {
            interloper = nil
            try await run()
        }
        return try await inner.append(events, to: stream, expectedVersion: expectedVersion)
    }

    func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] {
        await inner.readStream(stream, fromVersion: fromVersion)
    }

    func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] {
        await inner.readAll(fromPosition: fromPosition, limit: limit)
    }

    func streamVersion(_ stream: StreamID) async throws -> Int64 {
        await inner.streamVersion(stream)
    }

    func headPosition() async throws -> Int64 {
        await inner.headPosition()
    }

    func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? {
        await inner.events(forCommand: commandID)
    }

    nonisolated func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        inner.follow(fromPosition: fromPosition)
    }
}
