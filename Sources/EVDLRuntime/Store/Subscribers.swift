import Foundation

/// The live followers of a store (`EventStore.follow`): each gets every committed event once, in order.
/// A value owned by the store's actor; the store replays stored events to a new follower before registering it,
/// within one actor turn, so no event falls between catch-up and live delivery.
struct Subscribers {
    private var continuations: [UUID: AsyncThrowingStream<RecordedEvent, any Error>.Continuation] = [:]

    /// Registers a follower that has already received every event before the current head.
    mutating func add(_ id: UUID, _ continuation: AsyncThrowingStream<RecordedEvent, any Error>.Continuation) {
        continuations[id] = continuation
    }

    /// Forgets a follower that stopped iterating.
    mutating func remove(_ id: UUID) {
        continuations[id] = nil
    }

    /// Delivers newly committed events to every follower.
    func publish(_ events: [RecordedEvent]) {
        guard !events.isEmpty else { return }
        for continuation in continuations.values {
            for event in events {
                continuation.yield(event)
            }
        }
    }

    /// Ends every follower's sequence (the store was closed), with `error` if given.
    mutating func finishAll(throwing error: (any Error)? = nil) {
        for continuation in continuations.values {
            continuation.finish(throwing: error)
        }
        continuations = [:]
    }
}
