import Foundation

/// What one invocation of a command does in a saga or policy scenario (`given Payment.Charge fails "declined"`).
/// Each invocation of a command type takes the first unused reply for that type (retries of one invocation keep
/// it); without one, the command succeeds.
public struct ScriptedReply: Sendable {
    /// What the command does.
    public enum Kind: Sendable {
        /// It succeeds with this result (`nil`: `replies` without fields).
        case replies((any Sendable)?)
        /// Every attempt fails with this reason.
        case fails(String)
        /// Every attempt times out.
        case timesOut
    }

    /// The command's stable type name.
    public var typeName: String
    /// What it does.
    public var kind: Kind

    /// `Svc.Cmd replies { … }`: succeeds with `result`.
    public static func replies<C: RoutedCommand>(_ type: C.Type, _ result: C.Result) -> ScriptedReply {
        ScriptedReply(typeName: C.typeName, kind: .replies(result))
    }

    /// `Svc.Cmd replies`: succeeds.
    public static func replies<C: RoutedCommand>(_ type: C.Type) -> ScriptedReply {
        ScriptedReply(typeName: C.typeName, kind: .replies(nil))
    }

    /// `Svc.Cmd fails "reason"`.
    public static func fails<C: RoutedCommand>(_ type: C.Type, _ reason: String) -> ScriptedReply {
        ScriptedReply(typeName: C.typeName, kind: .fails(reason))
    }

    /// `Svc.Cmd times out`.
    public static func timesOut<C: RoutedCommand>(_ type: C.Type) -> ScriptedReply {
        ScriptedReply(typeName: C.typeName, kind: .timesOut)
    }
}

/// The failure a scripted participant reports for `fails "reason"`: permanent, since every attempt of the
/// invocation would fail alike (so the step fails, or the policy stops, without waiting out retries).
public struct ScriptedFailure: PermanentError, Sendable, Equatable, CustomStringConvertible {
    /// The reason written in the scenario.
    public var reason: String
    /// The reason.
    public var description: String { reason }
}

/// The participants of a saga or policy scenario: they record each command once per invocation, in the order
/// sent, and answer as the replies say.
public actor ScriptedParticipants {
    private var unused: [ScriptedReply]
    private var taken: [IdempotencyKey: ScriptedReply.Kind] = [:]
    /// The commands sent, one canonical line per invocation, in order.
    public private(set) var sent: [String] = []
    /// A mistake in the scenario itself (a result needed but not given), once one happened.
    public private(set) var scriptError: String?
    let clock: ManualClock

    /// Participants answering with `replies`; `timesOut` moves `clock` past any deadline.
    public init(_ replies: [ScriptedReply], clock: ManualClock) {
        self.unused = replies
        self.clock = clock
    }

    /// Routes for the command types the subject may send, each answered by these participants.
    public nonisolated func routes(_ types: [any RoutedCommand.Type]) -> [CommandRoute] {
        types.map { route($0) }
    }

    private nonisolated func route<C: RoutedCommand>(_ type: C.Type) -> CommandRoute {
        .service(C.self, service: "scenario") { command, envelope in try await self.handle(command, key: envelope.idempotencyKey) }
    }

    /// The lines recorded since the last call.
    func drain() -> [String] {
        defer { sent.removeAll() }
        return sent
    }

    /// Answers one attempt of `command`: records it on its invocation's first attempt and takes the first unused
    /// reply for its type.
    func handle<C: RoutedCommand>(_ command: C, key: IdempotencyKey) async throws -> C.Result {
        let kind: ScriptedReply.Kind
        if let known = taken[key] {
            kind = known
        } else {
            sent.append(ScenarioText.value(command))
            if let index = unused.firstIndex(where: { $0.typeName == C.typeName }) {
                kind = unused.remove(at: index).kind
            } else {
                kind = .replies(nil)
            }
            taken[key] = kind
        }
        switch kind {
        case .replies(let result?):
            if let typed = result as? C.Result { return typed }
            scriptError = "the reply given for `\(C.typeName)` is a `\(type(of: result))`, not a `\(C.Result.self)`"
            throw RoutingError(code: .wrongResultType, typeName: C.typeName, message: scriptError!)
        case .replies(nil):
            if let none = NoResult() as? C.Result { return none }
            scriptError = "no reply given for `\(C.typeName)`, whose result is used"
            throw RoutingError(code: .wrongResultType, typeName: C.typeName, message: scriptError!)
        case .fails(let reason):
            throw ScriptedFailure(reason: reason)
        case .timesOut:
            // Move past any deadline, then wait until the orchestrator gives up on this attempt.
            clock.advance(by: .seconds(86_400 * 400))
            try await clock.sleep(until: .distantFuture)
            throw CancellationError()
        }
    }
}
