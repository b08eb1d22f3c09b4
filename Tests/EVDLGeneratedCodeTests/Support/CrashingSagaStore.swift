import EVDLRuntime
import Foundation

/// The process "lost power": every later append fails.
struct PowerLoss: Error, CustomStringConvertible {
    var description: String { "power loss" }
}

/// Forwards to a store until `completedSteps` saga steps have been recorded as completed; from then on every
/// append to a saga history fails, as if the orchestrator's process had died right after recording them.
actor CrashingSagaStore: EventStore {
    let inner: any EventStore
    private var stepsLeft: Int

    init(_ inner: any EventStore, crashAfterCompletedSteps completedSteps: Int) {
        self.inner = inner
        self.stepsLeft = completedSteps
    }

    func append(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion) async throws -> AppendResult {
        if stream.rawValue.hasPrefix("$Saga.") {
            if stepsLeft == 0 { throw PowerLoss() }
            stepsLeft -= events.filter { $0.typeName == "$Saga.StepCompleted" }.count
        }
        return try await inner.append(events, to: stream, expectedVersion: expectedVersion)
    }

    func readStream(_ stream: StreamID, fromVersion: Int64) async throws -> [RecordedEvent] {
        try await inner.readStream(stream, fromVersion: fromVersion)
    }

    func readAll(fromPosition: Int64, limit: Int) async throws -> [RecordedEvent] {
        try await inner.readAll(fromPosition: fromPosition, limit: limit)
    }

    func streamVersion(_ stream: StreamID) async throws -> Int64 {
        try await inner.streamVersion(stream)
    }

    func headPosition() async throws -> Int64 {
        try await inner.headPosition()
    }

    func events(forCommand commandID: UUID) async throws -> [RecordedEvent]? {
        try await inner.events(forCommand: commandID)
    }

    nonisolated func follow(fromPosition: Int64) -> AsyncThrowingStream<RecordedEvent, any Error> {
        inner.follow(fromPosition: fromPosition)
    }
}
