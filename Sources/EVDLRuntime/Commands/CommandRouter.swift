import Foundation

/// A command that can be routed by its stable type name to an aggregate or a service (every `command` of the spec).
///
/// Generated code conforms each command struct: `extension Payment.Charge: RoutedCommand { typealias Result =
/// Payment.ChargeResult; static let typeName = "Payment.Charge" }`. A command without a declared result has
/// `Result == NoResult`.
public protocol RoutedCommand: Sendable, Codable, Equatable {
    /// What the participant returns (the spec's `-> { … }`), `NoResult` when nothing.
    associatedtype Result: Sendable, Codable, Equatable = NoResult
    /// The stable name, `"<Aggregate or Service>.<Command>"`.
    static var typeName: String { get }
}

/// A command handled by an aggregate through its `Repository`; generated for every aggregate command:
/// `extension Inventory.Reserve: AggregateCommand { typealias Aggregate = Inventory; var aggregateCommand: Inventory.Command { .reserve(self) } }`.
public protocol AggregateCommand: RoutedCommand where Result == NoResult {
    /// The aggregate that decides this command.
    associatedtype Aggregate: EventSourcedAggregate
    /// This command as a case of the aggregate's command set.
    var aggregateCommand: Aggregate.Command { get }
}

/// The result of a command that declares none.
public struct NoResult: Sendable, Codable, Equatable, Hashable {
    /// The empty result.
    public init() {}
}

/// What a participant receives with a command besides its fields.
public struct CommandEnvelope: Sendable, Equatable {
    /// The key to deduplicate by: a participant applies a key once and returns its first result for repeats.
    public var idempotencyKey: IdempotencyKey
    /// When the command was issued (the aggregate's `now`).
    public var issuedAt: Date
    /// The conversation (saga id, or the correlation id of the event a policy reacted to).
    public var correlationID: UUID?
    /// The message that caused the command (the event a policy reacted to), if any.
    public var causationID: UUID?
    /// Free-form metadata passed on to the events the command causes.
    public var metadata: [String: String]

    /// Creates an envelope.
    public init(idempotencyKey: IdempotencyKey, issuedAt: Date, correlationID: UUID? = nil, causationID: UUID? = nil, metadata: [String: String] = [:]) {
        self.idempotencyKey = idempotencyKey
        self.issuedAt = issuedAt
        self.correlationID = correlationID
        self.causationID = causationID
        self.metadata = metadata
    }

    /// The aggregate's command context: the idempotency key's UUID becomes the command id.
    public var commandContext: CommandContext {
        CommandContext(now: issuedAt, commandID: idempotencyKey.uuid, correlationID: correlationID, causationID: causationID, metadata: metadata)
    }
}

/// Where one command type goes: an aggregate's repository or a service implementation, type-erased so that one
/// router holds them all. Generated code provides the routes of each aggregate and service:
///
/// ```swift
/// extension Inventory { static func routes(_ repository: Repository<Inventory>) -> [CommandRoute] {
///     [.aggregate(Reserve.self, repository), .aggregate(Release.self, repository)] } }
/// extension Payment { static func routes(_ service: any PaymentService) -> [CommandRoute] {
///     [.service(Charge.self, service: "Payment") { try await service.charge($0, envelope: $1) }, …] } }
/// ```
public struct CommandRoute: Sendable {
    /// The command's stable type name.
    public let typeName: String
    /// The aggregate or service that handles it (for messages).
    public let destination: String
    @usableFromInline let handle: @Sendable (any Sendable, CommandEnvelope) async throws -> any Sendable
    let decode: @Sendable (Data, PayloadCodec) throws -> any Sendable

    @usableFromInline
    init(
        typeName: String, destination: String, handle: @escaping @Sendable (any Sendable, CommandEnvelope) async throws -> any Sendable,
        decode: @escaping @Sendable (Data, PayloadCodec) throws -> any Sendable
    ) {
        self.typeName = typeName
        self.destination = destination
        self.handle = handle
        self.decode = decode
    }

    /// Routes `C` to the aggregate behind `repository` (idempotent by the envelope's key, see `Repository.execute`).
    public static func aggregate<C: AggregateCommand>(_ type: C.Type, _ repository: Repository<C.Aggregate>) -> CommandRoute {
        CommandRoute(
            typeName: C.typeName, destination: C.Aggregate.name,
            handle: { command, envelope in
                _ = try await repository.execute(try cast(command, to: C.self).aggregateCommand, context: envelope.commandContext)
                return NoResult()
            },
            decode: { data, codec in try codec.decode(C.self, from: data) }
        )
    }

    /// Routes `C` to a service implementation (the user's conformance to the generated service protocol).
    @inlinable
    public static func service<C: RoutedCommand>(
        _ type: C.Type, service: String, _ handler: @escaping @Sendable (C, CommandEnvelope) async throws -> C.Result
    ) -> CommandRoute {
        CommandRoute(
            typeName: C.typeName, destination: service,
            handle: { command, envelope in try await handler(try cast(command, to: C.self), envelope) },
            decode: { data, codec in try codec.decode(C.self, from: data) }
        )
    }
}

@inlinable
func cast<T>(_ value: any Sendable, to type: T.Type) throws -> T {
    if let typed = exactly(value, as: T.self) { return typed }
    guard let typed = value as? T else {
        throw RoutingError(code: .wrongCommandType, typeName: "\(T.self)", message: "a route for `\(T.self)` received a `\(Swift.type(of: value))`")
    }
    return typed
}

/// `value` as a `T` when its dynamic type is exactly `T` (a comparison of type metadata, much cheaper than the
/// dynamic cast `as?` makes; the common case, since routes and results are typed), else `nil`.
@inlinable @inline(__always)
func exactly<V, T>(_ value: V, as type: T.Type) -> T? {
    V.self == T.self ? unsafeBitCast(value, to: T.self) : nil
}

/// Sends each command to the aggregate or service registered for its type name. Immutable once built, so it is
/// shared freely between orchestrators, policy runners and deadline schedulers.
public struct CommandRouter: Sendable {
    private var routes: [String: CommandRoute] = [:]
    /// How commands stored as data (deadlines) are decoded.
    public var codec: PayloadCodec

    /// Creates a router; a type name routed twice is an error.
    public init(_ routes: [CommandRoute], codec: PayloadCodec = .standard) throws {
        self.codec = codec
        for route in routes {
            guard self.routes[route.typeName] == nil else {
                throw RoutingError(code: .duplicateRoute, typeName: route.typeName, message: "`\(route.typeName)` is routed twice (to `\(self.routes[route.typeName]!.destination)` and `\(route.destination)`)")
            }
            self.routes[route.typeName] = route
        }
    }

    /// The routed type names, sorted.
    public var typeNames: [String] { routes.keys.sorted() }

    /// Sends `command` to its participant and returns the participant's result.
    @inlinable
    public func send<C: RoutedCommand>(_ command: C, envelope: CommandEnvelope) async throws -> C.Result {
        let result = try await route(C.typeName).handle(command, envelope)
        if let typed = exactly(result, as: C.Result.self) { return typed }
        guard let typed = result as? C.Result else {
            throw RoutingError(code: .wrongResultType, typeName: C.typeName, message: "the participant of `\(C.typeName)` returned a `\(type(of: result))`, not a `\(C.Result.self)`")
        }
        return typed
    }

    /// Sends a command stored as data (`typeName` + encoded fields, e.g. by a deadline); returns the erased result.
    @discardableResult
    public func send(typeName: String, payload: Data, envelope: CommandEnvelope) async throws -> any Sendable {
        let route = try route(typeName)
        let command: any Sendable
        do {
            command = try route.decode(payload, codec)
        } catch {
            throw RoutingError(code: .undecodableCommand, typeName: typeName, message: "a stored `\(typeName)` does not decode: \(error)")
        }
        return try await route.handle(command, envelope)
    }

    @usableFromInline
    func route(_ typeName: String) throws -> CommandRoute {
        guard let route = routes[typeName] else {
            throw RoutingError(code: .noRoute, typeName: typeName, message: "no aggregate or service is registered for `\(typeName)`")
        }
        return route
    }
}

/// A command could not be delivered to a participant. Permanent: retrying does not help.
public struct RoutingError: PermanentError, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// No route is registered for the type name.
        case noRoute
        /// Two routes were registered for one type name.
        case duplicateRoute
        /// A route was given a command of another type.
        case wrongCommandType
        /// A participant returned a result of another type than the command declares.
        case wrongResultType
        /// A command stored as data does not decode.
        case undecodableCommand
    }

    /// What went wrong.
    public var code: Code
    /// The command type concerned.
    public var typeName: String
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, typeName: String, message: String) {
        self.code = code
        self.typeName = typeName
        self.message = message
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
