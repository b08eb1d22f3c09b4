import EVDLRuntime
import Foundation
import Testing

/// The pure state machine, without any I/O: history in, action out.
@Suite struct SagaStateMachineTests {
    let shape = SagaShape(
        steps: [
            SagaStepShape(name: "reserve", compensation: .command),
            SagaStepShape(name: "check", compensation: .nothing),
            SagaStepShape(name: "charge", compensation: .command, retry: .times(1), timeout: .seconds(5)),
            SagaStepShape(name: "ship", compensation: .pivot),
            SagaStepShape(name: "confirm", compensation: .pivot, retry: .forever),
        ],
        failureCommands: 1, compensationAttempts: 2, backoff: Backoff(initial: .seconds(1), maximum: .seconds(4))
    )
    let now = Date(timeIntervalSince1970: 1_000)

    private func machine(_ history: [SagaEvent]) throws -> SagaStateMachine {
        var machine = SagaStateMachine(shape: shape)
        for event in history { try machine.apply(event) }
        return machine
    }

    @Test func goesForwardAndRecordsATimeoutBeforeATimedStep() throws {
        var machine = try machine([.started, .stepCompleted(step: 0)])
        #expect(machine.nextAction(now: now) == .invoke(step: 1, attempt: 1, delay: .zero, timeoutAt: nil))
        try machine.apply(.stepCompleted(step: 1))
        let due = now.addingTimeInterval(5)
        #expect(machine.nextAction(now: now) == .record([.stepTimeoutScheduled(step: 2, attempt: 1, dueAt: due)]))
        try machine.apply(.stepTimeoutScheduled(step: 2, attempt: 1, dueAt: due))
        // Later (e.g. after a restart) the recorded due time stands.
        #expect(machine.nextAction(now: now.addingTimeInterval(60)) == .invoke(step: 2, attempt: 1, delay: .zero, timeoutAt: due))
    }

    @Test func retriesWithBackoffThenGivesUpAndCompensatesCompletedStepsInReverse() throws {
        var machine = try machine([.started, .stepCompleted(step: 0), .stepCompleted(step: 1)])
        let attempt1 = SagaAction.invoke(step: 2, attempt: 1, delay: .zero, timeoutAt: nil)
        #expect(machine.events(after: attempt1, result: .failed(reason: "down", permanent: false)) == [.stepAttemptFailed(step: 2, attempt: 1, reason: "down")])
        try machine.apply(.stepAttemptFailed(step: 2, attempt: 1, reason: "down"))
        #expect(machine.nextAction(now: now) == .record([.stepTimeoutScheduled(step: 2, attempt: 2, dueAt: now.addingTimeInterval(6))]))
        let attempt2 = SagaAction.invoke(step: 2, attempt: 2, delay: .seconds(1), timeoutAt: nil)
        #expect(machine.events(after: attempt2, result: .failed(reason: "down", permanent: false))
            == [.stepAttemptFailed(step: 2, attempt: 2, reason: "down"), .stepFailed(step: 2, reason: "down")])
        try machine.apply(.stepAttemptFailed(step: 2, attempt: 2, reason: "down"))
        try machine.apply(.stepFailed(step: 2, reason: "down"))
        // `check` has nothing to undo and `charge` (the failed step) is not compensated: `reserve` is next.
        #expect(machine.nextAction(now: now) == .compensate(step: 0, attempt: 1, delay: .zero))
        try machine.apply(.compensationCompleted(step: 0))
        #expect(machine.nextAction(now: now) == .runFailureCommand(index: 0, attempt: 1, delay: .zero))
        try machine.apply(.failureCommandCompleted(index: 0))
        #expect(machine.nextAction(now: now) == .record([.ended(compensated: true, reason: "step `charge` failed: down")]))
        try machine.apply(.ended(compensated: true, reason: "step `charge` failed: down"))
        #expect(machine.nextAction(now: now) == .finished(.compensated(reason: "step `charge` failed: down")))
    }

    @Test func aCompletedPivotIsNeverCompensatedPast() throws {
        var machine = try machine([.started] + (0...3).map { .stepCompleted(step: $0) })
        let confirm = SagaAction.invoke(step: 4, attempt: 1, delay: .zero, timeoutAt: nil)
        // `retry forever` retries transient failures; a permanent one ends it.
        #expect(machine.events(after: confirm, result: .failed(reason: "busy", permanent: false)).count == 1)
        let events = machine.events(after: confirm, result: .failed(reason: "rejected", permanent: true))
        for event in events { try machine.apply(event) }
        #expect(machine.nextAction(now: now) == .record([.compensationFailed(step: 3, reason: "it is the pivot, and steps before it are not compensated")]))
        try machine.apply(.compensationFailed(step: 3, reason: "it is the pivot, and steps before it are not compensated"))
        #expect(machine.nextAction(now: now) == .runFailureCommand(index: 0, attempt: 1, delay: .zero))
        try machine.apply(.failureCommandCompleted(index: 0))
        guard case .record(let end) = machine.nextAction(now: now), case .ended(let compensated, let reason) = end.first else {
            Issue.record("expected the end to be recorded")
            return
        }
        #expect(!compensated)
        #expect(reason == "step `confirm` failed: rejected; step `ship` cannot be undone: it is the pivot, and steps before it are not compensated")
    }

    @Test func aCompensationIsGivenUpAfterItsAttemptsAndTheOthersStillRun() throws {
        var machine = try machine([.started, .stepCompleted(step: 0), .stepCompleted(step: 1), .stepCompleted(step: 2), .stepFailed(step: 3, reason: "x")])
        #expect(machine.nextAction(now: now) == .compensate(step: 2, attempt: 1, delay: .zero))
        try machine.apply(.compensationAttemptFailed(step: 2, attempt: 1, reason: "no"))
        let second = machine.nextAction(now: now)
        #expect(second == .compensate(step: 2, attempt: 2, delay: .seconds(1)))
        for event in machine.events(after: second, result: .failed(reason: "no", permanent: false)) { try machine.apply(event) }
        #expect(machine.nextAction(now: now) == .compensate(step: 0, attempt: 1, delay: .zero))
        #expect(machine.problems == ["compensation of step `charge` failed: no (after 2 attempts)"])
    }

    @Test func historyThatCannotHappenIsRejected() throws {
        var machine = try machine([.started])
        #expect(throws: SagaError.self) { try machine.apply(.stepCompleted(step: 2)) }
        #expect(throws: SagaError.self) { try machine.apply(.compensationCompleted(step: 0)) }
        #expect(throws: SagaError.self) { try machine.apply(.completed) }
    }

    @Test func idempotencyKeysAreStableAndDistinct() {
        let a = IdempotencyKey.saga("Checkout", id: id(1), step: "charge", phase: .invoke)
        #expect(a == IdempotencyKey("saga/Checkout/\(id(1).uuidString)/charge/invoke"))
        #expect(a.uuid == IdempotencyKey(a.rawValue).uuid)
        #expect(a.uuid != IdempotencyKey.saga("Checkout", id: id(1), step: "charge", phase: .compensate).uuid)
        #expect(IdempotencyKey.policy("P", event: id(2), send: 0).uuid != IdempotencyKey.policy("P", event: id(2), send: 1).uuid)
        #expect(Backoff(initial: .seconds(1), maximum: .seconds(5)).delay(afterFailures: 4) == .seconds(5))
        #expect(Backoff(initial: .seconds(1), maximum: .seconds(5)).delay(afterFailures: 2) == .seconds(2))
        #expect(RetryPolicy.times(2).allowsAttempt(afterFailures: 2) && !RetryPolicy.times(2).allowsAttempt(afterFailures: 3))
    }
}
