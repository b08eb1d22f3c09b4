/// `on Aggregate.Event key expr { statements }` in a projection.
public struct ProjectionHandler: Hashable, Sendable {
    /// The event handled.
    public var event: QualifiedName
    /// The row key (`key expr`); when absent, the event's field named like the projection's key.
    public var key: Expr?
    /// `for name in collection`: the handler runs once per element, `name` bound to it (in the key, the filter
    /// and the body).
    public var element: Identifier?
    /// The collection of `for name in collection`.
    public var elements: Expr?
    /// `where condition`: the handler runs only when it holds.
    public var filter: Expr?
    /// The body; `delete` removes the row.
    public var body: Block
    /// The whole handler.
    public var span: Span

    /// Creates a handler.
    public init(event: QualifiedName, element: Identifier? = nil, elements: Expr? = nil, key: Expr?, filter: Expr? = nil, body: Block, span: Span) {
        self.event = event
        self.element = element
        self.elements = elements
        self.key = key
        self.filter = filter
        self.body = body
        self.span = span
    }
}

/// `query name(params) -> Result where condition`.
public struct QueryDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The query's name.
    public var name: Identifier
    /// Its parameters.
    public var parameters: [ParameterDecl]
    /// The result type: `[Projection]` (every matching row) or `Projection?` (at most one).
    public var result: TypeExpr
    /// The filter over `row` and the parameters; `nil` matches every row.
    public var filter: Expr?
    /// The whole declaration.
    public var span: Span

    /// Creates a query.
    public init(doc: DocComment?, name: Identifier, parameters: [ParameterDecl], result: TypeExpr, filter: Expr?, span: Span) {
        self.doc = doc
        self.name = name
        self.parameters = parameters
        self.result = result
        self.filter = filter
        self.span = span
    }
}

/// A member of a projection, in written order.
public enum ProjectionMember: Hashable, Sendable {
    /// `key name: Type`.
    case key(IdentityDecl)
    /// `row { … }`.
    case row(FieldBlock)
    /// `on Event … { … }`.
    case on(ProjectionHandler)
    /// `query …`.
    case query(QueryDecl)
}

/// `projection OrderSummary { … }`: a read model built from events.
public struct ProjectionDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The projection's name.
    public var name: Identifier
    /// The members in written order.
    public var members: [ProjectionMember]
    /// The whole declaration.
    public var span: Span

    /// Creates a projection.
    public init(doc: DocComment?, name: Identifier, members: [ProjectionMember], span: Span) {
        self.doc = doc
        self.name = name
        self.members = members
        self.span = span
    }

    /// The first `key` declaration.
    public var key: IdentityDecl? {
        for case .key(let d) in members { return d }
        return nil
    }
    /// The first `row` block.
    public var row: FieldBlock? {
        for case .row(let d) in members { return d }
        return nil
    }
    /// The handlers in order.
    public var handlers: [ProjectionHandler] { members.compactMap { if case .on(let d) = $0 { d } else { nil } } }
    /// The queries in order.
    public var queries: [QueryDecl] { members.compactMap { if case .query(let d) = $0 { d } else { nil } } }
}

/// `compensate …` in a saga step.
public enum Compensation: Hashable, Sendable {
    /// `compensate Service.Command { … }`.
    case command(MessageLiteral)
    /// `compensate nothing`: the step has nothing to undo (it is not a pivot).
    case nothing(Span)
}

/// `retry N` or `retry forever` in a saga step.
public enum RetryPolicy: Hashable, Sendable {
    /// Up to N further attempts after the first.
    case times(Int, Span)
    /// Retried until it succeeds: the step cannot fail the saga.
    case forever(Span)
}

/// `step name { invoke …; compensate …; retry …; timeout … }`.
public struct SagaStep: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The step's name.
    public var name: Identifier
    /// The command invoked (`invoke X { … } as result`).
    public var invoke: MessageLiteral?
    /// The name bound to the invoked command's result (`as name`).
    public var binding: Identifier?
    /// What undoes the step; `nil` makes the step a pivot.
    public var compensate: Compensation?
    /// How often the invoke is retried.
    public var retry: RetryPolicy?
    /// How long one attempt may take.
    public var timeout: DurationLiteral?
    /// The whole step.
    public var span: Span

    /// Creates a step.
    public init(doc: DocComment?, name: Identifier, invoke: MessageLiteral?, binding: Identifier?, compensate: Compensation?, retry: RetryPolicy?, timeout: DurationLiteral?, span: Span) {
        self.doc = doc
        self.name = name
        self.invoke = invoke
        self.binding = binding
        self.compensate = compensate
        self.retry = retry
        self.timeout = timeout
        self.span = span
    }
}

/// `start on Aggregate.Event { input fields from event }`.
public struct SagaStart: Hashable, Sendable {
    /// The triggering event and how the saga's input is built from it.
    public var trigger: MessageLiteral
    /// The whole clause.
    public var span: Span

    /// Creates a start clause.
    public init(trigger: MessageLiteral, span: Span) {
        self.trigger = trigger
        self.span = span
    }
}

/// A member of a saga, in written order.
public enum SagaMember: Hashable, Sendable {
    /// `input { … }`.
    case input(FieldBlock)
    /// `start on …`.
    case start(SagaStart)
    /// `step …`.
    case step(SagaStep)
    /// `on failure { invoke …; … }`: commands sent once compensation has finished.
    case onFailure(actions: [MessageLiteral], span: Span)
}

/// `saga Checkout { … }`: an orchestrated sequence of steps with compensations.
public struct SagaDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The saga's name.
    public var name: Identifier
    /// The members in written order.
    public var members: [SagaMember]
    /// The whole declaration.
    public var span: Span

    /// Creates a saga.
    public init(doc: DocComment?, name: Identifier, members: [SagaMember], span: Span) {
        self.doc = doc
        self.name = name
        self.members = members
        self.span = span
    }

    /// The first `input` block.
    public var input: FieldBlock? {
        for case .input(let d) in members { return d }
        return nil
    }
    /// The first `start on` clause.
    public var start: SagaStart? {
        for case .start(let d) in members { return d }
        return nil
    }
    /// The steps in order.
    public var steps: [SagaStep] { members.compactMap { if case .step(let d) = $0 { d } else { nil } } }
    /// The `on failure` actions (empty when absent).
    public var failureActions: [MessageLiteral] {
        members.flatMap { member -> [MessageLiteral] in if case .onFailure(let a, _) = member { a } else { [] } }
    }
}

/// `[after DURATION] send Target.Command { … }` in a policy.
public struct PolicySend: Hashable, Sendable {
    /// The delay before the command is sent (a durable deadline), if any.
    public var delay: DurationLiteral?
    /// The command and its fields (which read `event.x` and the results of earlier sends).
    public var command: MessageLiteral
    /// `as name`: binds the service command's result for the sends after it.
    public var binding: Identifier?
    /// The whole clause.
    public var span: Span

    /// Creates a send clause.
    public init(delay: DurationLiteral?, command: MessageLiteral, binding: Identifier? = nil, span: Span) {
        self.delay = delay
        self.command = command
        self.binding = binding
        self.span = span
    }
}

/// `policy Name { on Aggregate.Event [where cond]; send … }`: choreography.
public struct PolicyDecl: Hashable, Sendable {
    /// The doc comment.
    public var doc: DocComment?
    /// The policy's name.
    public var name: Identifier
    /// The event that triggers it; `nil` if the `on` clause is missing (reported by the parser).
    public var trigger: QualifiedName?
    /// An optional condition over `event` (`where …`).
    public var filter: Expr?
    /// The commands sent, in order.
    public var sends: [PolicySend]
    /// The whole declaration.
    public var span: Span

    /// Creates a policy.
    public init(doc: DocComment?, name: Identifier, trigger: QualifiedName?, filter: Expr?, sends: [PolicySend], span: Span) {
        self.doc = doc
        self.name = name
        self.trigger = trigger
        self.filter = filter
        self.sends = sends
        self.span = span
    }
}

/// `publish Order.OrderPlaced to "orders.placed"`: an outbox route.
public struct PublishDecl: Hashable, Sendable {
    /// The event published.
    public var event: QualifiedName
    /// The topic it is published to.
    public var topic: StringLiteral
    /// The whole declaration.
    public var span: Span

    /// Creates a publish declaration.
    public init(event: QualifiedName, topic: StringLiteral, span: Span) {
        self.event = event
        self.topic = topic
        self.span = span
    }
}
