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
        /// `let name: Type = value`: a local constant; the type is optional (`let name = value` infers it).
        case letBinding(name: Identifier, type: TypeExpr?, value: Expr)
        /// `delete` (projection `on` blocks): remove the row.
        case delete
        /// A mutating call used as a statement: `items.append(line)`, `items.removeAll(where: { … })`,
        /// `counts.removeValue(forKey: tag)` (apply and projection handlers).
        case call(Expr)
        /// `if let a = x, let b = y { … } else …`: binds the unwrapped values in the `then` block, which runs when
        /// every value is there (a later binding may read an earlier one).
        case ifLet(bindings: [OptionalBinding], then: Block, else: ElseBranch?)
        /// `switch subject { case a, b: … default: … }`.
        case switchStmt(subject: Expr, cases: [SwitchCase])
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

/// One `case a, b:` (or `default:`) of a `switch` statement.
public struct SwitchCase: Hashable, Sendable {
    /// The values matched (enum cases, literals); empty for `default`.
    public var patterns: [Expr]
    /// The statements up to the next `case`, `default` or the closing `}`.
    public var body: Block
    /// From `case` (or `default`) to the end of the body.
    public var span: Span

    /// Whether this is the `default:` case.
    public var isDefault: Bool { patterns.isEmpty }

    /// Creates a case.
    public init(patterns: [Expr], body: Block, span: Span) {
        self.patterns = patterns
        self.body = body
        self.span = span
    }
}

/// One `let name = value` of an `if let`.
public struct OptionalBinding: Hashable, Sendable {
    /// The name bound to the unwrapped value.
    public var name: Identifier
    /// The optional value.
    public var value: Expr

    /// Creates a binding.
    public init(name: Identifier, value: Expr) {
        self.name = name
        self.value = value
    }
}
