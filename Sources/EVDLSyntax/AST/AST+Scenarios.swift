/// What a scripted service command does in a saga or policy scenario (`given Payment.Charge fails "declined"`).
public enum ScenarioReplyKind: Hashable, Sendable {
    /// `replies` or `replies { field: value, … }`: the command succeeds, with this result (`nil`: no fields written).
    case replies([FieldArgument]?)
    /// `fails "reason"`: every attempt of the invocation fails with this reason.
    case fails(StringLiteral)
    /// `times out`: every attempt of the invocation times out (the step needs a `timeout`).
    case timesOut
}

/// `Svc.Cmd replies { … }` | `Svc.Cmd fails "…"` | `Svc.Cmd times out` in a scenario's `given`: what one invocation of
/// a command returns (each invocation takes the first unused reply for its command type).
public struct ScenarioReply: Hashable, Sendable {
    /// The command replied to.
    public var command: QualifiedName
    /// What it does.
    public var kind: ScenarioReplyKind
    /// From the command's name to the end of the reply.
    public var span: Span

    /// Creates a reply.
    public init(command: QualifiedName, kind: ScenarioReplyKind, span: Span) {
        self.command = command
        self.kind = kind
        self.span = span
    }
}

/// `when queryName(label: value, …)` in a projection scenario.
public struct ScenarioQuery: Hashable, Sendable {
    /// The query's name.
    public var name: Identifier
    /// The arguments as written (labels are checked against the query's parameters).
    public var arguments: [CallArgument]
    /// From the name to the closing parenthesis.
    public var span: Span

    /// Creates a query call.
    public init(name: Identifier, arguments: [CallArgument], span: Span) {
        self.name = name
        self.arguments = arguments
        self.span = span
    }
}

/// How a saga scenario ends: the contextual word after the last command of `then`.
public enum SagaOutcomeWord: String, Hashable, Sendable, CaseIterable {
    /// Every step completed.
    case completed
    /// A step failed and every compensation and `on failure` command succeeded.
    case compensated
    /// A step failed and some compensation or `on failure` command failed too.
    case failed
}

/// `completed`, `compensated` or `failed` with its place.
public struct SagaOutcome: Hashable, Sendable {
    /// The word.
    public var word: SagaOutcomeWord
    /// Where it was written.
    public var span: Span

    /// Creates an outcome.
    public init(word: SagaOutcomeWord, span: Span) {
        self.word = word
        self.span = span
    }
}

/// `[after DURATION] Target.Command { … }` in a policy scenario's `then`: one command the policy sends.
public struct ScenarioSend: Hashable, Sendable {
    /// The delay it is scheduled with (`after 30m`), if any.
    public var delay: DurationLiteral?
    /// The command.
    public var command: MessageLiteral
    /// From `after` (or the name) to the closing brace.
    public var span: Span

    /// Creates a send.
    public init(delay: DurationLiteral?, command: MessageLiteral, span: Span) {
        self.delay = delay
        self.command = command
        self.span = span
    }
}

/// The expected outcome of a scenario (`then …`). Which forms fit depends on the subject, which the checker knows:
/// an aggregate takes `events`, `rejected` and `nothing`; a projection `events` (row literals) and `nothing`;
/// a saga `saga`; a policy `events` (commands sent at once), `sends` and `nothing`.
public enum ScenarioOutcome: Hashable, Sendable {
    /// `then A { … } B { … }`: message literals, in order (events; rows; a policy's commands without delays).
    case events([MessageLiteral], Span)
    /// `then rejected "message"` (message optional): the command is rejected.
    case rejected(StringLiteral?, Span)
    /// `then nothing`: accepted, no events (no rows, nothing sent).
    case nothing(Span)
    /// `then [after D] X { … } …` where at least one command carries `after`: what a policy sends, in order.
    case sends([ScenarioSend], Span)
    /// `then X { … } … completed|compensated|failed`: the commands a saga sends, in order, and how it ends.
    case saga([MessageLiteral], SagaOutcome, Span)

    /// The whole clause after `then`.
    public var span: Span {
        switch self {
        case .events(_, let s), .rejected(_, let s), .nothing(let s), .sends(_, let s), .saga(_, _, let s): s
        }
    }

    /// The message literals written, in order (empty for `rejected` and `nothing`).
    public var messages: [MessageLiteral] {
        switch self {
        case .events(let ms, _), .saga(let ms, _, _): ms
        case .sends(let sends, _): sends.map(\.command)
        case .rejected, .nothing: []
        }
    }

    /// The commands of a policy's `then`, each with its delay (`events` are sends without delay).
    public var sends: [ScenarioSend] {
        switch self {
        case .events(let ms, _), .saga(let ms, _, _): ms.map { ScenarioSend(delay: nil, command: $0, span: $0.span) }
        case .sends(let sends, _): sends
        case .rejected, .nothing: []
        }
    }
}

/// `scenario "…" [for Subject] { given …; when …; then … }`: an executable specification of an aggregate
/// (without `for`), a projection, a saga or a policy (with `for`).
public struct ScenarioDecl: Hashable, Sendable {
    /// The scenario's title.
    public var title: StringLiteral
    /// `for Name`: the projection, saga, policy or aggregate exercised; `nil` for an aggregate scenario inferred
    /// from its messages.
    public var subject: Identifier?
    /// The message literals of `given`: events already recorded (aggregate, projection).
    public var given: [MessageLiteral]
    /// The replies of `given`: what service commands return (saga, policy), in written order.
    public var replies: [ScenarioReply]
    /// The message of `when` (a command, a triggering event, or a saga's input `S { … }`); `nil` if missing or a query.
    public var when: MessageLiteral?
    /// `when query(args)` in a projection scenario.
    public var query: ScenarioQuery?
    /// What must happen; `nil` if missing (reported by the parser).
    public var then: ScenarioOutcome?
    /// The whole declaration.
    public var span: Span

    /// Creates a scenario.
    public init(title: StringLiteral, subject: Identifier? = nil, given: [MessageLiteral], replies: [ScenarioReply] = [],
                when: MessageLiteral?, query: ScenarioQuery? = nil, then: ScenarioOutcome?, span: Span) {
        self.title = title
        self.subject = subject
        self.given = given
        self.replies = replies
        self.when = when
        self.query = query
        self.then = then
        self.span = span
    }
}
