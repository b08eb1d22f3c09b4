/// `=`, `+=`, `-=`, `*=`, `/=`.
public enum AssignmentOperator: String, Hashable, Sendable, CaseIterable {
    /// `=`.
    case assign = "="
    /// `+=`.
    case add = "+="
    /// `-=`.
    case subtract = "-="
    /// `*=`.
    case multiply = "*="
    /// `/=`.
    case divide = "/="
}

/// `{ statements }`.
public struct Block: Hashable, Sendable {
    /// The statements in order.
    public var statements: [Stmt]
    /// From `{` to `}`.
    public var span: Span

    /// Creates a block.
    public init(statements: [Stmt], span: Span) {
        self.statements = statements
        self.span = span
    }
}

/// The `else` part of an `if`.
public indirect enum ElseBranch: Hashable, Sendable {
    /// `else { … }`.
    case block(Block)
    /// `else if …`: the nested statement is always an `.ifElse`.
    case elseIf(Stmt)
}

/// A statement of a `decide`, `apply` or projection `on` block.
public struct Stmt: Hashable, Sendable {
    /// The shape of a statement.
    public indirect enum Kind: Hashable, Sendable {
        /// `require condition else message`: rejects the command with the message when false.
        case require(condition: Expr, message: Expr)
        /// `emit Event { fields }` (decide only).
        case emit(MessageLiteral)
        /// `if condition { … } else …`.
        case ifElse(condition: Expr, then: Block, else: ElseBranch?)
        /// `target op value` (apply and projections; `target` is a name or `state.x` / `row.x`).
        case assign(target: Expr, op: AssignmentOperator, value: Expr)
        /// `let name = value`: a local constant.
        case letBinding(name: Identifier, value: Expr)
        /// `delete` (projection `on` blocks): remove the row.
        case delete
        /// A statement that did not parse; the parser reported it.
        case error
    }

    /// The shape.
    public var kind: Kind
    /// Where it was written.
    public var span: Span

    /// Creates a statement.
    public init(kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}
