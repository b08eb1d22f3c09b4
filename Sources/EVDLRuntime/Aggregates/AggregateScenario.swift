import Foundation

/// A given/when/then specification of one aggregate, independent of any test framework: `then…` returns normally
/// when the expectation holds and throws a `ScenarioFailure` with a readable explanation when it does not, so it
/// works from Swift Testing (`try scenario.then(…)` fails the test with the error) and XCTest alike.
///
/// ```swift
/// try AggregateScenario("a shipped order cannot be cancelled", aggregate: Order(swiftDecisions: …))
///     .given(.orderPlaced(…), .orderShipped(…))
///     .when(.cancelOrder(…))
///     .thenRejected("a shipped order cannot be cancelled")
/// ```
public struct AggregateScenario<Aggregate: EventSourcedAggregate>: Sendable {
    /// The scenario's title, repeated in failure messages.
    public var title: String
    /// The aggregate value whose `decide` runs.
    public var aggregate: Aggregate
    /// The history the command meets.
    public var history: [Aggregate.Event]
    /// The context `decide` receives (the scenario clock is `context.now`).
    public var context: CommandContext

    /// Creates a scenario with an empty history. The clock defaults to a fixed date, so scenarios are repeatable.
    public init(_ title: String, aggregate: Aggregate, context: CommandContext = CommandContext(now: Date(timeIntervalSince1970: 0))) {
        self.title = title
        self.aggregate = aggregate
        self.history = []
        self.context = context
    }

    /// Adds `events` to the history.
    public func given(_ events: Aggregate.Event...) -> AggregateScenario {
        given(events)
    }

    /// Adds `events` to the history.
    public func given(_ events: [Aggregate.Event]) -> AggregateScenario {
        var copy = self
        copy.history += events
        return copy
    }

    /// Replays the history and decides `command` on the resulting state. Like `Repository`, it first checks the
    /// command's existence rule: with no history the aggregate does not exist, so a command that needs an existing
    /// aggregate is rejected (`.aggregateNotFound`), and a `creates` command meeting a history is rejected
    /// (`.aggregateAlreadyExists`).
    public func when(_ command: Aggregate.Command) -> ScenarioOutcome<Aggregate> {
        let state = Aggregate.replay(history)
        let result: Result<[Aggregate.Event], any Error>
        do {
            try Aggregate.checkExistence(of: command, version: Int64(history.count))
            result = .success(try aggregate.decide(command, state: state, context: context))
        } catch {
            result = .failure(error)
        }
        return ScenarioOutcome(title: title, command: command, state: state, result: result)
    }
}

/// What a scenario's command did, with `then…` checks that throw `ScenarioFailure` when they do not hold.
public struct ScenarioOutcome<Aggregate: EventSourcedAggregate>: Sendable {
    /// The scenario's title.
    public var title: String
    /// The command decided.
    public var command: Aggregate.Command
    /// The state the command met.
    public var state: Aggregate.State
    /// The events decided, or the error thrown (usually a `CommandRejection`).
    public var result: Result<[Aggregate.Event], any Error>

    /// Creates an outcome.
    public init(title: String, command: Aggregate.Command, state: Aggregate.State, result: Result<[Aggregate.Event], any Error>) {
        self.title = title
        self.command = command
        self.state = state
        self.result = result
    }

    /// The state after the decided events (the state the command met when it was rejected).
    public var stateAfter: Aggregate.State {
        switch result {
        case .success(let events): Aggregate.replay(events, from: state)
        case .failure: state
        }
    }

    /// Expects exactly `expected`, in order.
    @discardableResult
    public func then(_ expected: Aggregate.Event...) throws(ScenarioFailure) -> ScenarioOutcome {
        try then(expected)
    }

    /// Expects exactly `expected`, in order.
    @discardableResult
    public func then(_ expected: [Aggregate.Event]) throws(ScenarioFailure) -> ScenarioOutcome {
        switch result {
        case .failure(let error):
            throw failure("expected \(Self.describe(expected)), but the command failed: \(error)")
        case .success(let actual) where actual != expected:
            var lines = ["expected \(Self.describe(expected)),", "but got \(Self.describe(actual))"]
            let index = zip(actual, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
                ?? min(actual.count, expected.count)
            lines.append("first difference at event #\(index + 1)")
            throw failure(lines.joined(separator: "\n"))
        case .success:
            return self
        }
    }

    /// Expects the command to be accepted with no events.
    @discardableResult
    public func thenNothing() throws(ScenarioFailure) -> ScenarioOutcome {
        try then([])
    }

    /// Expects a `CommandRejection`; when `message` is given, with exactly that message.
    @discardableResult
    public func thenRejected(_ message: String? = nil) throws(ScenarioFailure) -> ScenarioOutcome {
        switch result {
        case .success(let events):
            throw failure("expected a rejection\(message.map { " \"\($0)\"" } ?? ""), but the command was accepted with \(Self.describe(events))")
        case .failure(let error as CommandRejection):
            if let message, error.message != message {
                throw failure("expected the rejection \"\(message)\",\nbut it was rejected with \"\(error.message)\"")
            }
            return self
        case .failure(let error):
            throw failure("expected a rejection\(message.map { " \"\($0)\"" } ?? ""), but the command failed with \(error)")
        }
    }

    /// Expects a `CommandRejection` with `code` (e.g. `.aggregateNotFound`).
    @discardableResult
    public func thenRejected(code: CommandRejection.Code) throws(ScenarioFailure) -> ScenarioOutcome {
        switch result {
        case .success(let events):
            throw failure("expected a rejection `\(code.rawValue)`, but the command was accepted with \(Self.describe(events))")
        case .failure(let error as CommandRejection):
            if error.code != code {
                throw failure("expected a rejection `\(code.rawValue)`,\nbut it was rejected `\(error.code.rawValue)`: \"\(error.message)\"")
            }
            return self
        case .failure(let error):
            throw failure("expected a rejection `\(code.rawValue)`, but the command failed with \(error)")
        }
    }

    /// Expects the state after the decided events to equal `expected`.
    @discardableResult
    public func thenState(_ expected: Aggregate.State) throws(ScenarioFailure) -> ScenarioOutcome {
        let actual = stateAfter
        if actual != expected {
            throw failure("expected the state \(expected),\nbut it is \(actual)")
        }
        return self
    }

    private func failure(_ message: String) -> ScenarioFailure {
        ScenarioFailure(scenario: title, command: command.typeName, message: message)
    }

    private static func describe(_ events: [Aggregate.Event]) -> String {
        if events.isEmpty { return "no events" }
        return "[\n" + events.enumerated().map { "  #\($0.offset + 1) \($0.element.typeName): \($0.element)" }.joined(separator: "\n") + "\n]"
    }
}

/// A scenario expectation that did not hold.
public struct ScenarioFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The scenario's title.
    public var scenario: String
    /// The stable name of the command decided.
    public var command: String
    /// What was expected and what happened.
    public var message: String

    /// Creates a failure.
    public init(scenario: String, command: String, message: String) {
        self.scenario = scenario
        self.command = command
        self.message = message
    }

    /// `scenario "…" (when Order.CancelOrder): …`.
    public var description: String { "scenario \"\(scenario)\" (when \(command)): \(message)" }
}
