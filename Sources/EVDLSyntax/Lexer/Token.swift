/// The reserved words of EVDL (see `Grammar/evdl.ebnf`, "Keywords").
///
/// A keyword cannot name a declaration, but may be used as a member name after `.`, as a label in
/// `label: value`, and as a field name in a field list.
public enum Keyword: String, Hashable, Sendable, CaseIterable {
    /// `type`.
    case type
    /// `enum`.
    case `enum`
    /// `aggregate`.
    case aggregate
    /// `service`.
    case service
    /// `projection`.
    case projection
    /// `saga`.
    case saga
    /// `policy`.
    case policy
    /// `publish`.
    case publish
    /// `scenario`.
    case scenario
    /// `id`.
    case id
    /// `snapshot`.
    case snapshot
    /// `every`.
    case every
    /// `state`.
    case state
    /// `command`.
    case command
    /// `event`.
    case event
    /// `emits`.
    case emits
    /// `decide`.
    case decide
    /// `apply`.
    case apply
    /// `emit`.
    case emit
    /// `require`.
    case require
    /// `else`.
    case `else`
    /// `if`.
    case `if`
    /// `let`.
    case `let`
    /// `delete`.
    case delete
    /// `key`.
    case key
    /// `row`.
    case row
    /// `on`.
    case on
    /// `query`.
    case query
    /// `where`.
    case `where`
    /// `input`.
    case input
    /// `start`.
    case start
    /// `step`.
    case step
    /// `invoke`.
    case invoke
    /// `as`.
    case `as`
    /// `compensate`.
    case compensate
    /// `nothing`.
    case nothing
    /// `retry`.
    case retry
    /// `forever`.
    case forever
    /// `timeout`.
    case timeout
    /// `failure`.
    case failure
    /// `send`.
    case send
    /// `after`.
    case after
    /// `to`.
    case to
    /// `given`.
    case given
    /// `when`.
    case when
    /// `then`.
    case then
    /// `rejected`.
    case rejected
    /// `true`.
    case `true`
    /// `false`.
    case `false`
    /// `nil`.
    case `nil`

    /// Whether the keyword starts a top-level declaration (a strong recovery point).
    public var startsDeclaration: Bool {
        switch self {
        case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario: true
        case .id, .snapshot, .every, .state, .command, .event, .emits, .decide, .apply, .emit, .require, .else, .if,
             .let, .delete, .key, .row, .on, .query, .where, .input, .start, .step, .invoke, .as, .compensate,
             .nothing, .retry, .forever, .timeout, .failure, .send, .after, .to, .given, .when, .then, .rejected,
             .true, .false, .nil: false
        }
    }

    /// Whether the keyword starts a member of a body (aggregate, projection, saga, step, policy, scenario),
    /// so that a statement list that meets it at the start of a line knows its `}` is missing.
    public var startsMember: Bool {
        switch self {
        case .id, .snapshot, .state, .command, .event, .decide, .apply, .key, .row, .on, .query, .input, .start,
             .step, .invoke, .compensate, .retry, .timeout, .send, .after, .given, .when, .then: true
        case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario, .every, .emits,
             .emit, .require, .else, .if, .let, .delete, .where, .as, .nothing, .forever, .failure, .to, .rejected,
             .true, .false, .nil: false
        }
    }

    /// Whether the keyword keeps its meaning where an expression is expected, so it cannot be a name there:
    /// the literals and the words that start a statement or a branch (`if`, `let`, `else`). Every other keyword may
    /// name an enum case, a field or a binding in an expression.
    public var isReservedInExpressions: Bool {
        switch self {
        case .true, .false, .nil, .if, .else, .let: true
        case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario, .id, .snapshot,
             .every, .state, .command, .event, .emits, .decide, .apply, .emit, .require, .delete, .key, .row, .on,
             .query, .where, .input, .start, .step, .invoke, .as, .compensate, .nothing, .retry, .forever, .timeout,
             .failure, .send, .after, .to, .given, .when, .then, .rejected: false
        }
    }

    /// Whether the keyword may stand as a name in an expression: the context names `event`, `state`,
    /// `command`, `row`, and the scenario built-in `id(n)`.
    public var isExpressionName: Bool {
        switch self {
        case .event, .state, .command, .row, .id: true
        case .type, .enum, .aggregate, .service, .projection, .saga, .policy, .publish, .scenario, .snapshot,
             .every, .emits, .decide, .apply, .emit, .require, .else, .if, .let, .delete, .key, .on, .query,
             .where, .input, .start, .step, .invoke, .as, .compensate, .nothing, .retry, .forever, .timeout,
             .failure, .send, .after, .to, .given, .when, .then, .rejected, .true, .false, .nil: false
        }
    }
}

/// What a token is.
public enum TokenKind: Hashable, Sendable {
    /// A name: `[A-Za-z_][A-Za-z0-9_]*` that is not a keyword.
    case identifier
    /// A keyword.
    case keyword(Keyword)
    /// An integer literal: `42`, `1_000`.
    case integer
    /// A decimal literal: `12.50`.
    case decimal
    /// A duration literal: `500ms`, `30s`, `30m`, `2h`, `7d`.
    case duration
    /// The opening `"` of a string literal.
    case stringStart
    /// Literal text inside a string (escapes not yet resolved; see ``StringLiteralDecoder``).
    case stringSegment
    /// `\(` inside a string literal.
    case interpolationStart
    /// The `)` that closes an interpolation.
    case interpolationEnd
    /// The closing `"` of a string literal (zero-width and ``Token/isMissing`` when it was missing).
    case stringEnd
    /// `{`.
    case leftBrace
    /// `}`.
    case rightBrace
    /// `(`.
    case leftParen
    /// `)`.
    case rightParen
    /// `[`.
    case leftBracket
    /// `]`.
    case rightBracket
    /// `,`.
    case comma
    /// `;`.
    case semicolon
    /// `:`.
    case colon
    /// `.`.
    case dot
    /// `->`.
    case arrow
    /// `?`.
    case question
    /// `??`.
    case questionQuestion
    /// `=`.
    case equal
    /// `==`.
    case equalEqual
    /// `!=`.
    case bangEqual
    /// `<`.
    case less
    /// `<=`.
    case lessEqual
    /// `>`.
    case greater
    /// `>=`.
    case greaterEqual
    /// `+`.
    case plus
    /// `-`.
    case minus
    /// `*`.
    case star
    /// `/`.
    case slash
    /// `%`.
    case percent
    /// `!`.
    case bang
    /// `&&`.
    case ampAmp
    /// `||`.
    case pipePipe
    /// `+=`.
    case plusEqual
    /// `-=`.
    case minusEqual
    /// `*=`.
    case starEqual
    /// `/=`.
    case slashEqual
    /// Bytes that form no token (stray characters, invalid UTF-8); the lexer reported them.
    case invalid
    /// The end of the file (zero-width).
    case endOfFile
}

/// One token: its kind, its bytes, and whether a line break came before it.
public struct Token: Hashable, Sendable {
    /// What the token is.
    public var kind: TokenKind
    /// Its bytes.
    public var span: Span
    /// Whether a line break (or the start of the file) separates it from the previous token.
    /// Newlines end statements, fields and members; a `(` or `[` on a new line does not continue an expression.
    public var precededByNewline: Bool
    /// Whether the lexer made the token up to close an unterminated string or interpolation (zero-width).
    public var isMissing: Bool
    /// The index in ``LexedFile/docComments`` of the `///` comment right before this token, or -1.
    public var docCommentIndex: Int32

    /// Creates a token.
    public init(kind: TokenKind, span: Span, precededByNewline: Bool, isMissing: Bool = false, docCommentIndex: Int32 = -1) {
        self.kind = kind
        self.span = span
        self.precededByNewline = precededByNewline
        self.isMissing = isMissing
        self.docCommentIndex = docCommentIndex
    }
}

/// A comment the lexer skipped, kept for tools that print source (the formatter).
public struct Comment: Hashable, Sendable {
    /// The kind of a comment.
    public enum Kind: Hashable, Sendable {
        /// `// …`.
        case line
        /// `/* … */` (possibly nested).
        case block
        /// `/// …`.
        case doc
    }

    /// The kind.
    public var kind: Kind
    /// Its bytes, markers included (without the line break).
    public var span: Span

    /// Creates a comment.
    public init(kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// The tokens of one file, the comments between them, and the lexical diagnostics.
public struct LexedFile: Sendable {
    /// The tokens in order, ending with exactly one ``TokenKind/endOfFile``.
    public var tokens: [Token]
    /// Consecutive `///` lines grouped into doc comments; tokens refer to them by index.
    public var docComments: [DocComment]
    /// Every comment in order.
    public var comments: [Comment]
    /// Lexical diagnostics (`EVDL00xx`) in source order, at most ``Lexer/diagnosticLimit``.
    public var diagnostics: [Diagnostic]
    /// How many diagnostics were left out because of the limit.
    public var droppedDiagnosticCount: Int

    /// Creates a lexed file.
    public init(tokens: [Token], docComments: [DocComment], comments: [Comment], diagnostics: [Diagnostic], droppedDiagnosticCount: Int = 0) {
        self.tokens = tokens
        self.docComments = docComments
        self.comments = comments
        self.diagnostics = diagnostics
        self.droppedDiagnosticCount = droppedDiagnosticCount
    }
}
