import Foundation
#if os(Linux)
import Synchronization
#endif

/// How a saga orchestrator records and retries.
public struct SagaOptions: Sendable {
    /// When a saga's history events are appended.
    public enum Journal: Sendable, Equatable {
        /// After every transition: each completed step is durable before the next step is invoked, so a resumed
        /// saga never re-sends a command that is recorded as applied.
        case everyTransition
        /// Forward progress (start excepted) is kept in memory and appended in one batch before anything that must
        /// not be decided on unrecorded progress: a compensation, an `on failure` command, an attempt with a
        /// timeout, and the end. Correct because every invoke carries its idempotency key: after a crash the
        /// unrecorded steps are invoked again and their participants return the first results. Fewer appends, more
        /// re-deliveries after a crash.
        case batched
    }

    /// When history events are appended.
    public var journal: Journal
    /// Attempts of one compensation (or `on failure` command) before it is given up and the saga ends as failed.
    public var compensationAttempts: Int
    /// The delay before a retry (of steps, compensations and `on failure` commands).
    public var backoff: Backoff
    /// How inputs and results are encoded in the history.
    public var codec: PayloadCodec

    /// Creates options.
    public init(journal: Journal = .everyTransition, compensationAttempts: Int = 5, backoff: Backoff = .standard, codec: PayloadCodec = .standard) {
        self.journal = journal
        self.compensationAttempts = compensationAttempts
        self.backoff = backoff
        self.codec = codec
    }
}

/// What a saga instance's history says about it: the answer of `SagaOrchestrator.status(of:)`.
public struct SagaStatus: Sendable, Equatable {
    /// Where the instance is.
    public enum State: Sendable, Equatable {
        /// Going forward; the step it runs next (`nil`: all steps done, the end is being recorded).
        case running(nextStep: String?)
        /// Failing: undoing completed steps or running the `on failure` commands.
        case compensating
        /// Ended.
        case ended(SagaOutcome)
    }

    /// The instance id.
    public var sagaID: UUID
    /// Where it is.
    public var state: State
    /// The steps that completed, in order.
    public var completedSteps: [String]
    /// The steps that were compensated, in the order they were.
    public var compensatedSteps: [String]
    /// Why it is failing, once it is: the step that failed for good, then whatever was given up.
    public var failureReason: String?
    /// The version of its history stream.
    public var version: Int64

    /// Creates a status.
    public init(sagaID: UUID, state: State, completedSteps: [String], compensatedSteps: [String], failureReason: String?, version: Int64) {
        self.sagaID = sagaID
        self.state = state
        self.completedSteps = completedSteps
        self.compensatedSteps = compensatedSteps
        self.failureReason = failureReason
        self.version = version
    }

    /// The outcome, once the saga ended.
    public var outcome: SagaOutcome? {
        if case .ended(let outcome) = state { return outcome }
        return nil
    }
}

/// One saga instance in memory: its history folded into the state machine, its input and bound results, and the
/// history events not yet appended.
@usableFromInline
struct SagaInstance<Saga: SagaDefinition>: Sendable {
    @usableFromInline let id: UUID
    @usableFromInline let stream: StreamID
    /// `saga/<Name>/<id>/`: the start of every idempotency key of this instance (formatted once).
    @usableFromInline let keyPrefix: String
    /// The hash of `keyPrefix`, continued with each key's rest to derive the key's UUID.
    @usableFromInline let keyPrefixHash: KeyHash
    @usableFromInline var version: Int64
    @usableFromInline var machine: SagaStateMachine
    @usableFromInline var input: Saga.Input
    @usableFromInline var results: Saga.Results
    @usableFromInline var pending: [NewEvent] = []

    @inlinable
    init(id: UUID, version: Int64, machine: SagaStateMachine, input: Saga.Input, results: Saga.Results = Saga.Results()) {
        let idString = id.upperCaseString  // formatted once: it is in the stream id and in every key
        self.id = id
        self.stream = StreamID(joined(SagaEventCodec.prefix, Saga.name, "-", idString))
        let keyPrefix = joined("saga/", Saga.name, "/", idString, "/")
        var keyPrefixHash = KeyHash()
        keyPrefixHash.combine(keyPrefix)
        self.keyPrefix = keyPrefix
        self.keyPrefixHash = keyPrefixHash
        self.version = version
        self.machine = machine
        self.input = input
        self.results = results
        pending.reserveCapacity(8)  // a saga that succeeds appends started, its steps and completed at once
    }

    /// The idempotency key `saga/<Name>/<id>/<suffix>` (`suffix`: `<step>/<phase>`).
    @inlinable
    func key(_ suffix: String) -> IdempotencyKey {
        var hash = keyPrefixHash
        hash.combine(suffix)
        return IdempotencyKey(rawValue: keyPrefix + suffix, uuid: hash.uuid)
    }

    func status(stepNames: [String]) -> SagaStatus {
        let state: SagaStatus.State = switch machine.phase {
        case .notStarted, .forward: {
            if case .forward(let next) = machine.phase, next < stepNames.count { return .running(nextStep: stepNames[next]) }
            return .running(nextStep: nil)
        }()
        case .compensating, .failureCommands: .compensating
        case .finished(let outcome): .ended(outcome)
        }
        var reason = machine.failureReason
        if let first = reason, !machine.problems.isEmpty {
            reason = ([first] + machine.problems).joined(separator: "; ")
        }
        return SagaStatus(
            sagaID: id, state: state, completedSteps: machine.completedSteps.map { stepNames[$0] },
            compensatedSteps: machine.compensatedSteps.map { stepNames[$0] }, failureReason: reason,
            version: version + Int64(pending.count)
        )
    }
}

/// The concatenation of `parts` in one allocation (`+` allocates an intermediate string per operator).
@usableFromInline
func joined(_ parts: String...) -> String {
    let total = parts.reduce(0) { $0 + $1.utf8.count }
    return String(unsafeUninitializedCapacity: total) { buffer in
        var offset = 0
        for var part in parts {
            part.withUTF8 { utf8 in
                guard let source = utf8.baseAddress, !utf8.isEmpty else { return }
                (buffer.baseAddress! + offset).update(from: source, count: utf8.count)
                offset += utf8.count
            }
        }
        return offset
    }
}

/// A flag set once by `SagaOrchestrator.stop()` and read by every running saga between actions (several times
/// per saga, from every thread: an atomic where the platform has one without conditions, else a lock).
@usableFromInline
final class StopFlag: @unchecked Sendable {
    #if os(Linux)
    private let stopped = Atomic<Bool>(false)

    @usableFromInline
    var isSet: Bool { stopped.load(ordering: .acquiring) }

    func set() { stopped.store(true, ordering: .releasing) }
    #else
    private let lock = NSLock()
    private var stopped = false

    @usableFromInline
    var isSet: Bool { lock.withLock { stopped } }

    func set() { lock.withLock { stopped = true } }
    #endif
}

/// A step attempt that did not finish before its timeout. Not permanent: the step's retry policy decides.
public struct SagaStepTimeout: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step.
    public var step: String
    /// When the attempt was due.
    public var dueAt: Date

    /// Creates the error.
    public init(step: String, dueAt: Date) {
        self.step = step
        self.dueAt = dueAt
    }

    /// `step `x` timed out`.
    public var description: String { "step `\(step)` timed out (due at \(dueAt.millisecondsSince1970) ms)" }
}

/// Runs `body` and races it against `clock` reaching `deadline`; the loser is cancelled (a body that ignores
/// cancellation finishes in the background and its result is dropped).
@usableFromInline
func race<T: Sendable>(
    _ body: @escaping @Sendable () async throws -> T, deadline: Date, clock: any RuntimeClock, timeout: @escaping @Sendable () -> any Error
) async -> Result<T, any Error> {
    let gate = RaceGate<T>()
    return await withTaskCancellationHandler {
        await withCheckedContinuation { continuation in
            start(gate, continuation)
        }
    } onCancel: {
        gate.finish(.failure(CancellationError()))
    }

    @Sendable func start(_ gate: RaceGate<T>, _ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
        gate.arm(continuation)
        let work = Task {
            do { gate.finish(.success(try await body())) } catch { gate.finish(.failure(error)) }
        }
        let timer = Task {
            do {
                try await clock.sleep(until: deadline)
                gate.finish(.failure(timeout()))
            } catch {
                // Cancelled: the work finished first.
            }
        }
        gate.onFinish { work.cancel(); timer.cancel() }
    }
}

/// The first of several racers to finish resumes the continuation; the others are ignored.
final class RaceGate<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, any Error>, Never>?
    private var result: Result<T, any Error>?
    private var cleanup: (@Sendable () -> Void)?
    private var done = false

    func arm(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) {
        let finished: Result<T, any Error>? = lock.withLock {
            if done { return result }
            self.continuation = continuation
            return nil
        }
        if let finished { continuation.resume(returning: finished) }
    }

    func onFinish(_ cleanup: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock {
            if done { return true }
            self.cleanup = cleanup
            return false
        }
        if runNow { cleanup() }
    }

    func finish(_ value: Result<T, any Error>) {
        let (continuation, cleanup): (CheckedContinuation<Result<T, any Error>, Never>?, (@Sendable () -> Void)?) = lock.withLock {
            guard !done else { return (nil, nil) }
            done = true
            result = value
            defer { self.continuation = nil; self.cleanup = nil }
            return (self.continuation, self.cleanup)
        }
        continuation?.resume(returning: value)
        cleanup?()
    }
}
