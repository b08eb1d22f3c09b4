/// One Swift source file: header comments, imports and top-level declarations.
public struct SwiftFile: Equatable, Sendable {
    /// Lines written as `// line` at the top.
    public var headerComments: [String]
    /// Module names imported, in order.
    public var imports: [String]
    /// The top-level declarations, in order.
    public var declarations: [SwiftDecl]

    /// Creates a file.
    public init(headerComments: [String], imports: [String], declarations: [SwiftDecl]) {
        self.headerComments = headerComments
        self.imports = imports
        self.declarations = declarations
    }
}

/// The access a declaration gets: the run's configured level, or an explicit narrower one.
public enum SwiftAccess: Equatable, Sendable {
    /// The access level chosen for the generation run (`internal` prints nothing).
    case configured
    /// `private`.
    case `private`
    /// No access keyword at all (protocol requirements, enum cases, locals, conformance extensions).
    case none
}

/// What every declaration can carry in front of its keyword.
public struct SwiftDeclHeader: Equatable, Sendable {
    /// `///` documentation lines (without the slashes).
    public var doc: [String]
    /// Attributes such as `@discardableResult`, written without the `@`.
    public var attributes: [String]
    /// The access of the declaration.
    public var access: SwiftAccess
    /// Whether `nonisolated` is written (so MainActor default isolation leaves the declaration alone).
    public var isNonisolated: Bool
    /// Whether `static` is written.
    public var isStatic: Bool

    /// Creates a header.
    public init(doc: [String] = [], attributes: [String] = [], access: SwiftAccess = .configured, isNonisolated: Bool = false, isStatic: Bool = false) {
        self.doc = doc
        self.attributes = attributes
        self.access = access
        self.isNonisolated = isNonisolated
        self.isStatic = isStatic
    }
}

/// A generic parameter written inside `<…>`: `Store: ReadModelStore`.
public struct SwiftGenericParameter: Equatable, Sendable {
    /// The parameter's name.
    public var name: String
    /// The protocol it conforms to, if any.
    public var constraint: SwiftType?

    /// Creates a generic parameter.
    public init(name: String, constraint: SwiftType? = nil) {
        self.name = name
        self.constraint = constraint
    }
}

/// A nominal type declaration: the shared parts of `struct`, `enum` and `protocol`.
public struct SwiftTypeDecl: Equatable, Sendable {
    /// Doc, access and modifiers.
    public var header: SwiftDeclHeader
    /// The type's name (escaped by the renderer when it is a keyword).
    public var name: String
    /// Inherited types and protocol conformances, in order.
    public var conformances: [SwiftType]
    /// The members, in order.
    public var members: [SwiftDecl]

    /// Creates a type declaration.
    public init(header: SwiftDeclHeader, name: String, conformances: [SwiftType] = [], members: [SwiftDecl] = []) {
        self.header = header
        self.name = name
        self.conformances = conformances
        self.members = members
    }
}

/// A `where Lhs == Rhs` requirement.
public struct SwiftSameTypeRequirement: Equatable, Sendable {
    /// The left side, usually an associated type (`Row`).
    public var lhs: SwiftType
    /// The right side.
    public var rhs: SwiftType

    /// Creates a requirement.
    public init(_ lhs: SwiftType, _ rhs: SwiftType) {
        self.lhs = lhs
        self.rhs = rhs
    }
}

/// `extension Type: Protocols where … { members }`.
public struct SwiftExtension: Equatable, Sendable {
    /// Doc and modifiers (an extension never gets an access keyword of its own).
    public var header: SwiftDeclHeader
    /// The extended type.
    public var extendedType: SwiftType
    /// Conformances added by the extension.
    public var conformances: [SwiftType]
    /// `where` requirements.
    public var requirements: [SwiftSameTypeRequirement]
    /// The members.
    public var members: [SwiftDecl]

    /// Creates an extension.
    public init(header: SwiftDeclHeader = SwiftDeclHeader(access: .none), extendedType: SwiftType, conformances: [SwiftType] = [], requirements: [SwiftSameTypeRequirement] = [], members: [SwiftDecl] = []) {
        self.header = header
        self.extendedType = extendedType
        self.conformances = conformances
        self.requirements = requirements
        self.members = members
    }
}

/// How a parameter is passed.
public enum SwiftParameterConvention: Equatable, Sendable {
    /// Borrowed (Swift's default).
    case plain
    /// `inout`.
    case `inout`
    /// `consuming`: the callee owns the value and may mutate it in place.
    case consuming
}

/// One parameter of a function or initializer.
public struct SwiftParameter: Equatable, Sendable {
    /// The argument label: `nil` means the same as the name, `"_"` means unlabelled.
    public var label: String?
    /// The parameter's name.
    public var name: String
    /// Its type.
    public var type: SwiftType
    /// How it is passed.
    public var convention: SwiftParameterConvention
    /// The default value, if any.
    public var defaultValue: SwiftExpr?

    /// Creates a parameter.
    public init(label: String? = nil, name: String, type: SwiftType, convention: SwiftParameterConvention = .plain, defaultValue: SwiftExpr? = nil) {
        self.label = label
        self.name = name
        self.type = type
        self.convention = convention
        self.defaultValue = defaultValue
    }
}

/// What a function may throw.
public enum SwiftThrows: Equatable, Sendable {
    /// Nothing.
    case none
    /// `throws` (any error).
    case untyped
    /// `throws(ErrorType)`.
    case typed(SwiftType)
}

/// A function (a requirement when `body` is `nil`).
public struct SwiftFunction: Equatable, Sendable {
    /// Doc, access and modifiers.
    public var header: SwiftDeclHeader
    /// The base name.
    public var name: String
    /// Generic parameters.
    public var genericParameters: [SwiftGenericParameter]
    /// The parameters.
    public var parameters: [SwiftParameter]
    /// Whether it is `async`.
    public var isAsync: Bool
    /// What it throws.
    public var throwing: SwiftThrows
    /// The result type; `nil` for `Void`.
    public var result: SwiftType?
    /// The body; `nil` for a protocol requirement.
    public var body: [SwiftStmt]?

    /// Creates a function.
    public init(header: SwiftDeclHeader, name: String, genericParameters: [SwiftGenericParameter] = [], parameters: [SwiftParameter], isAsync: Bool = false, throwing: SwiftThrows = .none, result: SwiftType? = nil, body: [SwiftStmt]?) {
        self.header = header
        self.name = name
        self.genericParameters = genericParameters
        self.parameters = parameters
        self.isAsync = isAsync
        self.throwing = throwing
        self.result = result
        self.body = body
    }
}

/// An initializer.
public struct SwiftInitializer: Equatable, Sendable {
    /// Doc, access and modifiers.
    public var header: SwiftDeclHeader
    /// The parameters.
    public var parameters: [SwiftParameter]
    /// What it throws.
    public var throwing: SwiftThrows
    /// The body.
    public var body: [SwiftStmt]

    /// Creates an initializer.
    public init(header: SwiftDeclHeader, parameters: [SwiftParameter], throwing: SwiftThrows = .none, body: [SwiftStmt]) {
        self.header = header
        self.parameters = parameters
        self.throwing = throwing
        self.body = body
    }
}

/// How a property is declared.
public enum SwiftPropertyKind: Equatable, Sendable {
    /// `let name: Type = value`.
    case constant(SwiftExpr?)
    /// `var name: Type = value` (stored).
    case stored(SwiftExpr?)
    /// `var name: Type { body }` (computed, read-only).
    case computed([SwiftStmt])
    /// `var name: Type { get }` (a protocol requirement).
    case requirement
}

/// A property.
public struct SwiftProperty: Equatable, Sendable {
    /// Doc, access and modifiers.
    public var header: SwiftDeclHeader
    /// The property's name.
    public var name: String
    /// Its type.
    public var type: SwiftType
    /// Stored, constant, computed or required.
    public var kind: SwiftPropertyKind

    /// Creates a property.
    public init(header: SwiftDeclHeader, name: String, type: SwiftType, kind: SwiftPropertyKind) {
        self.header = header
        self.name = name
        self.type = type
        self.kind = kind
    }
}

/// `case name(Payload)` or `case name = "raw"` in an enum.
public struct SwiftEnumCase: Equatable, Sendable {
    /// Documentation lines.
    public var doc: [String]
    /// The case's name.
    public var name: String
    /// Unlabelled associated values.
    public var associatedValues: [SwiftType]
    /// A raw value written as a string literal.
    public var rawValue: String?

    /// Creates a case.
    public init(doc: [String] = [], name: String, associatedValues: [SwiftType] = [], rawValue: String? = nil) {
        self.doc = doc
        self.name = name
        self.associatedValues = associatedValues
        self.rawValue = rawValue
    }
}

/// `typealias Name = Type`.
public struct SwiftTypeAlias: Equatable, Sendable {
    /// Doc, access and modifiers.
    public var header: SwiftDeclHeader
    /// The alias's name.
    public var name: String
    /// The aliased type.
    public var type: SwiftType

    /// Creates a type alias.
    public init(header: SwiftDeclHeader, name: String, type: SwiftType) {
        self.header = header
        self.name = name
        self.type = type
    }
}

/// A declaration at file or member level.
public indirect enum SwiftDecl: Equatable, Sendable {
    /// `struct`.
    case structure(SwiftTypeDecl)
    /// `enum`.
    case enumeration(SwiftTypeDecl)
    /// `protocol` (members are requirements).
    case protocolDecl(SwiftTypeDecl)
    /// `extension`.
    case extensionDecl(SwiftExtension)
    /// `func`.
    case function(SwiftFunction)
    /// `init`.
    case initializer(SwiftInitializer)
    /// `let` / `var`.
    case property(SwiftProperty)
    /// `case` in an enum.
    case enumCase(SwiftEnumCase)
    /// `typealias`.
    case typeAlias(SwiftTypeAlias)
}
