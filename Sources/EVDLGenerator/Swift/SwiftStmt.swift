/// One `case` of a `switch`.
public struct SwiftSwitchCase: Equatable, Sendable {
    /// The pattern, e.g. `.orderPlaced(let event)`.
    public var pattern: SwiftPattern
    /// The statements; an empty list is rendered as `break`.
    public var body: [SwiftStmt]

    /// Creates a case.
    public init(pattern: SwiftPattern, body: [SwiftStmt]) {
        self.pattern = pattern
        self.body = body
    }
}

/// A pattern of a `switch` case.
public enum SwiftPattern: Equatable, Sendable {
    /// `.name` (no payload bound).
    case enumCase(String)
    /// `.name(let binding)`.
    case enumCaseBinding(String, binding: String)
    /// `default`: only for switches over values we do not own (strings, external enums).
    case defaultCase
    /// A literal value: `"Order.OrderPlaced"`.
    case value(SwiftExpr)
    /// Several values or cases matched by one `case`: `case .draft, .placed:`.
    case alternatives([SwiftExpr])
}

/// A statement.
public indirect enum SwiftStmt: Equatable, Sendable {
    /// An expression evaluated for its effect.
    case expression(SwiftExpr)
    /// `let name: Type = value`.
    case constant(name: String, type: SwiftType?, value: SwiftExpr)
    /// `var name: Type = value`.
    case variable(name: String, type: SwiftType?, value: SwiftExpr)
    /// `target op value` with `=`, `+=`, `-=`, `*=`, `/=`.
    case assign(target: SwiftExpr, op: String, value: SwiftExpr)
    /// `if condition { … } else { … }`; `else` holding exactly one `if` prints as `else if`.
    case ifElse(condition: SwiftExpr, then: [SwiftStmt], else: [SwiftStmt]?)
    /// `if let name = value { … } else { … }`.
    case ifLet(name: String, value: SwiftExpr, then: [SwiftStmt], else: [SwiftStmt]?)
    /// `if let a = x, let b = y { … } else { … }`.
    case ifLets(bindings: [SwiftOptionalBinding], then: [SwiftStmt], else: [SwiftStmt]?)
    /// `guard condition else { … }`.
    case guardElse(condition: SwiftExpr, body: [SwiftStmt])
    /// `guard let name = value else { … }`.
    case guardLet(name: String, value: SwiftExpr, body: [SwiftStmt])
    /// `for name in sequence { body }`.
    case forIn(name: String, sequence: SwiftExpr, body: [SwiftStmt])
    /// `switch subject { cases }`.
    case switchStmt(subject: SwiftExpr, cases: [SwiftSwitchCase])
    /// `return value`.
    case returnStmt(SwiftExpr?)
    /// `throw value`.
    case throwStmt(SwiftExpr)
    /// `do { … }`: statements in a scope of their own (so that their locals do not clash with the next ones').
    case scope([SwiftStmt])
}

/// One `let name = value` of an `if let`.
public struct SwiftOptionalBinding: Equatable, Sendable {
    /// The bound name.
    public var name: String
    /// The optional value.
    public var value: SwiftExpr

    /// Creates a binding.
    public init(name: String, value: SwiftExpr) {
        self.name = name
        self.value = value
    }
}
