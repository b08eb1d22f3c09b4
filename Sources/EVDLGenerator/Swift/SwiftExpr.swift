/// A part of a string literal.
public enum SwiftStringPart: Equatable, Sendable {
    /// Text (escaped by the renderer).
    case text(String)
    /// `\(expression)`.
    case interpolation(SwiftExpr)
}

/// One argument of a call.
public struct SwiftArgument: Equatable, Sendable {
    /// The label, if any.
    public var label: String?
    /// The value.
    public var value: SwiftExpr

    /// Creates an argument.
    public init(label: String? = nil, value: SwiftExpr) {
        self.label = label
        self.value = value
    }
}

/// Infix operators of generated code, with Swift's precedence.
public enum SwiftBinaryOperator: String, Equatable, Sendable, CaseIterable {
    /// `??`.
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

    /// Swift's binding strength (larger binds tighter).
    public var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: 3
        case .coalesce: 4
        case .add, .subtract: 5
        case .multiply, .divide, .remainder: 6
        }
    }

    /// Whether `a op b op c` means `a op (b op c)`.
    public var isRightAssociative: Bool {
        switch self {
        case .coalesce: true
        case .or, .and, .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual,
             .add, .subtract, .multiply, .divide, .remainder: false
        }
    }
}

/// An expression.
public indirect enum SwiftExpr: Equatable, Sendable {
    /// A name from the spec or a generated local (escaped by the renderer when it is a keyword).
    case identifier(String)
    /// A name written verbatim (`self`, `Self`, `Foundation`, types of the runtime).
    case verbatim(String)
    /// A type used as a value: `Order.State`, `LineItem`.
    case type(SwiftType)
    /// `Type.self`: the metatype as a value.
    case metatypeValue(SwiftType)
    /// `base.member`.
    case member(SwiftExpr, String)
    /// `.member` (implicit member, resolved from context).
    case implicitMember(String)
    /// `callee(arguments)`.
    case call(SwiftExpr, [SwiftArgument])
    /// `callee { parameters in body }`: a call with only a trailing closure whose body is one expression.
    case trailingClosure(SwiftExpr, parameters: [String], body: SwiftExpr)
    /// `base[index]`.
    case subscripted(SwiftExpr, SwiftExpr)
    /// An integer literal as written.
    case integer(String)
    /// A floating-point literal as written.
    case float(String)
    /// A string literal with interpolations.
    case string([SwiftStringPart])
    /// `true` / `false`.
    case bool(Bool)
    /// `nil`.
    case nilLiteral
    /// `[a, b]`; `[]` when empty.
    case array([SwiftExpr])
    /// `[k: v]`; `[:]` when empty.
    case dictionary([SwiftDictionaryEntry])
    /// An infix operation (the renderer adds parentheses from precedence).
    case binary(SwiftBinaryOperator, SwiftExpr, SwiftExpr)
    /// `!x`.
    case not(SwiftExpr)
    /// `-x`.
    case negate(SwiftExpr)
    /// `try x`.
    case tryExpr(SwiftExpr)
    /// `await x`.
    case awaitExpr(SwiftExpr)
    /// `&x`: an `inout` argument.
    case inoutArgument(SwiftExpr)
    /// `( x )` written explicitly.
    case parenthesized(SwiftExpr)
    /// `{ a, _ in statement; statement }`: a closure literal written on one line (`_` stays unescaped).
    case closure(parameters: [String], body: [SwiftStmt])
    /// `{ body }` or `{ name in body }`: a spec closure, always written inside the call's parentheses (a trailing
    /// closure is not allowed in an `if` or `guard` condition). `$0` in the body stays as written.
    case lambda(parameter: String?, body: SwiftExpr)
    /// `base?.member`: optional chaining.
    case optionalMember(SwiftExpr, String)
    /// `base[arguments]` with labels: `counts[tag, default: 0]`.
    case subscriptArguments(SwiftExpr, [SwiftArgument])
    /// `condition ? then : otherwise`.
    case conditional(SwiftExpr, SwiftExpr, SwiftExpr)
    /// `(value as Type)`: gives literals their type where an overloaded function would find them ambiguous.
    case coerced(SwiftExpr, SwiftType)
}

/// One `key: value` of a dictionary literal.
public struct SwiftDictionaryEntry: Equatable, Sendable {
    /// The key.
    public var key: SwiftExpr
    /// The value.
    public var value: SwiftExpr

    /// Creates an entry.
    public init(key: SwiftExpr, value: SwiftExpr) {
        self.key = key
        self.value = value
    }
}
