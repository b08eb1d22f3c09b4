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
/// `react` is pure: no I/O, no clock. The runner runs the sends of one event in order and gives each the
/// idempotency key `policy/<Name>/<event id>/<index of the send>`. A send whose result later sends read
/// (`send Payment.Charge { … } as charge`) carries them as a continuation, called with its result:
/// `.now(Payment.Charge(…), then: { charge in [.now(Billing.RecordCapture(…, transactionId: charge.transactionId))] })`;
/// the sends it returns are numbered after it.
public protocol EventPolicy: Sendable {
    /// The policy's name in the spec (part of its idempotency keys).
    static var name: String { get }
    /// The event types it reacts to; other events are skipped without decoding.
    static var handledEventTypes: Set<String> { get }
    /// The commands to send for `recorded` (empty when a `where` filter does not match).
    static func react(to recorded: RecordedEvent, codec: PayloadCodec) throws -> [PolicySend]
}

/// One `send` of a policy: a command, sent at once or after a delay, and what to send next with its result.
public struct PolicySend: Sendable {
    /// The command's stable type name.
    public let typeName: String
    /// The delay (`after 30m`), or `nil` to send at once.
    public let delay: Duration?
    /// The command itself (for scenarios, which show what a policy sends).
    let command: any RoutedCommand
    let send: @Sendable (CommandRouter, CommandEnvelope) async throws -> any Sendable
    let encode: @Sendable (PayloadCodec) throws -> Data
    /// The sends that read this send's result (`as name`), made from it once it succeeded.
    let next: (@Sendable (any Sendable) throws -> [PolicySend])?

    private init<C: RoutedCommand>(_ command: C, delay: Duration?, next: (@Sendable (C.Result) throws -> [PolicySend])? = nil) {
        typeName = C.typeName
        self.delay = delay
        self.command = command
        send = { router, envelope in try await router.send(command, envelope: envelope) }
        encode = { codec in try codec.encode(command) }
        if let next {
            self.next = { @Sendable (result: any Sendable) throws -> [PolicySend] in
                guard let typed = result as? C.Result else {
                    throw RoutingError(code: .wrongResultType, typeName: C.typeName,
                                       message: "the participant of `\(C.typeName)` returned a `\(type(of: result))`, not a `\(C.Result.self)`")
                }
                return try next(typed)
            }
        } else {
            self.next = nil
        }
    }

    /// Whether later sends read this send's result.
    public var hasContinuation: Bool { next != nil }

    /// `send Q.Cmd { … }`: send `command` at once.
    public static func now<C: RoutedCommand>(_ command: C) -> PolicySend {
        PolicySend(command, delay: nil)
    }

    /// `send Q.Cmd { … } as name` followed by sends that read `name`: send `command` at once and, once it
    /// succeeded, the sends `next` makes from its result (numbered after it). When it fails for good, they are
    /// not sent (the failure names them).
    public static func now<C: RoutedCommand>(_ command: C, then next: @escaping @Sendable (C.Result) throws -> [PolicySend]) -> PolicySend {
        PolicySend(command, delay: nil, next: next)
    }

    /// `after D send Q.Cmd { … }`: send `command` once `delay` has passed since the event (a durable deadline).
    public static func after<C: RoutedCommand>(_ delay: Duration, _ command: C) -> PolicySend {
        PolicySend(command, delay: delay)
    }
}

/// A policy's send that was given up: recorded in the store (stream `$PolicyFailures-<runner>`), never dropped silently.
/// The sends of the policy after it, for the same event, are not sent; they are named in `skippedCommandTypes`.
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
    /// The later sends of the policy for this event that were not sent because of it, in order: their command
    /// types, and `"the sends that read the result of `<type>`"` when the failed send's result was to feed later
    /// sends (those are made from the result, so they are not known). Empty when it was the last.
    public var skippedCommandTypes: [String]

    /// Creates a failure report.
    public init(policy: String, eventID: UUID, key: IdempotencyKey, commandType: String, reason: String, skippedCommandTypes: [String] = []) {
        self.policy = policy
        self.eventID = eventID
        self.key = key
        self.commandType = commandType
        self.reason = reason
        self.skippedCommandTypes = skippedCommandTypes
    }

    private enum CodingKeys: String, CodingKey {
        case policy, eventID, key, commandType, reason, skippedCommandTypes
    }

    /// Decodes a report; one stored before `skippedCommandTypes` existed has none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        policy = try container.decode(String.self, forKey: .policy)
        eventID = try container.decode(UUID.self, forKey: .eventID)
        key = try container.decode(IdempotencyKey.self, forKey: .key)
        commandType = try container.decode(String.self, forKey: .commandType)
        reason = try container.decode(String.self, forKey: .reason)
        skippedCommandTypes = try container.decodeIfPresent([String].self, forKey: .skippedCommandTypes) ?? []
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
