import Foundation

/// Publishes the outbox's entries through a `MessagePublisher`, in commit order, at least once.
///
/// - Reads the `$Outbox` stream after the last delivery mark; for each entry, reads the event and publishes it with
///   the event id as message id, retrying with backoff up to `maxAttempts`.
/// - Marks delivery only after the publisher confirmed: `$Outbox.Delivered` events in the stream `$OutboxDelivered`
///   record "every entry up to outbox version v is delivered" (one mark per confirmed run of up to `markEvery`
///   messages, and before every wait). A crash between the confirmation and the mark publishes those messages again,
///   with the same ids. Two relays on one store conflict on the mark's expected version; one of them stops.
/// - An entry that keeps failing stops the pass with `OutboxError(.publishFailed)`; it stays undelivered, and later
///   entries wait behind it (order is kept).
public actor OutboxRelay {
    static let deliveredStream = StreamID("$OutboxDelivered")
    static let deliveredType = "$Outbox.Delivered"

    private let store: any EventStore
    private let publisher: any MessagePublisher
    private let clock: any RuntimeClock
    private let backoff: Backoff
    private let maxAttempts: Int
    private let markEvery: Int
    private let batchSize: Int

    /// Creates a relay.
    public init(
        store: any EventStore, publisher: any MessagePublisher, clock: any RuntimeClock = SystemClock(),
        backoff: Backoff = .standard, maxAttempts: Int = 5, markEvery: Int = 100, batchSize: Int = 500
    ) {
        self.store = store
        self.publisher = publisher
        self.clock = clock
        self.backoff = backoff
        self.maxAttempts = max(1, maxAttempts)
        self.markEvery = max(1, markEvery)
        self.batchSize = max(1, batchSize)
    }

    /// The outbox version up to which every entry is marked delivered (0: none), and the version of the mark stream.
    public func deliveredThrough() async throws -> (entries: Int64, marks: Int64) {
        let marks = try await store.streamVersion(Self.deliveredStream)
        guard marks > 0, let last = try await store.readStream(Self.deliveredStream, fromVersion: marks).last else { return (0, 0) }
        guard last.payload.count == 8 else {
            throw OutboxError(code: .invalidEntry, message: "the delivery mark at version \(marks) does not decode")
        }
        let through = last.payload.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
        return (through, marks)
    }

    /// Publishes every undelivered entry; returns how many messages were published (and marked).
    @discardableResult
    public func deliverPending() async throws -> Int {
        var (through, marks) = try await deliveredThrough()
        var published = 0
        while true {
            let entries = try await store.readStream(OutboxRoutes.stream, fromVersion: through + 1).prefix(batchSize)
            guard !entries.isEmpty else { return published }
            var confirmed = through
            for recorded in entries {
                let entry = try OutboxEntry(decoding: recorded)
                guard let event = try await store.readAll(fromPosition: entry.eventPosition, limit: 1).first,
                      event.eventID == entry.eventID else {
                    throw OutboxError(code: .missingEvent, message: "the event `\(entry.eventID)` of the outbox entry at version \(recorded.streamVersion) is not at position \(entry.eventPosition)")
                }
                do {
                    try await publish(OutboundMessage(event, topic: entry.topic), marking: { [confirmed] in
                        // Before waiting out a backoff, mark what is already confirmed.
                        confirmed
                    }, through: &through, marks: &marks)
                } catch {
                    try await mark(confirmed, through: &through, marks: &marks)
                    throw error
                }
                confirmed = recorded.streamVersion
                published += 1
                if confirmed - through >= Int64(markEvery) {
                    try await mark(confirmed, through: &through, marks: &marks)
                }
            }
            try await mark(confirmed, through: &through, marks: &marks)
        }
    }

    private func publish(_ message: OutboundMessage, marking confirmed: () -> Int64, through: inout Int64, marks: inout Int64) async throws {
        var failures = 0
        while true {
            do {
                try await publisher.publish(message)
                return
            } catch {
                failures += 1
                guard failures < maxAttempts else {
                    throw OutboxError(code: .publishFailed, message: "message `\(message.messageID)` to `\(message.topic)` failed \(failures) times: \(failureReason(error))")
                }
                try await mark(confirmed(), through: &through, marks: &marks)
                try await clock.sleep(for: backoff.delay(afterFailures: failures))
            }
        }
    }

    private func mark(_ version: Int64, through: inout Int64, marks: inout Int64) async throws {
        guard version > through else { return }
        var payload = Data(count: 8)
        payload.withUnsafeMutableBytes { $0.storeBytes(of: version.littleEndian, as: Int64.self) }
        let result = try await store.append(
            [NewEvent(typeName: Self.deliveredType, timestamp: clock.now(), payload: payload)],
            to: Self.deliveredStream, expectedVersion: .exact(marks)
        )
        marks = result.streamVersion
        through = version
    }

    /// Delivers pending entries, then again whenever new events are committed, until the task is cancelled.
    /// A pass that fails is retried after the backoff's maximum delay.
    public func run() async throws {
        var position = try await store.headPosition()
        while !Task.isCancelled {
            do {
                try await deliverPending()
            } catch is CancellationError {
                return
            } catch {
                try await clock.sleep(for: backoff.maximum)
                continue
            }
            for try await event in store.follow(fromPosition: position + 1) {
                position = event.globalPosition
                if event.typeName == OutboxRoutes.entryType { break }
            }
        }
    }
}
