import Foundation

/// A command to send at a later time (a policy's `after 30m send …`), stored durably in the event store.
public struct Deadline: Sendable, Codable, Equatable {
    /// The deadline's id, also the command's idempotency key: scheduling an id twice schedules it once.
    public var key: IdempotencyKey
    /// When the command is due.
    public var dueAt: Date
    /// The command's stable type name.
    public var commandType: String
    /// The command, encoded (JSON by `PayloadCodec`), so that it survives a restart.
    public var command: Data
    /// The conversation the command belongs to.
    public var correlationID: UUID?
    /// The message that scheduled it (the event a policy reacted to).
    public var causationID: UUID?

    /// Creates a deadline.
    public init(key: IdempotencyKey, dueAt: Date, commandType: String, command: Data, correlationID: UUID? = nil, causationID: UUID? = nil) {
        self.key = key
        self.dueAt = dueAt
        self.commandType = commandType
        self.command = command
        self.correlationID = correlationID
        self.causationID = causationID
    }

    /// The deadline's stream: `$Deadline-<uuid of the key>`.
    public var streamID: StreamID { StreamID("\(DeadlineScheduler.streamPrefix)\(key.uuid.uuidString)") }
}

/// What became of a due deadline.
public struct DeadlineFiring: Sendable, Equatable {
    /// The deadline's key.
    public var key: IdempotencyKey
    /// `nil` when the command was delivered; else why it was given up (a permanent failure, e.g. a rejection).
    public var failure: String?

    /// Creates a report.
    public init(key: IdempotencyKey, failure: String?) {
        self.key = key
        self.failure = failure
    }
}

/// Keeps deadlines durable and fires them when the clock reaches them, once per deadline id.
///
/// Each deadline is a stream `$Deadline-<id>`: `$Deadline.Scheduled` (appended only if the stream does not exist,
/// so scheduling is idempotent) then `$Deadline.Fired` (appended at version 1 only, so it is marked once). Firing
/// sends the command with the deadline's key as idempotency key and then marks it; a crash between the two sends it
/// again after the restart, and the participant applies the key once. A transient send failure leaves the deadline
/// pending for the next `fireDue`; a permanent one (`PermanentError`) is recorded in the `Fired` event and given up.
public actor DeadlineScheduler {
    static let streamPrefix = "$Deadline-"
    static let scheduledType = "$Deadline.Scheduled"
    static let firedType = "$Deadline.Fired"

    private let store: any EventStore
    private let router: CommandRouter
    private let clock: any RuntimeClock
    private let codec: PayloadCodec
    private var pending: [StreamID: Deadline] = [:]
    private var scannedThrough: Int64 = 0
    private var failures: [IdempotencyKey: String] = [:]

    /// Creates a scheduler; call `recover()` (or `fireDue()`, which recovers first) to load what the store holds.
    public init(store: any EventStore, router: CommandRouter, clock: any RuntimeClock = SystemClock(), codec: PayloadCodec = .standard) {
        self.store = store
        self.router = router
        self.clock = clock
        self.codec = codec
    }

    /// Records `deadline` durably. Returns `false` when a deadline with its key was scheduled before (nothing changes).
    @discardableResult
    public func schedule(_ deadline: Deadline) async throws -> Bool {
        let event = NewEvent(
            eventID: IdempotencyKey("deadline-scheduled/\(deadline.key.rawValue)").uuid, typeName: Self.scheduledType,
            timestamp: clock.now(), causationID: deadline.causationID, correlationID: deadline.correlationID,
            payload: try codec.encode(deadline)
        )
        do {
            try await store.append([event], to: deadline.streamID, expectedVersion: .noStream)
        } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
            return false
        }
        pending[deadline.streamID] = deadline
        return true
    }

    /// Reads the deadlines scheduled and fired since the last scan (the whole log the first time).
    public func recover(batchSize: Int = 4096) async throws {
        while true {
            let batch = try await store.readAll(fromPosition: scannedThrough + 1, limit: batchSize)
            guard let last = batch.last else { return }
            for event in batch where event.typeName.hasPrefix("$Deadline.") {
                switch event.typeName {
                case Self.scheduledType:
                    pending[event.streamID] = try codec.decode(Deadline.self, from: event.payload)
                case Self.firedType:
                    pending[event.streamID] = nil
                default:
                    break
                }
            }
            scannedThrough = last.globalPosition
        }
    }

    /// The deadlines not fired yet, earliest first.
    public func pendingDeadlines() async throws -> [Deadline] {
        try await recover()
        return pending.values.sorted { ($0.dueAt, $0.key.rawValue) < ($1.dueAt, $1.key.rawValue) }
    }

    /// Why deadlines whose send failed transiently at their last attempt are still pending, by key.
    public var lastFailures: [IdempotencyKey: String] { failures }

    /// Sends every deadline due by the clock's `now`, earliest first, and marks each fired. Returns what was fired.
    @discardableResult
    public func fireDue() async throws -> [DeadlineFiring] {
        try await recover()
        let now = clock.now()
        let due = pending.values.filter { $0.dueAt <= now }.sorted { ($0.dueAt, $0.key.rawValue) < ($1.dueAt, $1.key.rawValue) }
        var fired: [DeadlineFiring] = []
        for deadline in due {
            let envelope = CommandEnvelope(
                idempotencyKey: deadline.key, issuedAt: now, correlationID: deadline.correlationID, causationID: deadline.causationID
            )
            var failure: String?
            do {
                try await router.send(typeName: deadline.commandType, payload: deadline.command, envelope: envelope)
            } catch let error as any PermanentError {
                failure = failureReason(error)
            } catch {
                failures[deadline.key] = failureReason(error)
                continue
            }
            failures[deadline.key] = nil
            let mark = NewEvent(
                eventID: IdempotencyKey("deadline-fired/\(deadline.key.rawValue)").uuid, typeName: Self.firedType, timestamp: now,
                causationID: deadline.causationID, correlationID: deadline.correlationID,
                metadata: failure.map { ["failure": $0] } ?? [:], payload: Data()
            )
            do {
                try await store.append([mark], to: deadline.streamID, expectedVersion: .exact(1))
            } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
                // Another scheduler marked it first; the command was applied once by its key either way.
            }
            pending[deadline.streamID] = nil
            fired.append(DeadlineFiring(key: deadline.key, failure: failure))
        }
        return fired
    }

    /// Fires due deadlines, then sleeps on the clock until the next one is due (or `pollInterval` passes, to see
    /// deadlines scheduled elsewhere), until the task is cancelled.
    public func run(pollInterval: Duration = .seconds(1)) async throws {
        while !Task.isCancelled {
            try await fireDue()
            let wake = pending.values.map(\.dueAt).min().map { min($0, clock.now().adding(pollInterval)) } ?? clock.now().adding(pollInterval)
            do {
                try await clock.sleep(until: wake)
            } catch is CancellationError {
                return
            }
        }
    }
}
