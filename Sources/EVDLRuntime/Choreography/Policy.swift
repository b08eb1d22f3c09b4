import Foundation

/// A choreography rule (`policy Name { on Q.Event [where …]; [after D] send Q.Cmd { … } … }`): whenever an event of
/// a handled type is recorded, send these commands (now, or later as durable deadlines).
///
/// Generated code conforms one namespace type per policy:
/// ```swift
/// enum ExpireUnconfirmedOrders: EventPolicy {
///     static let name = "ExpireUnconfirmedOrders"
///     static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName]
///     static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend] {
///         let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
///         // a `where` filter becomes: guard <condition> else { return [] }
///         return [.after(.seconds(1800), Order.ExpireOrder(orderId: event.orderId))]
///     }
/// }
/// ```
/// `react` is pure: no I/O, no clock. The runner gives each send the idempotency key
/// `policy/<Name>/<event id>/<index of the send>`.
public protocol EventPolicy: Sendable {
    /// The policy's name in the spec (part of its idempotency keys).
    static var name: String { get }
    /// The event types it reacts to; other events are skipped without decoding.
    static var handledEventTypes: Set<String> { get }
    /// The commands to send for `recorded` (empty when a `where` filter does not match).
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend]
}

/// One `send` of a policy: a command, sent at once or after a delay.
public struct PolicySend: Sendable {
    /// The command's stable type name.
    public let typeName: String
    /// The delay (`after 30m`), or `nil` to send at once.
    public let delay: Duration?
    let send: @Sendable (CommandRouter, CommandEnvelope) async throws -> Void
    let encode: @Sendable (PayloadCodec) throws -> Data

    private init<C: RoutedCommand>(_ command: C, delay: Duration?) {
        typeName = C.typeName
        self.delay = delay
        send = { router, envelope in _ = try await router.send(command, envelope: envelope) }
        encode = { codec in try codec.encode(command) }
    }

    /// `send Q.Cmd { … }`: send `command` at once.
    public static func now<C: RoutedCommand>(_ command: C) -> PolicySend {
        PolicySend(command, delay: nil)
    }

    /// `after D send Q.Cmd { … }`: send `command` once `delay` has passed since the event (a durable deadline).
    public static func after<C: RoutedCommand>(_ delay: Duration, _ command: C) -> PolicySend {
        PolicySend(command, delay: delay)
    }
}

/// A policy's send that was given up: recorded in the store (stream `$PolicyFailures-<runner>`), never dropped silently.
public struct PolicyFailure: Sendable, Codable, Equatable {
    /// The policy.
    public var policy: String
    /// The event it reacted to.
    public var eventID: UUID
    /// The send's idempotency key.
    public var key: IdempotencyKey
    /// The command's type name.
    public var commandType: String
    /// Why it was given up.
    public var reason: String

    /// Creates a failure report.
    public init(policy: String, eventID: UUID, key: IdempotencyKey, commandType: String, reason: String) {
        self.policy = policy
        self.eventID = eventID
        self.key = key
        self.commandType = commandType
        self.reason = reason
    }
}

/// A policy runner stopped before an event because a send kept failing; its checkpoint stays before the event, so
/// the next run tries again.
public struct PolicyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The policy.
    public var policy: String
    /// The global position of the event.
    public var globalPosition: Int64
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(policy: String, globalPosition: Int64, message: String) {
        self.policy = policy
        self.globalPosition = globalPosition
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
