import Foundation

/// A saga scenario (`scenario "…" for Checkout { given replies; when start; then commands outcome }`) run by the
/// real `SagaOrchestrator` on an in-memory store, with ``ScriptedParticipants`` answering every command and a
/// `ManualClock` from `date(0)` (a timed-out attempt moves it past the deadline; retries wait no backoff).
public struct SagaScenario<S: SagaDefinition>: Sendable {
    /// The scenario's title, repeated in failure messages.
    public var title: String
    /// What the participants reply.
    public var replies: [ScriptedReply]
    /// How events and inputs are encoded.
    public var codec: PayloadCodec

    /// Creates a scenario with no replies.
    public init(_ title: String, saga: S.Type, codec: PayloadCodec = .standard) {
        self.title = title
        self.replies = []
        self.codec = codec
    }

    /// Adds replies.
    public func given(_ replies: ScriptedReply...) -> SagaScenario {
        var copy = self
        copy.replies += replies
        return copy
    }

    /// The canonical outcome of the saga started by `event` (through `S.input(startedBy:codec:)`).
    public func when(_ event: some DomainEvent, commands: [any RoutedCommand.Type]) async throws -> String {
        guard let recorded = try ScenarioValues.recorded([event], codec: codec).first,
              let input = try S.input(startedBy: recorded, codec: codec)
        else {
            throw ScenarioFailure(scenario: title, command: S.name, message: "`\(type(of: event).typeName)` does not start `\(S.name)`")
        }
        return try await when(input: input, commands: commands)
    }

    /// The canonical outcome of the saga started with `input`: one line per command sent (once per invocation,
    /// in order), then `completed`, `compensated` or `failed`.
    public func when(input: S.Input, commands: [any RoutedCommand.Type]) async throws -> String {
        let clock = ManualClock(start: ScenarioValues.now)
        let participants = ScriptedParticipants(replies, clock: clock)
        let router = try CommandRouter(participants.routes(commands), codec: codec)
        let orchestrator = SagaOrchestrator<S>(store: InMemoryEventStore(), router: router, clock: clock,
                                               options: SagaOptions(backoff: .immediate, codec: codec))
        let outcome = try await orchestrator.run(input, sagaID: ScenarioValues.id(1))
        if let mistake = await participants.scriptError {
            throw ScenarioFailure(scenario: title, command: S.name, message: mistake)
        }
        let last = switch outcome {
        case .completed: "completed"
        case .compensated: "compensated"
        case .failed: "failed"
        }
        return (await participants.sent + [last]).joined(separator: "\n")
    }

    /// Expects exactly `expected` (canonical lines, see ``when(input:commands:)``) from the saga started by `event`.
    public func then(_ event: some DomainEvent, commands: [any RoutedCommand.Type], equals expected: String) async throws {
        try ScenarioText.expect(try await when(event, commands: commands), equals: expected, scenario: title, subject: S.name)
    }
}
