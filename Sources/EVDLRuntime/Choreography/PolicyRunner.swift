import Foundation

/// Runs policies over the store: a checkpointed subscription that, for every event a policy handles, sends the
/// policy's commands through the router (or schedules its `after` commands as deadlines).
///
/// - At-least-once: the checkpoint (named `policy:<runner name>`) advances after a batch's sends are done, so a crash
///   repeats at most one batch; each send carries the key `policy/<Name>/<event id>/<index>` and participants apply a
///   key once. (The policy name is part of the key so that two policies reacting to one event never suppress each
///   other's commands.)
/// - The sends of one policy for one event run in order, each after the previous one succeeded; a send's result
///   feeds the sends that read it (`send Payment.Charge { … } as charge`, then `charge.transactionId`).
/// - A transient failure is retried with backoff up to `maxAttempts`; then the runner throws `PolicyError` and the
///   checkpoint stays before the event (the sends that succeeded are repeated with their keys, so participants
///   return their first results). A permanent failure (e.g. the command was rejected) is recorded as a
///   `PolicyFailure` in the store, naming the later sends of that policy for that event, which are not sent; the
///   runner moves on to the next policy and event.
public actor PolicyRunner {
    private let name: String
    private let store: any EventStore
    private let router: CommandRouter
    private let checkpoints: any CheckpointStore
    private let policies: [any EventPolicy.Type]
    private let handled: Set<String>
    private let deadlines: DeadlineScheduler?
    private let clock: any RuntimeClock
    private let codec: PayloadCodec
    private let backoff: Backoff
    private let maxAttempts: Int
    private let batchSize: Int

    /// Creates a runner. `deadlines` is required when a policy uses `after`.
    public init(
        name: String = "policies", store: any EventStore, router: CommandRouter, checkpoints: any CheckpointStore,
        policies: [any EventPolicy.Type], deadlines: DeadlineScheduler? = nil, clock: any RuntimeClock = SystemClock(),
        codec: PayloadCodec = .standard, backoff: Backoff = .standard, maxAttempts: Int = 5, batchSize: Int = 500
    ) {
        self.name = name
        self.store = store
        self.router = router
        self.checkpoints = checkpoints
        self.policies = policies
        self.handled = policies.reduce(into: Set<String>()) { $0.formUnion($1.handledEventTypes) }
        self.deadlines = deadlines
        self.clock = clock
        self.codec = codec
        self.backoff = backoff
        self.maxAttempts = max(1, maxAttempts)
        self.batchSize = max(1, batchSize)
    }

    private var checkpointName: String { "policy:\(name)" }

    /// Reacts to every stored event after the checkpoint; returns the last global position processed.
    @discardableResult
    public func catchUp() async throws -> Int64 {
        var position = try await checkpoints.checkpoint(for: checkpointName)
        while true {
            let batch = try await store.readAll(fromPosition: position + 1, limit: batchSize)
            guard let last = batch.last else { break }
            for stored in batch {
                try await reactToStored(stored)
            }
            position = last.globalPosition
            try await checkpoints.save(position, for: checkpointName)
        }
        return position
    }

    /// Catches up, then reacts to each new event as it is committed, until the task is cancelled or a send keeps failing.
    public func run() async throws {
        let processed = try await catchUp()
        for try await event in store.follow(fromPosition: processed + 1) {
            if Task.isCancelled { return }
            try await reactToStored(event)
            try await checkpoints.save(event.globalPosition, for: checkpointName)
        }
    }

    /// The sends given up so far (permanent failures), oldest first.
    public func failures() async throws -> [PolicyFailure] {
        try await store.readStream(failureStream, fromVersion: 1).map { try codec.decode(PolicyFailure.self, from: $0.payload) }
    }

    private var failureStream: StreamID { StreamID("$PolicyFailures-\(name)") }

    /// Reacts to the events stored record `stored` is read as that a policy handles: itself, or the events an
    /// upcaster splits it into (a failed split is a `PolicyError`).
    private func reactToStored(_ stored: RecordedEvent) async throws {
        guard codec.splits(stored.typeName, schemaVersion: stored.schemaVersion) else {
            if handled.contains(stored.typeName) { try await react(to: stored) }
            return
        }
        let events: [RecordedEvent]
        do {
            events = try codec.upcast(stored)
        } catch {
            throw PolicyError(policy: name, globalPosition: stored.globalPosition, message: "the policies of `\(name)` cannot read `\(stored.typeName)` at position \(stored.globalPosition): \(error)")
        }
        for event in events where handled.contains(event.typeName) {
            try await react(to: event)
        }
    }

    private func react(to event: RecordedEvent) async throws {
        for policy in policies where policy.handledEventTypes.contains(event.typeName) {
            let sends: [PolicySend]
            do {
                sends = try policy.react(to: event, codec: codec)
            } catch {
                throw PolicyError(policy: policy.name, globalPosition: event.globalPosition, message: "policy `\(policy.name)` cannot read `\(event.typeName)` at position \(event.globalPosition): \(error)")
            }
            var pending = sends[...]
            var index = 0
            while let send = pending.popFirst() {
                let key = IdempotencyKey.policy(policy.name, event: event.eventID, send: index)
                index += 1
                let rest = pending
                let skipped = { rest.map(\.typeName) + (send.hasContinuation ? ["the sends that read the result of `\(send.typeName)`"] : []) }
                guard let result = try await deliver(send, key: key, policy: policy.name, event: event, skipped: skipped) else { break }
                guard let next = send.next else { continue }
                do {
                    pending = try next(result)[...] + pending
                } catch {
                    throw PolicyError(policy: policy.name, globalPosition: event.globalPosition, message: "policy `\(policy.name)` cannot use the result of `\(send.typeName)` for the event at position \(event.globalPosition): \(error)")
                }
            }
        }
    }

    /// Sends (or schedules) one command; returns its result, or `nil` when it failed for good (then the failure,
    /// naming the `skipped` sends after it, is recorded and nothing after it is sent).
    private func deliver(_ send: PolicySend, key: IdempotencyKey, policy: String, event: RecordedEvent, skipped: () -> [String]) async throws -> (any Sendable)? {
        let correlation = event.correlationID ?? event.eventID
        var failures = 0
        while true {
            do {
                if let delay = send.delay {
                    guard let deadlines else {
                        throw PolicyError(policy: policy, globalPosition: event.globalPosition, message: "policy `\(policy)` sends `\(send.typeName)` after a delay, but the runner has no deadline scheduler")
                    }
                    let deadline = Deadline(
                        key: key, dueAt: event.timestamp.adding(delay), commandType: send.typeName, command: try send.encode(codec),
                        correlationID: correlation, causationID: event.eventID
                    )
                    try await deadlines.schedule(deadline)
                    return NoResult()
                } else {
                    let envelope = CommandEnvelope(idempotencyKey: key, issuedAt: clock.now(), correlationID: correlation, causationID: event.eventID)
                    return try await send.send(router, envelope)
                }
            } catch let error as PolicyError {
                throw error
            } catch let error as any PermanentError {
                let failure = PolicyFailure(policy: policy, eventID: event.eventID, key: key, commandType: send.typeName, reason: failureReason(error),
                                            skippedCommandTypes: skipped())
                let marker = IdempotencyKey("policy-failure/\(key.rawValue)").uuid
                do {
                    // The marker as command id: a failure seen again after a redelivery is recorded once.
                    try await store.append(
                        [NewEvent(eventID: marker, typeName: "$Policy.SendFailed", timestamp: clock.now(), commandID: marker,
                                  causationID: event.eventID, correlationID: correlation, payload: try codec.encode(failure))],
                        to: failureStream, expectedVersion: .any
                    )
                } catch let error as EventStoreError where error.code == .duplicateCommand {
                    return nil
                }
                return nil
            } catch {
                failures += 1
                guard failures < maxAttempts else {
                    throw PolicyError(policy: policy, globalPosition: event.globalPosition, message: "policy `\(policy)` could not send `\(send.typeName)` for the event at position \(event.globalPosition) after \(failures) attempts: \(failureReason(error))")
                }
                try await clock.sleep(for: backoff.delay(afterFailures: failures))
            }
        }
    }
}
