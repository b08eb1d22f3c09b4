import Foundation

/// Executes the actions the state machine decides, for one saga instance at a time: sends commands through the
/// router, races step timeouts, waits out backoff, and appends the resulting history events. Holds no mutable
/// state, so any number of instances run in parallel without meeting on an actor; the store's expected-version
/// check on the instance's stream is what keeps two drivers from writing one instance.
///
/// The methods on a saga's path (`start`, `drive`, `record`, `flush`) are `@inlinable`, over `@usableFromInline`
/// internals, so that they are specialised for the concrete saga in the module calling `SagaOrchestrator.run`
/// (generated code): unspecialised, every access to the generic instance went through metadata lookups.
@usableFromInline
struct SagaDriver<Saga: SagaDefinition>: Sendable {
    @usableFromInline let store: any EventStore
    @usableFromInline let router: CommandRouter
    @usableFromInline let clock: any RuntimeClock
    @usableFromInline let options: SagaOptions
    @usableFromInline let steps: [SagaStep<Saga>]
    @usableFromInline let failureCommands: [SagaCommand<Saga>]
    @usableFromInline let shape: SagaShape
    @usableFromInline let stepNames: [String]
    @usableFromInline let stopFlag: StopFlag
    /// `<step>/invoke` and `<step>/compensate` per step: the ends of the steps' idempotency keys.
    @usableFromInline let invokeKeys: [String]
    @usableFromInline let compensateKeys: [String]
    /// The payloads of the history events that carry nothing but their step (or command) index, encoded once.
    @usableFromInline let fixedPayloads: SagaFixedPayloads
    /// Whether any step has a timeout (else the state machine never needs the time).
    @usableFromInline let hasTimeouts: Bool
    /// Each step's invoke, bind and result encoding, taken out of the (generic, large) steps so that running a
    /// step copies one closure, not a whole `SagaStep`.
    @usableFromInline let invokes: [@Sendable (Saga.Input, Saga.Results, CommandRouter, CommandEnvelope) async throws -> (any Sendable)?]
    @usableFromInline let binds: [@Sendable (inout Saga.Results, any Sendable) -> Void]
    @usableFromInline let encodeResults: [@Sendable (any Sendable, PayloadCodec) throws -> Data]

    @usableFromInline
    init(store: any EventStore, router: CommandRouter, clock: any RuntimeClock, options: SagaOptions, stopFlag: StopFlag) {
        self.store = store
        self.router = router
        self.clock = clock
        self.options = options
        self.steps = Saga.steps
        self.failureCommands = Saga.onFailure
        self.stepNames = steps.map(\.name)
        self.shape = SagaShape(
            steps: steps.map(\.shape), failureCommands: failureCommands.count,
            compensationAttempts: options.compensationAttempts, backoff: options.backoff
        )
        self.stopFlag = stopFlag
        self.invokeKeys = stepNames.map { $0 + "/" + SagaPhase.invoke.rawValue }
        self.compensateKeys = stepNames.map { $0 + "/" + SagaPhase.compensate.rawValue }
        self.fixedPayloads = SagaFixedPayloads(stepNames: stepNames, failureCommands: failureCommands.count)
        self.hasTimeouts = steps.contains { $0.timeout != nil }
        self.invokes = steps.map(\.invoke)
        self.binds = steps.map(\.bind)
        self.encodeResults = steps.map(\.encodeResult)
    }

    @usableFromInline
    static func streamID(for sagaID: UUID) -> StreamID {
        StreamID(joined(SagaEventCodec.prefix, Saga.name, "-", sagaID.upperCaseString))
    }

    /// A new instance with its `started` event appended (durably: the caller may forget the input once this
    /// returns). Returns `nil` when the instance's stream exists already.
    /// With `durable: false` the `started` event stays queued and goes out with the saga's next append (which,
    /// at version 0, still fails if the stream exists).
    @inlinable
    func start(_ input: Saga.Input, sagaID: UUID, durable: Bool = true) async throws -> SagaInstance<Saga>? {
        var instance = SagaInstance<Saga>(id: sagaID, version: 0, machine: SagaStateMachine(shape: shape), input: input)
        let payload = try options.codec.encode(input)
        try record([.started], blob: payload, in: &instance)
        guard durable else { return instance }
        do {
            try await flush(&instance, expected: .noStream)
        } catch let error as EventStoreError where error.code == .wrongExpectedVersion {
            return nil
        }
        return instance
    }

    /// The instance recorded in `sagaID`'s stream, or `nil` when there is none.
    @usableFromInline
    func load(_ sagaID: UUID) async throws -> SagaInstance<Saga>? {
        let stream = Self.streamID(for: sagaID)
        let history = try await store.readStream(stream, fromVersion: 1)
        guard let first = history.first else { return nil }
        guard first.typeName == SagaEventCodec.startedType else {
            throw SagaError(code: .invalidHistory, message: "stream `\(stream)` does not begin with `\(SagaEventCodec.startedType)`")
        }
        let input: Saga.Input
        do {
            input = try options.codec.decode(Saga.Input.self, from: first.payload)
        } catch {
            throw SagaError(code: .invalidHistory, message: "the input of saga `\(stream)` does not decode: \(error)")
        }
        var instance = SagaInstance<Saga>(id: sagaID, version: 0, machine: SagaStateMachine(shape: shape), input: input)
        for recorded in history {
            let (event, blob) = try SagaEventCodec.decode(recorded, stepNames: stepNames)
            if case .stepCompleted(let step) = event, !blob.isEmpty, step < steps.count {
                do {
                    steps[step].bind(&instance.results, try steps[step].decodeResult(blob, options.codec))
                } catch {
                    throw SagaError(code: .invalidHistory, message: "the result of step `\(stepNames[step])` in `\(stream)` does not decode: \(error)")
                }
            }
            try instance.machine.apply(event)
            instance.version = recorded.streamVersion
        }
        return instance
    }

    /// Drives `instance` until it ends (returns the outcome), the orchestrator is stopped (throws `.stopped`), or
    /// the store fails (throws its error; the instance stays unfinished and is resumed later).
    @inlinable
    func drive(_ instance: inout SagaInstance<Saga>) async throws -> SagaOutcome {
        while true {
            if stopFlag.isSet {
                throw SagaError(code: .stopped, message: "the orchestrator of `\(Saga.name)` was stopped")
            }
            // The machine reads `now` only to schedule a step timeout; without timeouts the clock is not read.
            let action = instance.machine.nextAction(now: hasTimeouts ? clock.now() : .distantPast)
            switch action {
            case .finished(let outcome):
                try await flush(&instance)
                return outcome
            case .record(let events):
                try record(events, blob: nil, in: &instance)
                let mustFlush = options.journal == .everyTransition || events.contains {
                    if case .stepTimeoutScheduled = $0 { return true }
                    return $0.isTerminal
                }
                if mustFlush { try await flush(&instance) }
            case .invoke(let step, _, let delay, let timeoutAt):
                if timeoutAt != nil { try await flush(&instance) }
                try await wait(delay)
                let envelope = CommandEnvelope(idempotencyKey: instance.key(invokeKeys[step]), issuedAt: clock.now(), correlationID: instance.id)
                let outcome: Result<(any Sendable)?, any Error>
                if let timeoutAt {
                    let (input, results, router, invoke, name) = (instance.input, instance.results, router, invokes[step], stepNames[step])
                    if clock.now() >= timeoutAt {
                        // Overdue before it began (the deadline passed while no orchestrator ran): the timeout fires.
                        outcome = .failure(SagaStepTimeout(step: name, dueAt: timeoutAt))
                    } else {
                        outcome = await race({ try await invoke(input, results, router, envelope) }, deadline: timeoutAt, clock: clock) {
                            SagaStepTimeout(step: name, dueAt: timeoutAt)
                        }
                    }
                } else {
                    do { outcome = .success(try await invokes[step](instance.input, instance.results, router, envelope)) } catch { outcome = .failure(error) }
                }
                try checkStopped()
                var blob: Data?
                if case .success(let value?) = outcome {
                    binds[step](&instance.results, value)
                    blob = try encodeResults[step](value, options.codec)
                }
                let result = attemptResult(outcome)
                try record(instance.machine.events(after: action, result: result), blob: blob, in: &instance)
                // A failed attempt is always recorded before the retry, so a store that died under a participant
                // (or a `retry forever` step) stops the saga instead of retrying unrecorded.
                if options.journal == .everyTransition || result != .succeeded { try await flush(&instance) }
            case .compensate(let step, _, let delay):
                try await flush(&instance)
                try await wait(delay)
                guard case .command(let command) = steps[step].compensation else {
                    throw SagaError(code: .definitionMismatch, message: "step `\(stepNames[step])` has no compensating command")
                }
                let envelope = CommandEnvelope(idempotencyKey: instance.key(compensateKeys[step]), issuedAt: clock.now(), correlationID: instance.id)
                let outcome = await attempt(command, instance, envelope: envelope)
                try checkStopped()
                try record(instance.machine.events(after: action, result: outcome), blob: nil, in: &instance)
                try await flush(&instance)
            case .runFailureCommand(let index, _, let delay):
                try await flush(&instance)
                try await wait(delay)
                let envelope = CommandEnvelope(
                    idempotencyKey: instance.key("failure\(index)/" + SagaPhase.onFailure.rawValue), issuedAt: clock.now(), correlationID: instance.id
                )
                let outcome = await attempt(failureCommands[index], instance, envelope: envelope)
                try checkStopped()
                try record(instance.machine.events(after: action, result: outcome), blob: nil, in: &instance)
                try await flush(&instance)
            }
        }
    }

    @usableFromInline
    func attempt(_ command: SagaCommand<Saga>, _ instance: SagaInstance<Saga>, envelope: CommandEnvelope) async -> SagaAttemptResult {
        do {
            try await command.send(instance.input, instance.results, router, envelope)
            return .succeeded
        } catch {
            return .failed(reason: failureReason(error), permanent: error is any PermanentError)
        }
    }

    @usableFromInline
    func attemptResult(_ outcome: Result<(any Sendable)?, any Error>) -> SagaAttemptResult {
        switch outcome {
        case .success: .succeeded
        case .failure(let error): .failed(reason: failureReason(error), permanent: error is any PermanentError)
        }
    }

    @inlinable
    func checkStopped() throws {
        if stopFlag.isSet {
            throw SagaError(code: .stopped, message: "the orchestrator of `\(Saga.name)` was stopped")
        }
    }

    /// Waits out a retry's backoff (a cancelled task stops here even without one).
    @inlinable
    func wait(_ delay: Duration) async throws {
        if delay > .zero {
            try await clock.sleep(for: delay)
        } else {
            try Task.checkCancellation()
        }
    }

    /// Applies `events` to the instance and queues them for appending (`blob` goes with `started`/`stepCompleted`).
    @inlinable
    func record(_ events: [SagaEvent], blob: Data?, in instance: inout SagaInstance<Saga>) throws {
        let now = clock.now()
        for event in events {
            try instance.machine.apply(event)
            let carriesBlob: Bool = switch event {
            case .started, .stepCompleted: true
            case .stepTimeoutScheduled, .stepAttemptFailed, .stepFailed, .compensationCompleted, .compensationAttemptFailed,
                 .compensationFailed, .failureCommandCompleted, .failureCommandAttemptFailed, .failureCommandFailed, .completed, .ended: false
            }
            let eventID = IdempotencyKey.derive(instance.id, index: UInt64(instance.version) + UInt64(instance.pending.count) + 1)
            instance.pending.append(NewEvent(
                eventID: eventID, typeName: SagaEventCodec.typeName(event), timestamp: now, correlationID: instance.id,
                payload: fixedPayloads.payload(of: event, stepNames: stepNames, blob: carriesBlob ? blob : nil)
            ))
        }
    }

    /// Appends the queued events in one append, expecting the stream where this driver left it.
    @inlinable
    func flush(_ instance: inout SagaInstance<Saga>, expected: ExpectedVersion? = nil) async throws {
        guard !instance.pending.isEmpty else { return }
        let result = try await store.append(instance.pending, to: instance.stream, expectedVersion: expected ?? .exact(instance.version))
        instance.version = result.streamVersion
        instance.pending.removeAll(keepingCapacity: true)
    }
}
