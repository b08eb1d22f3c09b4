import Foundation

/// What the state machine needs to know of one step.
public struct SagaStepShape: Sendable, Equatable, Hashable {
    /// How a completed step is undone.
    public enum Compensation: Sendable, Equatable, Hashable {
        /// A compensating command.
        case command
        /// `compensate nothing`.
        case nothing
        /// No `compensate` clause: the pivot.
        case pivot
    }

    /// The step's name.
    public var name: String
    /// How it is undone.
    public var compensation: Compensation
    /// Its retry policy.
    public var retry: RetryPolicy
    /// Its per-attempt timeout.
    public var timeout: Duration?

    /// Creates a shape.
    public init(name: String, compensation: Compensation, retry: RetryPolicy = .none, timeout: Duration? = nil) {
        self.name = name
        self.compensation = compensation
        self.retry = retry
        self.timeout = timeout
    }
}

/// Everything the state machine decides by: the steps, the number of `on failure` commands, how often a
/// compensation or `on failure` command is attempted before it is given up, and the backoff between attempts.
public struct SagaShape: Sendable, Equatable {
    /// The steps, in order.
    public var steps: [SagaStepShape]
    /// How many `on failure` commands there are.
    public var failureCommands: Int
    /// Attempts of one compensation (or `on failure` command) before it is given up (at least 1).
    public var compensationAttempts: Int
    /// The delay before a retry.
    public var backoff: Backoff

    /// Creates a shape.
    public init(steps: [SagaStepShape], failureCommands: Int = 0, compensationAttempts: Int = 5, backoff: Backoff = .standard) {
        self.steps = steps
        self.failureCommands = failureCommands
        self.compensationAttempts = max(1, compensationAttempts)
        self.backoff = backoff
    }
}

/// How a saga ended.
public enum SagaOutcome: Sendable, Equatable, Hashable {
    /// Every step completed.
    case completed
    /// A step failed; every completed step was compensated and every `on failure` command ran.
    case compensated(reason: String)
    /// A step failed and something could not be undone or run (the reasons say what).
    case failed(reason: String)
}

/// The next thing an orchestrator must do for one saga instance.
public enum SagaAction: Sendable, Equatable {
    /// Record these events (no participant is involved).
    case record([SagaEvent])
    /// Wait `delay`, then send step `step`'s command (attempt `attempt`, from 1); when `timeoutAt` is given, an
    /// attempt still running then counts as failed.
    case invoke(step: Int, attempt: Int, delay: Duration, timeoutAt: Date?)
    /// Wait `delay`, then send step `step`'s compensating command (attempt `attempt`).
    case compensate(step: Int, attempt: Int, delay: Duration)
    /// Wait `delay`, then send `on failure` command `index` (attempt `attempt`).
    case runFailureCommand(index: Int, attempt: Int, delay: Duration)
    /// Nothing left: the saga ended.
    case finished(SagaOutcome)
}

/// How one attempt of a command went.
public enum SagaAttemptResult: Sendable, Equatable {
    /// The participant applied it.
    case succeeded
    /// It failed; `permanent` when retrying cannot help (`PermanentError`).
    case failed(reason: String, permanent: Bool)
}

/// Where a saga is, as a fold of its history.
public enum SagaProgress: Sendable, Equatable {
    /// Nothing recorded yet.
    case notStarted
    /// Going forward; the index of the next step to run (== step count: all done).
    case forward(next: Int)
    /// Undoing completed steps; `remaining` is how many of the completed steps (from the first) may still need it.
    case compensating(remaining: Int)
    /// Running `on failure` commands; the index of the next one.
    case failureCommands(next: Int)
    /// Ended.
    case finished(SagaOutcome)
}

/// The pure heart of the orchestrator: folds a saga's history (`apply`) and says what to do next (`nextAction`)
/// and which events an attempt's result causes (`events(after:result:)`). No I/O, no clock: `now` is passed in.
public struct SagaStateMachine: Sendable, Equatable {
    /// The saga's shape.
    public let shape: SagaShape
    /// Where the saga is.
    public private(set) var phase: SagaProgress = .notStarted
    /// The completed steps, in the order they completed.
    public private(set) var completedSteps: [Int] = []
    /// The compensated steps, in the order they were compensated.
    public private(set) var compensatedSteps: [Int] = []
    /// Consecutive failed attempts of the current command.
    public private(set) var failures = 0
    /// Why the saga is failing (the step that failed for good), once it is.
    public private(set) var failureReason: String?
    /// What was given up while failing (compensations, `on failure` commands), in order.
    public private(set) var problems: [String] = []
    /// The recorded timeout of the current step's next attempt: (step, attempt, due).
    public private(set) var pendingTimeout: (step: Int, attempt: Int, dueAt: Date)?

    /// A machine for a saga of `shape` with no history.
    public init(shape: SagaShape) {
        self.shape = shape
    }

    /// Equal when shape and state are equal.
    public static func == (lhs: SagaStateMachine, rhs: SagaStateMachine) -> Bool {
        lhs.shape == rhs.shape && lhs.phase == rhs.phase && lhs.completedSteps == rhs.completedSteps
            && lhs.compensatedSteps == rhs.compensatedSteps && lhs.failures == rhs.failures
            && lhs.failureReason == rhs.failureReason && lhs.problems == rhs.problems
            && lhs.pendingTimeout?.step == rhs.pendingTimeout?.step && lhs.pendingTimeout?.attempt == rhs.pendingTimeout?.attempt
            && lhs.pendingTimeout?.dueAt == rhs.pendingTimeout?.dueAt
    }

    /// Whether the saga has ended.
    public var isFinished: Bool {
        if case .finished = phase { return true }
        return false
    }

    /// Folds one history event. Throws `SagaError(.invalidHistory)` for an event that cannot follow the history so far.
    public mutating func apply(_ event: SagaEvent) throws(SagaError) {
        switch (event, phase) {
        case (.started, .notStarted):
            phase = .forward(next: 0)
        case (.stepTimeoutScheduled(let step, let attempt, let dueAt), .forward(let next)) where step == next:
            pendingTimeout = (step, attempt, dueAt)
        case (.stepCompleted(let step), .forward(let next)) where step == next:
            completedSteps.append(step)
            failures = 0
            pendingTimeout = nil
            phase = .forward(next: step + 1)
        case (.stepAttemptFailed(let step, let attempt, _), .forward(let next)) where step == next:
            failures = attempt
        case (.stepFailed(let step, let reason), .forward(let next)) where step == next:
            failureReason = "step `\(shape.steps[step].name)` failed: \(reason)"
            failures = 0
            pendingTimeout = nil
            phase = .compensating(remaining: completedSteps.count)
        case (.compensationCompleted(let step), .compensating(let remaining)) where step == currentCompensation(remaining)?.step:
            compensatedSteps.append(step)
            failures = 0
            phase = .compensating(remaining: currentCompensation(remaining)!.position)
        case (.compensationAttemptFailed(let step, let attempt, _), .compensating(let remaining)) where step == currentCompensation(remaining)?.step:
            failures = attempt
        case (.compensationFailed(let step, let reason), .compensating(let remaining)) where step == currentCompensation(remaining)?.step:
            let position = currentCompensation(remaining)!.position
            let stepName = shape.steps[step].name
            failures = 0
            switch shape.steps[step].compensation {
            case .pivot:
                problems.append("step `\(stepName)` cannot be undone: \(reason)")
                phase = .compensating(remaining: 0)  // nothing before a completed pivot is undone
            case .command, .nothing:
                problems.append("compensation of step `\(stepName)` failed: \(reason)")
                phase = .compensating(remaining: position)
            }
        case (.failureCommandCompleted(let index), .failureCommands(let next)) where index == next:
            failures = 0
            phase = .failureCommands(next: index + 1)
        case (.failureCommandAttemptFailed(let index, let attempt, _), .failureCommands(let next)) where index == next:
            failures = attempt
        case (.failureCommandFailed(let index, let reason), .failureCommands(let next)) where index == next:
            problems.append("`on failure` command \(index + 1) failed: \(reason)")
            failures = 0
            phase = .failureCommands(next: index + 1)
        case (.failureCommandCompleted, .compensating(let remaining)) where currentCompensation(remaining) == nil,
             (.failureCommandAttemptFailed, .compensating(let remaining)) where currentCompensation(remaining) == nil,
             (.failureCommandFailed, .compensating(let remaining)) where currentCompensation(remaining) == nil:
            // Compensation had nothing left: the `on failure` commands follow without an event of their own.
            phase = .failureCommands(next: 0)
            try apply(event)
        case (.completed, .forward(let next)) where next == shape.steps.count:
            phase = .finished(.completed)
        case (.ended(let compensated, let reason), .compensating(let remaining)) where currentCompensation(remaining) == nil && shape.failureCommands == 0:
            phase = .finished(compensated ? .compensated(reason: reason) : .failed(reason: reason))
        case (.ended(let compensated, let reason), .failureCommands(let next)) where next == shape.failureCommands:
            phase = .finished(compensated ? .compensated(reason: reason) : .failed(reason: reason))
        default:
            throw SagaError(code: .invalidHistory, message: "saga event \(event) cannot follow the history so far (\(phase))")
        }
    }

    /// The step whose compensation is due among the first `remaining` completed steps (skipping `compensate
    /// nothing`), and how many completed steps precede it.
    private func currentCompensation(_ remaining: Int) -> (step: Int, position: Int)? {
        var position = remaining - 1
        while position >= 0 {
            let step = completedSteps[position]
            switch shape.steps[step].compensation {
            case .command, .pivot: return (step, position)
            case .nothing: position -= 1
            }
        }
        return nil
    }

    /// What to do next. `now` is the time a step timeout is counted from.
    public func nextAction(now: Date) -> SagaAction {
        switch phase {
        case .notStarted:
            return .record([.started])
        case .forward(let next):
            guard next < shape.steps.count else { return .record([.completed]) }
            let step = shape.steps[next]
            let attempt = failures + 1
            let delay = shape.backoff.delay(afterFailures: failures)
            guard let timeout = step.timeout else {
                return .invoke(step: next, attempt: attempt, delay: delay, timeoutAt: nil)
            }
            if let pending = pendingTimeout, pending.step == next, pending.attempt == attempt {
                return .invoke(step: next, attempt: attempt, delay: delay, timeoutAt: pending.dueAt)
            }
            return .record([.stepTimeoutScheduled(step: next, attempt: attempt, dueAt: now.adding(delay).adding(timeout))])
        case .compensating(let remaining):
            guard let current = currentCompensation(remaining) else {
                return failureCommandAction(next: 0)
            }
            switch shape.steps[current.step].compensation {
            case .pivot:
                return .record([.compensationFailed(step: current.step, reason: "it is the pivot, and steps before it are not compensated")])
            case .command, .nothing:
                return .compensate(step: current.step, attempt: failures + 1, delay: shape.backoff.delay(afterFailures: failures))
            }
        case .failureCommands(let next):
            return failureCommandAction(next: next)
        case .finished(let outcome):
            return .finished(outcome)
        }
    }

    private func failureCommandAction(next: Int) -> SagaAction {
        guard next < shape.failureCommands else {
            let reason = ([failureReason ?? "the saga failed"] + problems).joined(separator: "; ")
            return .record([.ended(compensated: problems.isEmpty, reason: reason)])
        }
        return .runFailureCommand(index: next, attempt: failures + 1, delay: shape.backoff.delay(afterFailures: failures))
    }

    /// The events that record `result` of `action` (an invoke, compensation or `on failure` command): a success,
    /// or a failed attempt followed by giving up when no retry is left or the failure is permanent.
    public func events(after action: SagaAction, result: SagaAttemptResult) -> [SagaEvent] {
        switch (action, result) {
        case (.invoke(let step, _, _, _), .succeeded):
            return [.stepCompleted(step: step)]
        case (.invoke(let step, let attempt, _, _), .failed(let reason, let permanent)):
            var events: [SagaEvent] = [.stepAttemptFailed(step: step, attempt: attempt, reason: reason)]
            if permanent || !shape.steps[step].retry.allowsAttempt(afterFailures: attempt) {
                events.append(.stepFailed(step: step, reason: reason))
            }
            return events
        case (.compensate(let step, _, _), .succeeded):
            return [.compensationCompleted(step: step)]
        case (.compensate(let step, let attempt, _), .failed(let reason, let permanent)):
            var events: [SagaEvent] = [.compensationAttemptFailed(step: step, attempt: attempt, reason: reason)]
            if permanent || attempt >= shape.compensationAttempts {
                events.append(.compensationFailed(step: step, reason: "\(reason) (after \(attempt) attempt\(attempt == 1 ? "" : "s"))"))
            }
            return events
        case (.runFailureCommand(let index, _, _), .succeeded):
            return [.failureCommandCompleted(index: index)]
        case (.runFailureCommand(let index, let attempt, _), .failed(let reason, let permanent)):
            var events: [SagaEvent] = [.failureCommandAttemptFailed(index: index, attempt: attempt, reason: reason)]
            if permanent || attempt >= shape.compensationAttempts {
                events.append(.failureCommandFailed(index: index, reason: "\(reason) (after \(attempt) attempt\(attempt == 1 ? "" : "s"))"))
            }
            return events
        case (.record, _), (.finished, _):
            return []
        }
    }
}
