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

/// Keeps deadlines durable and fires each one once when the clock reaches it, also with several schedulers (in
/// several processes) sharing a store.
///
/// Each deadline is a stream `$Deadline-<id>`: `$Deadline.Scheduled` (appended only if the stream does not exist,
/// so scheduling is idempotent), then one `$Deadline.Claimed` per claim, then `$Deadline.Fired`. A scheduler that
/// finds a deadline due **claims** it by appending `$Deadline.Claimed` at the stream's version: the store lets one
/// append at a version through (the PostgreSQL store enforces it in the database), so of schedulers racing for a
/// deadline exactly one wins; the others see its claim, whose lease (`claimedUntil`, `claimLease` after the claim)
/// they respect. The winner sends the command with the deadline's key as idempotency key and then appends
/// `$Deadline.Fired` at the version its claim left. A scheduler that dies after claiming leaves the lease to run out;
/// then another claims the deadline again (one version later) and sends it again, and the participant applies the key
/// once. Leases are compared on each scheduler's own clock, so clocks that drift apart by more than the lease, or a
/// send that outlasts it, can make two schedulers send one deadline, harmlessly, by its key.
///
/// A transient send failure keeps the claim (renewed when less than half of the lease is left) and leaves the
/// deadline pending for the next `fireDue`; a permanent one (`PermanentError`) is recorded in the `Fired` event and
/// given up.
public actor DeadlineScheduler {
    static let streamPrefix = "$Deadline-"
    static let scheduledType = "$Deadline.Scheduled"
    static let claimedType = "$Deadline.Claimed"
    static let firedType = "$Deadline.Fired"
    static let claimedByKey = "claimedBy"
    static let claimedUntilKey = "claimedUntil"

    /// A deadline not fired yet, as far as this scheduler has read its stream.
    private struct Pending {
        var deadline: Deadline
        /// The stream's version: the next claim or mark is appended at it.
        var version: Int64
        /// The newest claim: the scheduler that made it and when its lease ends.
        var claimedBy: String?
        var claimedUntil: Date?
    }

    private let store: any EventStore
    private let router: CommandRouter
    private let clock: any RuntimeClock
    private let codec: PayloadCodec
    /// This scheduler's name in its claims.
    public nonisolated let instance: String
    /// How long a claim holds a deadline for its scheduler.
    public nonisolated let claimLease: Duration
    private var pending: [StreamID: Pending] = [:]
    private var scannedThrough: Int64 = 0
    private var failures: [IdempotencyKey: String] = [:]

    /// Creates a scheduler; call `recover()` (or `fireDue()`, which recovers first) to load what the store holds.
    /// `instance` names it in its claims and must differ between schedulers sharing a store (the default is a new
    /// UUID); `claimLease` should be longer than a command's send takes.
    public init(
        store: any EventStore, router: CommandRouter, clock: any RuntimeClock = SystemClock(), codec: PayloadCodec = .standard,
        instance: String = UUID().uuidString, claimLease: Duration = .seconds(30)
    ) {
        self.store = store
        self.router = router
        self.clock = clock
        self.codec = codec
        self.instance = instance
        self.claimLease = claimLease
    }

    /// Records `deadline` durably. Returns `false` when a deadline with its key was scheduled before (nothing changes).
    @discardableResult
    public func schedule(_ deadline: Deadline) async throws -> Bool {
        let event = NewEvent(
            eventID: IdempotencyKey("deadline-scheduled/\(deadline.key.rawValue)").uuid, typeName: Self.scheduledType,
            timestamp: clock.now(), causationID: deadline.causationID, correlationID: deadline.correlationID,
            payload: try codec.encode(deadline)
        )
        let result: AppendResult
        do {
            result = try await store.append([event], to: deadline.streamID, expectedVersion: .noStream)
        } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
            return false
        }
        pending[deadline.streamID] = Pending(deadline: deadline, version: result.streamVersion)
        return true
    }

    /// Reads the deadlines scheduled, claimed and fired since the last scan (the whole log the first time).
    public func recover(batchSize: Int = 4096) async throws {
        while true {
            let batch = try await store.readAll(fromPosition: scannedThrough + 1, limit: batchSize)
            guard let last = batch.last else { return }
            for event in batch where event.typeName.hasPrefix("$Deadline.") {
                switch event.typeName {
                case Self.scheduledType where pending[event.streamID] == nil:
                    pending[event.streamID] = Pending(deadline: try codec.decode(Deadline.self, from: event.payload), version: event.streamVersion)
                case Self.claimedType:
                    guard var entry = pending[event.streamID], event.streamVersion > entry.version else { break }
                    entry.version = event.streamVersion
                    entry.claimedBy = event.metadata[Self.claimedByKey]
                    entry.claimedUntil = event.metadata[Self.claimedUntilKey].flatMap(Int64.init).map(Date.init(millisecondsSince1970:))
                    pending[event.streamID] = entry
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
        return pending.values.map(\.deadline).sorted { ($0.dueAt, $0.key.rawValue) < ($1.dueAt, $1.key.rawValue) }
    }

    /// Why deadlines whose send failed transiently at their last attempt are still pending, by key.
    public var lastFailures: [IdempotencyKey: String] { failures }

    /// Claims every deadline due by the clock's `now` that no other scheduler holds, earliest first, sends it and
    /// marks it fired. Returns what this scheduler fired.
    @discardableResult
    public func fireDue() async throws -> [DeadlineFiring] {
        try await recover()
        let now = clock.now()
        let due = pending.filter { $0.value.deadline.dueAt <= now }
            .sorted { ($0.value.deadline.dueAt, $0.value.deadline.key.rawValue) < ($1.value.deadline.dueAt, $1.value.deadline.key.rawValue) }
        var fired: [DeadlineFiring] = []
        for (stream, _) in due {
            guard try await claim(stream, now: now), let entry = pending[stream] else { continue }
            let deadline = entry.deadline
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
                try await store.append([mark], to: stream, expectedVersion: .exact(entry.version))
            } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
                // The send outlasted the lease and another scheduler claimed the deadline: it sends and marks it
                // too, and the participant applies the command once by its key.
            }
            pending[stream] = nil
            fired.append(DeadlineFiring(key: deadline.key, failure: failure))
        }
        return fired
    }

    /// Takes the deadline of `stream` for this scheduler unless another holds a lease on it: `true` when this
    /// scheduler holds it now (a claim of its own with at least half the lease left is kept, else a new one is
    /// appended at the stream's version). `false` when another scheduler's lease runs or another claim got in first.
    private func claim(_ stream: StreamID, now: Date) async throws -> Bool {
        guard var entry = pending[stream] else { return false }
        if let holder = entry.claimedBy, let until = entry.claimedUntil, until > now {
            guard holder == instance else { return false }
            if until >= now.adding(claimLease / 2) { return true }
        }
        let until = now.adding(claimLease)
        let claim = NewEvent(
            typeName: Self.claimedType, timestamp: now, causationID: entry.deadline.causationID, correlationID: entry.deadline.correlationID,
            metadata: [Self.claimedByKey: instance, Self.claimedUntilKey: String(until.millisecondsSince1970)], payload: Data()
        )
        do {
            entry.version = try await store.append([claim], to: stream, expectedVersion: .exact(entry.version)).streamVersion
        } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
            return false  // another scheduler claimed (or fired) it since this one read the stream; the next scan sees it
        }
        entry.claimedBy = instance
        entry.claimedUntil = Date(millisecondsSince1970: until.millisecondsSince1970)
        pending[stream] = entry
        return true
    }

    /// When this scheduler has something to do next: the earliest due time, or for a deadline another scheduler
    /// holds, the end of its lease; a deadline whose last send failed is retried after `pollInterval`.
    private func nextWake(pollInterval: Duration) -> Date {
        let now = clock.now()
        let poll = now.adding(pollInterval)
        let times = pending.values.map { entry -> Date in
            if failures[entry.deadline.key] != nil { return poll }
            if let holder = entry.claimedBy, holder != instance, let until = entry.claimedUntil, until > entry.deadline.dueAt { return until }
            return entry.deadline.dueAt
        }
        return min(times.min() ?? poll, poll)
    }

    /// Fires due deadlines, then sleeps on the clock until the next one is due (or `pollInterval` passes, to see
    /// deadlines scheduled elsewhere), until the task is cancelled.
    public func run(pollInterval: Duration = .seconds(1)) async throws {
        while !Task.isCancelled {
            try await fireDue()
            do {
                try await clock.sleep(until: nextWake(pollInterval: pollInterval))
            } catch is CancellationError {
                return
            }
        }
    }
}
