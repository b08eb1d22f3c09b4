/// A name as written in the spec, with its place.
public struct Identifier: Hashable, Sendable, CustomStringConvertible {
    /// The name's text.
    public var name: String
    /// Where it was written.
    public var span: Span

    /// Creates an identifier.
    public init(_ name: String, span: Span) {
        self.name = name
        self.span = span
    }

    /// The name's text.
    public var description: String { name }
}

/// A possibly qualified name such as `Order.OrderPlaced` or `OrderPlaced`.
public struct QualifiedName: Hashable, Sendable, CustomStringConvertible {
    /// The dot-separated parts; never empty.
    public var parts: [Identifier]
    /// From the first part to the last.
    public var span: Span

    /// Creates a qualified name from at least one part.
    public init(parts: [Identifier], span: Span) {
        self.parts = parts
        self.span = span
    }

    /// The qualifier (`Order` in `Order.OrderPlaced`), if any.
    public var qualifier: Identifier? { parts.count > 1 ? parts[parts.count - 2] : nil }
    /// The last part (`OrderPlaced`).
    public var last: Identifier { parts[parts.count - 1] }
    /// The parts joined by dots.
    public var description: String { parts.map(\.name).joined(separator: ".") }
}

/// A `///` documentation comment, with the `///` and one following space removed from each line.
public struct DocComment: Hashable, Sendable {
    /// The lines of the comment.
    public var lines: [String]
    /// Where the comment was written.
    public var span: Span

    /// Creates a doc comment.
    public init(lines: [String], span: Span) {
        self.lines = lines
        self.span = span
    }
}

/// A type as written: `Int`, `[LineItem]`, `[String: Int]`, `UUID?`.
public struct TypeExpr: Hashable, Sendable {
    /// The shape of the type. A name, by far the most common shape, is stored inline; only the nesting shapes
    /// are boxed.
    public enum Kind: Hashable, Sendable {
        /// A built-in or declared type by name.
        case named(Identifier)
        /// `[Element]`.
        indirect case array(TypeExpr)
        /// `[Key: Value]`.
        indirect case dictionary(key: TypeExpr, value: TypeExpr)
        /// `Wrapped?`.
        indirect case optional(TypeExpr)
        /// A type that did not parse; the parser reported it.
        case error
    }

    /// The shape.
    public var kind: Kind
    /// Where it was written.
    public var span: Span

    /// Creates a type expression.
    public init(_ kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
    }
}

/// A time span written as `500ms`, `30s`, `30m`, `2h`, `7d`.
public struct DurationLiteral: Hashable, Sendable {
    /// The unit of a duration literal.
    public enum Unit: String, Hashable, Sendable, CaseIterable {
        /// Milliseconds.
        case milliseconds = "ms"
        /// Seconds.
        case seconds = "s"
        /// Minutes.
        case minutes = "m"
        /// Hours.
        case hours = "h"
        /// Days.
        case days = "d"

        /// Milliseconds per unit.
        public var milliseconds: Int64 {
            switch self {
            case .milliseconds: 1
            case .seconds: 1000
            case .minutes: 60_000
            case .hours: 3_600_000
            case .days: 86_400_000
            }
        }
    }

    /// The number as written.
    public var value: Int64
    /// The unit.
    public var unit: Unit
    /// Where it was written.
    public var span: Span

    /// Creates a duration literal.
    public init(value: Int64, unit: Unit, span: Span) {
        self.value = value
        self.unit = unit
        self.span = span
    }

    /// The duration in milliseconds (saturating).
    public var totalMilliseconds: Int64 {
        let (product, overflow) = value.multipliedReportingOverflow(by: unit.milliseconds)
        return overflow ? Int64.max : product
    }
}

/// A field declaration: `name: Type = default was oldName`, in a type, state, row, command, event or input.
public struct FieldDecl: Hashable, Sendable {
    /// The parts of a field declaration that few fields have, boxed so that the many fields without them
    /// take 8 bytes for both instead of 56.
    private indirect enum Rare: Hashable, Sendable {
        case parts(doc: DocComment?, previousName: Identifier?)
    }

    private var rare: Rare?
    /// The field's name.
    public var name: Identifier
    /// The field's type.
    public var type: TypeExpr
    /// The default value (`= expr`), if any.
    public var defaultValue: Expr?
    /// The whole declaration.
    public var span: Span

    /// The doc comment before the field.
    public var doc: DocComment? {
        get {
            guard case .parts(let doc, _)? = rare else { return nil }
            return doc
        }
        set { rare = Self.rare(doc: newValue, previousName: previousName) }
    }

    /// The name this field had in an earlier version of an event (`was oldName`).
    public var previousName: Identifier? {
        get {
            guard case .parts(_, let previousName)? = rare else { return nil }
            return previousName
        }
        set { rare = Self.rare(doc: doc, previousName: newValue) }
    }

    /// Creates a field declaration.
    public init(doc: DocComment? = nil, name: Identifier, type: TypeExpr, defaultValue: Expr? = nil, previousName: Identifier? = nil, span: Span) {
        self.rare = Self.rare(doc: doc, previousName: previousName)
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.span = span
    }

    private static func rare(doc: DocComment?, previousName: Identifier?) -> Rare? {
        doc == nil && previousName == nil ? nil : .parts(doc: doc, previousName: previousName)
    }
}

/// A named parameter of a query: `status: OrderStatus`.
public struct ParameterDecl: Hashable, Sendable {
    /// The parameter's name.
    public var name: Identifier
    /// Its type.
    public var type: TypeExpr
    /// The whole parameter.
    public var span: Span

    /// Creates a parameter.
    public init(name: Identifier, type: TypeExpr, span: Span) {
        self.name = name
        self.type = type
        self.span = span
    }
}

/// One `label: value` (or the shorthand `label`, meaning `label: label`) inside a message literal.
public struct FieldArgument: Hashable, Sendable {
    /// The field being set.
    public var label: Identifier
    /// The value; `nil` for the shorthand form, where the value is the same-named value in scope.
    public var value: Expr?
    /// The whole argument.
    public var span: Span

    /// Creates a field argument.
    public init(label: Identifier, value: Expr?, span: Span) {
        self.label = label
        self.value = value
        self.span = span
    }
}

/// A command or event with its field values: `Inventory.Reserve { reservationId: orderId, items }`.
/// Used by `emit`, `invoke`, `compensate`, `send`, `start on`, and scenarios.
public struct MessageLiteral: Hashable, Sendable {
    /// The command or event named.
    public var name: QualifiedName
    /// The field values in written order.
    public var arguments: [FieldArgument]
    /// From the name to the closing brace.
    public var span: Span

    /// Creates a message literal.
    public init(name: QualifiedName, arguments: [FieldArgument], span: Span) {
        self.name = name
        self.arguments = arguments
        self.span = span
    }
}

/// A string literal without interpolation (topics, messages of `require`, scenario names).
public struct StringLiteral: Hashable, Sendable {
    /// The decoded text, escapes resolved.
    public var value: String
    /// Where it was written, quotes included.
    public var span: Span

    /// Creates a string literal.
    public init(value: String, span: Span) {
        self.value = value
        self.span = span
    }
}
