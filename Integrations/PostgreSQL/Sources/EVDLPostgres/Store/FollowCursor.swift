import EVDLRuntime
import Foundation

/// The state of one `follow` sequence: the batch being handed out, the next batch read ahead, the next position.
///
/// Only the sequence's single consumer calls `next()`, one call at a time (an `AsyncThrowingStream(unfolding:)`
/// awaits each before the next), so the mutable state needs no lock. While the consumer works through a full batch
/// the next one is already being read (one batch ahead at most), so the server's and the client's work overlap
/// during a catch-up.
final class FollowCursor: @unchecked Sendable {
    private let store: PostgresEventStore
    private var next: Int64
    private var batch: [RecordedEvent] = []
    private var index = 0
    private var ahead: Task<[RecordedEvent], any Error>?

    init(store: PostgresEventStore, next: Int64) {
        self.store = store
        self.next = next
    }

    deinit {
        ahead?.cancel()
    }

    /// The next event, waiting for one to be committed; `nil` when the task is cancelled or the store closed.
    func next() async throws -> RecordedEvent? {
        while index == batch.count {
            if Task.isCancelled || store.wakeups.isClosed { return nil }
            // Note the notification count before reading, so that an append committed after the read wakes the wait.
            let seen = store.wakeups.start()
            if let ahead {
                self.ahead = nil
                batch = try await ahead.value
            } else {
                batch = try await store.readAll(fromPosition: next, limit: store.followBatchSize)
            }
            index = 0
            if batch.count == store.followBatchSize, let last = batch.last {
                let (store, from) = (store, last.globalPosition + 1)
                ahead = Task { try await store.readAll(fromPosition: from, limit: store.followBatchSize) }
            } else if batch.isEmpty {
                guard await store.wakeups.wait(after: seen, atMost: store.pollInterval) else { return nil }
            }
        }
        let event = batch[index]
        index += 1
        guard event.globalPosition == next else {
            // Positions are dense: a jump means rows were removed by hand. Say so rather than skip silently.
            throw PostgresStoreError(code: .corruptRow, message: "`\(store.schema.name).events` has no event at global position \(next) (the next is at \(event.globalPosition))")
        }
        next = event.globalPosition + 1
        return event
    }
}
