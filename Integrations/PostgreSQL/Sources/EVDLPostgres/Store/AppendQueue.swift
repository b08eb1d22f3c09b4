import EVDLRuntime
import Foundation
import Synchronization

/// One append, encoded for the `append` functions.
struct AppendRequest: Sendable {
    let stream: StreamID
    let expectedVersion: ExpectedVersion
    /// -1 for any, else the exact version (0: no stream).
    let expected: Int64
    let events: [NewEvent]
    /// Each event's metadata as a JSON object.
    let metadata: [String]
    /// Outbox rows: the 1-based index of the event in `events`, and the topic.
    let outboxEvents: [Int32]
    let outboxTopics: [String]

    init(_ events: [NewEvent], to stream: StreamID, expectedVersion: ExpectedVersion, outbox: OutboxRoutes) throws {
        self.stream = stream
        self.expectedVersion = expectedVersion
        expected = switch expectedVersion {
        case .any: -1
        case .noStream: 0
        case .exact(let version): version
        }
        self.events = events
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        metadata = try events.map { $0.metadata.isEmpty ? "{}" : String(decoding: try encoder.encode($0.metadata), as: UTF8.self) }
        var outboxEvents: [Int32] = []
        var outboxTopics: [String] = []
        if !outbox.isEmpty {
            for (index, event) in events.enumerated() {
                for topic in outbox.topics[event.typeName] ?? [] {
                    outboxEvents.append(Int32(index + 1))
                    outboxTopics.append(topic)
                }
            }
        }
        self.outboxEvents = outboxEvents
        self.outboxTopics = outboxTopics
    }
}

/// Group commit for one store's appends.
///
/// Positions are taken in commit order, so the commits of concurrent appends cannot overlap (see the README): each
/// waits for the one before to be durable. Instead of one transaction per append, an append that finds another
/// in flight waits in this queue; when the one in flight returns, everything queued is sent as one call of
/// `append_batch` (at most `maximumBatch` appends): one transaction and one commit for all of them, each append in
/// a subtransaction, so that each succeeds or is refused on its own. An append with nothing in flight is sent
/// alone, as before. The queue is a small state machine under a lock; the task whose append found the queue idle
/// sends, and hands the next batch to a new task so that its own caller returns.
final class AppendQueue: Sendable {
    typealias Outcome = Result<(Int64, Int64), any Error>
    typealias Waiter = (request: AppendRequest, continuation: CheckedContinuation<(Int64, Int64), any Error>)

    private struct State {
        var sending = false
        var waiting: [Waiter] = []
    }

    /// The most appends sent in one transaction.
    static let maximumBatch = 64
    private let state = Mutex(State())

    /// Sends `request` (alone or with others); returns its stream version and first position.
    func submit(_ request: AppendRequest, store: PostgresEventStore) async throws -> (Int64, Int64) {
        let leads = state.withLock { state -> Bool in
            if state.sending { return false }
            state.sending = true
            return true
        }
        if leads {
            let outcome: Outcome
            do {
                outcome = .success(try await store.send(request))
            } catch {
                outcome = .failure(error)
            }
            handOn(store: store)
            return try outcome.get()
        }
        return try await withCheckedThrowingContinuation { continuation in
            let leadsNow = state.withLock { state -> Bool in
                if state.sending {
                    state.waiting.append((request, continuation))
                    return false
                }
                state.sending = true
                return true
            }
            if leadsNow {
                // The send in flight ended between the two checks: send this one from a task of its own.
                Task {
                    await self.sendBatches([(request, continuation)], store: store)
                }
            }
        }
    }

    /// After a send: if appends are waiting, a new task sends them; otherwise the queue goes idle.
    private func handOn(store: PostgresEventStore) {
        let next = takeWaiting()
        guard !next.isEmpty else { return }
        Task { await self.sendBatches(next, store: store) }
    }

    /// Takes up to `maximumBatch` waiting appends; marks the queue idle when none is waiting.
    private func takeWaiting() -> [Waiter] {
        state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.sending = false
                return []
            }
            let taken = Array(state.waiting.prefix(Self.maximumBatch))
            state.waiting.removeFirst(taken.count)
            return taken
        }
    }

    /// Sends `batch`, resumes its callers, and goes on with what queued meanwhile until nothing waits.
    private func sendBatches(_ first: [Waiter], store: PostgresEventStore) async {
        var batch = first
        while !batch.isEmpty {
            let outcomes: [Outcome]
            if batch.count == 1 {
                do {
                    outcomes = [.success(try await store.send(batch[0].request))]
                } catch {
                    outcomes = [.failure(error)]
                }
            } else {
                outcomes = await store.send(batch.map(\.request))
            }
            for (waiter, outcome) in zip(batch, outcomes) {
                waiter.continuation.resume(with: outcome)
            }
            batch = takeWaiting()
        }
    }
}
