/// Identifies one expression node, unique within a compilation (file and a per-file counter).
/// The checker records each expression's type and meaning under this key; the generator reads them.
/// The counter is stored in 32 bits, so that an id takes 8 bytes.
public struct ExprID: Hashable, Sendable {
    /// The file the expression was parsed from.
    public var file: FileID
    private var counter: UInt32

    /// The parser's counter for that file.
    public var index: Int {
        get { Int(counter) }
        set { counter = UInt32(clamping: newValue) }
    }

    /// Creates an identifier.
    public init(file: FileID, index: Int) {
        self.file = file
        self.counter = UInt32(clamping: index)
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
    /// Boolean not.
    case not = "!"
    /// Arithmetic negation.
    case negate = "-"
}

/// Infix operators, from loosest to tightest binding (see `Grammar/evdl.ebnf`).
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
    /// `??`: right-associative, loosest.
    case coalesce = "??"
    /// `||`.
    case or = "||"
    /// `&&`.
    case and = "&&"
    /// `==`.
    case equal = "=="
    /// `!=`.
    case notEqual = "!="
    /// `<`.
    case less = "<"
    /// `<=`.
    case lessOrEqual = "<="
    /// `>`.
    case greater = ">"
    /// `>=`.
    case greaterOrEqual = ">="
    /// `+`.
    case add = "+"
    /// `-`.
    case subtract = "-"
    /// `*`.
    case multiply = "*"
    /// `/`.
    case divide = "/"
    /// `%`.
    case remainder = "%"

    /// Binding strength: larger binds tighter.
    public var precedence: Int {
        switch self {
        case .coalesce: 1
        case .or: 2
        case .and: 3
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 4
        case .add, .subtract: 5
        case .multiply, .divide, .remainder: 6
        }
    }

    /// Whether `a op b op c` groups as `a op (b op c)`.
    public var isRightAssociative: Bool {
        switch self {
        case .coalesce: true
        case .or, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
             .add, .subtract, .multiply, .divide, .remainder: false
        }
    }

    /// Whether chaining is an error (`a < b < c`): comparisons do not associate.
    public var isNonAssociative: Bool { precedence == 4 }
}

/// One piece of a string literal: literal text or an interpolated expression `\( … )`.
public enum StringSegment: Hashable, Sendable {
    /// Text with escapes already resolved.
    case text(String)
    /// `\(expr)`.
    case interpolation(Expr)
}

/// A call argument: `x`, or `label: x`.
public struct CallArgument: Hashable, Sendable {
    /// The label, if written.
    public var label: Identifier?
    /// The value.
    public var value: Expr

    /// Creates an argument.
    public init(label: Identifier?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// One `key: value` of a dictionary literal.
public struct DictionaryEntry: Hashable, Sendable {
    /// The key.
    public var key: Expr
    /// The value.
    public var value: Expr

    /// Creates an entry.
    public init(key: Expr, value: Expr) {
        self.key = key
        self.value = value
    }
}

/// An expression of the decide/apply/projection/saga sublanguage.
public struct Expr: Hashable, Sendable {
    /// The shape of an expression.
    public indirect enum Kind: Hashable, Sendable {
        /// An integer literal, as written (digits and underscores).
        case integer(String)
        /// A decimal literal, as written (`12.50`).
        case decimal(String)
        /// A string literal with interpolations.
        case string([StringSegment])
        /// `true` or `false`.
        case bool(Bool)
        /// `nil`.
        case nilLiteral
        /// A bare name. Also used for the context names `event`, `state`, `command`, `row` and `now`,
        /// which the checker resolves by where the expression stands.
        case name(Identifier)
        /// `base.member`.
        case member(base: Expr, member: Identifier)
        /// `.member`: an enum case whose enum is known from context.
        case implicitMember(Identifier)
        /// `callee(arguments)`: a member function (`items.contains(x)`), a built-in (`id(1)`),
        /// or a declared type's initializer (`LineItem(sku: "a", quantity: 1, unitPrice: 2)`).
        case call(callee: Expr, arguments: [CallArgument])
        /// `base[index]`.
        case subscripted(base: Expr, index: Expr)
        /// A prefix operator applied to an operand.
        case unary(UnaryOperator, Expr)
        /// An infix operator.
        case binary(BinaryOperator, Expr, Expr)
        /// `[a, b, c]` (also `[]`).
        case array([Expr])
        /// `[k: v, …]` (also `[:]`).
        case dictionary([DictionaryEntry])
        /// `( expr )`, kept so that the formatter can print what was written.
        case parenthesized(Expr)
        /// A duration literal used as a value: `30m`, `7d`.
        case duration(DurationLiteral)
        /// `base?.member`: optional chaining; the whole chain after it is skipped when `base` is `nil`.
        case optionalMember(base: Expr, member: Identifier)
        /// `{ $0.price }` or `{ line in line.price }`: a closure whose body is one expression. `parameter` is `nil`
        /// when the body uses `$0`.
        case closure(parameter: Identifier?, body: Expr)
        /// `dictionary[key, default: value]`: the value for the key, or the default when the key is missing.
        case subscriptDefault(base: Expr, key: Expr, defaultValue: Expr)
        /// `condition ? then : otherwise`: the loosest operator, right-associative.
        case conditional(condition: Expr, then: Expr, otherwise: Expr)
        /// An expression that did not parse; the parser reported it.
        case error
    }

    /// The shape.
    public var kind: Kind
    /// Where it was written.
    public var span: Span
    /// The per-file counter of ``id``; the file is the span's (expressions are numbered per file). Storing only the
    /// counter keeps a node at 24 bytes instead of 32, and the boxes that hold sub-expressions one malloc size
    /// class smaller.
    private var counter: UInt32

    /// Identifies this node for the checker's tables: the span's file and the parser's counter for that file.
    /// Setting it moves the span to the id's file.
    public var id: ExprID {
        get { ExprID(file: span.file, index: Int(counter)) }
        set {
            counter = UInt32(clamping: newValue.index)
            span.file = newValue.file
        }
    }

    /// Creates an expression node. The id must be in the file of the span (the parser numbers each file's
    /// expressions); the node keeps the span's file and the id's counter.
    public init(id: ExprID, kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
        self.counter = UInt32(clamping: id.index)
    }
}
