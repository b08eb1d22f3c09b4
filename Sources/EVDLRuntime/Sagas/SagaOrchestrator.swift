import Foundation

/// Runs the instances of one saga: starts them (from Swift, or from the events named by `start on`), drives each
/// through its steps and, when a step fails for good, through the compensation of the completed steps in reverse
/// order and the `on failure` commands; answers status queries; and resumes every unfinished instance after a restart.
///
/// - Each instance's history is event-sourced in its own stream `$Saga.<Name>-<id>` (see `SagaEvent`); the pure
///   `SagaStateMachine` decides the next action from it, and a driver executes the action and records the result.
///   A new orchestrator on the same store resumes an instance exactly where its history leaves it: forward if it
///   was going forward, compensating if it was compensating.
/// - Every command carries the idempotency key `saga/<Name>/<id>/<step>/<invoke|compensate|onFailure>`; a command
///   may be delivered again after a crash, and participants apply each key once.
/// - Steps are retried per their `retry` policy and timed out per their `timeout` (recorded before the attempt,
///   so it fires after a restart too); compensations and `on failure` commands are retried with backoff up to
///   `SagaOptions.compensationAttempts`, then given up: the saga ends as `.failed` with the reasons, in its history
///   and in `status(of:)`.
public actor SagaOrchestrator<Saga: SagaDefinition> {
    @usableFromInline let driver: SagaDriver<Saga>
    private let stopFlag = StopFlag()
    private var active: [UUID: Task<Void, Never>] = [:]
    private var interruptions: [UUID: String] = [:]

    /// Creates an orchestrator. Nothing runs until `start`, `run`, `resumeUnfinished` or `catchUpStarts` is called.
    public init(store: any EventStore, router: CommandRouter, clock: any RuntimeClock = SystemClock(), options: SagaOptions = SagaOptions()) {
        driver = SagaDriver(store: store, router: router, clock: clock, options: options, stopFlag: stopFlag)
    }

    /// The history stream of instance `sagaID`.
    public nonisolated static func streamID(for sagaID: UUID) -> StreamID {
        SagaDriver<Saga>.streamID(for: sagaID)
    }

    /// The instance id the start event `eventID` gets, so that seeing the event again starts nothing new.
    public nonisolated static func sagaID(startedBy eventID: UUID) -> UUID {
        IdempotencyKey("saga-start/\(Saga.name)/\(eventID.uuidString)").uuid
    }

    /// Records the start of instance `sagaID` (durably) and drives it in the background. Starting an id that
    /// already has a history starts nothing; if that instance is unfinished and not running here, it is resumed.
    @discardableResult
    public func start(_ input: Saga.Input, sagaID: UUID = UUID()) async throws -> UUID {
        try checkRunning()
        if let instance = try await driver.start(input, sagaID: sagaID) {
            launch(instance)
        } else if active[sagaID] == nil, let instance = try await driver.load(sagaID), !instance.machine.isFinished {
            launch(instance)
        }
        return sagaID
    }

    /// Starts instance `sagaID` and drives it to its end in the caller's task (no background task, no actor
    /// hop per step); returns the outcome. An id that already has a history is resumed instead (or, if it ended,
    /// its outcome is returned). Throws when the store fails or the orchestrator is stopped (the instance stays
    /// unfinished and resumes later).
    ///
    /// With `SagaOptions.Journal.batched`, the start is not appended on its own: it goes out with the saga's first
    /// necessary append (for a saga that succeeds, one append in all). Until then a crash leaves no trace, and the
    /// caller, which has not been answered, runs it again with the same id (its participants see the same keys).
    @inlinable
    public final nonisolated func run(_ input: Saga.Input, sagaID: UUID = UUID()) async throws -> SagaOutcome {
        try checkRunning()
        guard var instance = try await driver.start(input, sagaID: sagaID, durable: driver.options.journal == .everyTransition) else {
            return try await resume(sagaID)
        }
        do {
            return try await driver.drive(&instance)
        } catch let error as EventStoreError where error.code == .wrongExpectedVersion && instance.version == 0 {
            return try await resume(sagaID)  // the id had a history already (a deferred start found it at its first append)
        }
    }

    @usableFromInline
    nonisolated func resume(_ sagaID: UUID) async throws -> SagaOutcome {
        guard var existing = try await driver.load(sagaID) else {
            throw SagaError(code: .invalidHistory, message: "saga `\(Saga.name)` `\(sagaID)` exists but has no history")
        }
        return try await driver.drive(&existing)
    }

    /// Finds every instance of this saga whose history has not ended and drives each in the background
    /// (skipping those already running here). Returns their ids. Scans the store's whole log.
    @discardableResult
    public func resumeUnfinished(batchSize: Int = 4096) async throws -> [UUID] {
        try checkRunning()
        let prefix = "\(SagaEventCodec.prefix)\(Saga.name)-"
        var started: [UUID] = []
        var ended = Set<UUID>()
        var position: Int64 = 1
        while true {
            let batch = try await driver.store.readAll(fromPosition: position, limit: batchSize)
            guard let last = batch.last else { break }
            for event in batch where event.typeName.hasPrefix(SagaEventCodec.prefix) && event.streamID.rawValue.hasPrefix(prefix) {
                guard let id = UUID(uuidString: String(event.streamID.rawValue.dropFirst(prefix.count))) else { continue }
                if event.typeName == SagaEventCodec.startedType {
                    started.append(id)
                } else if event.typeName == SagaEventCodec.typeName(.completed) || event.typeName == "$Saga.Ended" {
                    ended.insert(id)
                }
            }
            position = last.globalPosition + 1
        }
        var resumed: [UUID] = []
        for id in started where !ended.contains(id) && active[id] == nil {
            guard let instance = try await driver.load(id), !instance.machine.isFinished else { continue }
            launch(instance)
            resumed.append(id)
        }
        return resumed
    }

    /// Starts an instance for every start event (`Saga.startEventTypes`) after this saga's checkpoint in
    /// `checkpoints` (named `saga:<Name>`), then advances the checkpoint. At-least-once and idempotent: an event seen
    /// again maps to the same instance id (`sagaID(startedBy:)`), which starts nothing new (an unfinished one is
    /// resumed). Returns how many start events were handled.
    @discardableResult
    public func catchUpStarts(checkpoints: any CheckpointStore, batchSize: Int = 1000) async throws -> Int {
        try checkRunning()
        let name = "saga:\(Saga.name)"
        var position = try await checkpoints.checkpoint(for: name)
        var count = 0
        while true {
            let batch = try await driver.store.readAll(fromPosition: position + 1, limit: batchSize)
            guard let last = batch.last else { break }
            let events: [RecordedEvent]
            do {
                events = try driver.options.codec.upcast(batch)
            } catch {
                throw SagaError(code: .invalidHistory, message: "saga `\(Saga.name)` cannot read the start events at positions \(batch[0].globalPosition)–\(last.globalPosition): \(error)")
            }
            for event in events where Saga.startEventTypes.contains(event.typeName) {
                guard let input = try Saga.input(startedBy: event, codec: driver.options.codec) else { continue }
                let id = Self.sagaID(startedBy: event.eventID)
                if active[id] == nil {
                    try await start(input, sagaID: id)
                    count += 1
                }
            }
            position = last.globalPosition
            try await checkpoints.save(position, for: name)
        }
        return count
    }

    /// The status of instance `sagaID` as its history records it (also for instances run by an earlier
    /// orchestrator), or `nil` when it never started.
    public nonisolated func status(of sagaID: UUID) async throws -> SagaStatus? {
        try await driver.load(sagaID)?.status(stepNames: driver.stepNames)
    }

    /// Instances whose background drive stopped on an error (e.g. the store failed), with the error; they stay
    /// unfinished in the store until `resumeUnfinished` (here or in a new orchestrator) picks them up.
    public var interrupted: [UUID: String] { interruptions }

    /// The ids of the instances driven in the background right now.
    public var running: Set<UUID> { Set(active.keys) }

    /// Waits until no instance is driven in the background.
    public func waitUntilIdle() async {
        while let task = active.values.first {
            await task.value
        }
    }

    /// Stops: every instance stops before its next action (an attempt in flight is not recorded), background
    /// drives end, and later calls throw `.stopped`. Histories stay as recorded, for a new orchestrator to resume.
    public func stop() async {
        stopFlag.set()
        for task in active.values { task.cancel() }
        await waitUntilIdle()
    }

    private func launch(_ instance: SagaInstance<Saga>) {
        let id = instance.id
        let driver = self.driver
        let stopFlag = self.stopFlag
        active[id] = Task {
            var instance = instance
            var failure: String?
            do {
                _ = try await driver.drive(&instance)
            } catch let error as SagaError where error.code == .stopped {
                failure = nil
            } catch {
                failure = stopFlag.isSet ? nil : failureReason(error)
            }
            self.finished(id, failure: failure)
        }
    }

    private func finished(_ id: UUID, failure: String?) {
        active[id] = nil
        interruptions[id] = failure
    }

    @usableFromInline
    nonisolated func checkRunning() throws {
        if stopFlag.isSet {
            throw SagaError(code: .stopped, message: "the orchestrator of `\(Saga.name)` was stopped")
        }
    }
}
