import Foundation

/// A policy scenario (`scenario "…" for ExpireUnconfirmedOrders { given replies; when event; then sends }`) run
/// against the generated policy: its `react` reads the event, and its sends are walked as `PolicyRunner` walks
/// them — in order, a bound result's continuation inserting the sends after it, a failed send stopping the policy.
/// Commands sent at once go to ``ScriptedParticipants``; a delayed one is listed with its delay.
public struct PolicyScenario<P: EventPolicy>: Sendable {
    /// The scenario's title, repeated in failure messages.
    public var title: String
    /// What the services reply.
    public var replies: [ScriptedReply]
    /// How the event is encoded and decoded.
    public var codec: PayloadCodec

    /// Creates a scenario with no replies.
    public init(_ title: String, policy: P.Type, codec: PayloadCodec = .standard) {
        self.title = title
        self.replies = []
        self.codec = codec
    }

    /// Adds replies.
    public func given(_ replies: ScriptedReply...) -> PolicyScenario {
        var copy = self
        copy.replies += replies
        return copy
    }

    /// The canonical outcome of `event`: one line per command sent, `after duration(S, A) ` before a delayed one;
    /// `nothing` when the policy sends nothing. `commands` are the types the policy may send at once.
    public func when(_ event: some DomainEvent, commands: [any RoutedCommand.Type]) async throws -> String {
        let participants = ScriptedParticipants(replies, clock: ManualClock(start: ScenarioValues.now))
        let router = try CommandRouter(participants.routes(commands), codec: codec)
        guard let recorded = try ScenarioValues.recorded([event], codec: codec).first else { return "nothing" }
        var lines: [String] = []
        var pending = try P.react(to: recorded, codec: codec)[...]
        var index = 0
        while let send = pending.popFirst() {
            if let delay = send.delay {
                lines.append("after \(ScenarioText.value(delay)) \(ScenarioText.value(send.command))")
                continue
            }
            let key = IdempotencyKey.policy(P.name, event: recorded.eventID, send: index)
            index += 1
            let envelope = CommandEnvelope(idempotencyKey: key, issuedAt: ScenarioValues.now, causationID: recorded.eventID)
            let result: any Sendable
            do {
                result = try await send.send(router, envelope)
                lines += await participants.drain()
            } catch {
                lines += await participants.drain()
                if let mistake = await participants.scriptError {
                    throw ScenarioFailure(scenario: title, command: P.name, message: mistake)
                }
                break
            }
            if let next = send.next { pending = try next(result)[...] + pending }
        }
        return ScenarioText.lines(lines)
    }

    /// Expects the policy to send exactly `expected` (canonical lines, see ``when(_:commands:)``).
    public func then(_ event: some DomainEvent, commands: [any RoutedCommand.Type], equals expected: String) async throws {
        try ScenarioText.expect(try await when(event, commands: commands), equals: expected, scenario: title, subject: P.name)
    }
}
