import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Wakes a store's idle followers when an append commits: one LISTEN connection per store (started by the first
/// follower), a counter of notifications received, and the followers waiting for it to move.
///
/// Notifications are hints: a follower always reads the table, and waits at most its poll interval, so a lost
/// connection or notification only delays it. While the listening connection is down it is reopened after a second.
final class Wakeups: Sendable {
    private struct State {
        var count: UInt64 = 0
        var waiters: [UUID: (after: UInt64, continuation: CheckedContinuation<Void, Never>)] = [:]
        var listener: Task<Void, Never>?
        var closed = false
    }

    private let client: PostgresClient
    private let channel: String
    private let listens: Bool
    private let logger: Logger
    private let state = Mutex(State())

    /// `listens: false` leaves waiters to their timeout alone (polling only).
    init(client: PostgresClient, channel: String, listens: Bool, logger: Logger) {
        self.client = client
        self.channel = channel
        self.listens = listens
        self.logger = logger
    }

    /// Whether `close()` was called.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// Starts the listener if needed; returns the notification count to pass to `wait(after:atMost:)`.
    func start() -> UInt64 {
        state.withLock { state in
            if listens && state.listener == nil && !state.closed {
                state.listener = Task { [self] in await listen() }
            }
            return state.count
        }
    }

    /// Waits until a notification arrives after `count` was read, or `timeout` passes. Returns `false` when the
    /// store was closed or the task cancelled.
    func wait(after count: UInt64, atMost timeout: Duration) async -> Bool {
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                await withTaskCancellationHandler {
                    await withCheckedContinuation { continuation in
                        let resumeNow = state.withLock { state -> Bool in
                            if state.closed || state.count != count || Task.isCancelled { return true }
                            state.waiters[id] = (count, continuation)
                            return false
                        }
                        if resumeNow { continuation.resume() }
                    }
                } onCancel: {
                    state.withLock { $0.waiters.removeValue(forKey: id) }?.continuation.resume()
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
            }
            await group.next()
            group.cancelAll()
        }
        return !Task.isCancelled && !isClosed
    }

    /// Counts a notification and wakes every waiter.
    private func notified() {
        let waiters = state.withLock { state in
            state.count &+= 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.continuation.resume() }
    }

    /// Stops listening and wakes every waiter (their followers then end).
    func close() {
        let (listener, waiters) = state.withLock { state in
            state.closed = true
            defer { state.waiters = [:] }
            return (state.listener, Array(state.waiters.values))
        }
        listener?.cancel()
        for waiter in waiters { waiter.continuation.resume() }
    }

    private func listen() async {
        while !Task.isCancelled && !isClosed {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: channel) { notifications in
                        // Whatever was committed while not listening: wake the followers to read it.
                        notified()
                        for try await _ in notifications {
                            notified()
                        }
                    }
                }
            } catch {
                if Task.isCancelled || isClosed { return }
                logger.debug("listening on \(channel) failed, retrying in 1s: \(error)")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
