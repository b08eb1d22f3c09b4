import Foundation

// # How generated code conforms to the saga runtime
//
// For the spec's
//
// ```
// service Payment { command Charge { paymentId: UUID, customerId: UUID, amount: Decimal } -> { transactionId: String }
//                   command Refund { paymentId: UUID, transactionId: String, amount: Decimal } }
// saga Checkout {
//   input { orderId: UUID, customerId: UUID, items: [LineItem], amount: Decimal }
//   start on Order.OrderPlaced { orderId: event.orderId, customerId: event.customerId, items: event.items, amount: event.total }
//   step reserveStock { invoke Inventory.Reserve { reservationId: orderId, items }; compensate Inventory.Release { reservationId: orderId } }
//   step chargePayment { invoke Payment.Charge { paymentId: orderId, customerId, amount } as charge
//                        compensate Payment.Refund { paymentId: orderId, transactionId: charge.transactionId, amount }
//                        retry 3; timeout 30s }
//   step checkCredit { invoke Payment.CheckCredit { customerId, amount }; compensate nothing }
//   step createShipment { invoke Shipping.CreateShipment { orderId, items } as shipment }      // the pivot
//   step confirm { invoke Order.ConfirmOrder { orderId }; retry forever }
//   on failure { invoke Order.CancelOrder { orderId, reason: "checkout failed" } }
// }
// ```
//
// the generator emits:
//
// ```swift
// // Each service: a namespace with its commands and results, and the protocol the user implements.
// enum Payment {
//     struct Charge: RoutedCommand { typealias Result = ChargeResult; static let typeName = "Payment.Charge"
//                                    var paymentId: UUID; var customerId: UUID; var amount: Decimal }
//     struct ChargeResult: Sendable, Codable, Equatable { var transactionId: String }
//     struct Refund: RoutedCommand { static let typeName = "Payment.Refund"; var paymentId: UUID; … }   // Result = NoResult
//     /// The routes of every command of the service, to the user's implementation.
//     static func routes(_ service: any PaymentService) -> [CommandRoute] {
//         [.service(Charge.self, service: "Payment") { try await service.charge($0, envelope: $1) },
//          .service(Refund.self, service: "Payment") { try await service.refund($0, envelope: $1); return NoResult() }, …]
//     }
// }
// /// Implemented by the user. Must be idempotent by `envelope.idempotencyKey`: a key seen before is not applied again
// /// and returns the first result. Throw `CommandRejection` (or any `PermanentError`) for a refusal retrying cannot fix.
// protocol PaymentService: Sendable {
//     func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult
//     func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws
// }
// // Each aggregate command: `extension Inventory.Reserve: AggregateCommand { typealias Aggregate = Inventory
// //     static let typeName = "Inventory.Reserve"; var aggregateCommand: Inventory.Command { .reserve(self) } }`
// // and `extension Inventory { static func routes(_ r: Repository<Inventory>) -> [CommandRoute] { [.aggregate(Reserve.self, r), …] } }`.
//
// enum Checkout: SagaDefinition {
//     static let name = "Checkout"
//     struct Input: Sendable, Codable, Equatable { var orderId: UUID; var customerId: UUID; var items: [LineItem]; var amount: Decimal }
//     /// One optional field per `as` binding, filled when its step completes; persisted with the saga's history.
//     struct Results: SagaResults { var charge: Payment.ChargeResult?; var shipment: Shipping.CreateShipmentResult?; init() {} }
//
//     static let startEventTypes: Set<String> = [Order.OrderPlaced.typeName]
//     static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input? {
//         switch recorded.typeName {
//         case Order.OrderPlaced.typeName:
//             let event = try codec.decodeEvent(Order.OrderPlaced.self, from: recorded.payload, schemaVersion: recorded.schemaVersion)
//             return Input(orderId: event.orderId, customerId: event.customerId, items: event.items, amount: event.total)
//         default: return nil
//         }
//     }
//
//     static let steps: [SagaStep<Checkout>] = [
//         SagaStep("reserveStock",
//                  invoke: { input, _ in Inventory.Reserve(reservationId: input.orderId, items: input.items) },
//                  compensate: .command { input, _ in Inventory.Release(reservationId: input.orderId) }),
//         SagaStep("chargePayment",
//                  invoke: { input, _ in Payment.Charge(paymentId: input.orderId, customerId: input.customerId, amount: input.amount) },
//                  as: { results, result in results.charge = result },
//                  compensate: .command { input, results in
//                      Payment.Refund(paymentId: input.orderId, transactionId: try bound(results.charge, "charge").transactionId, amount: input.amount) },
//                  retry: .times(3), timeout: .seconds(30)),
//         SagaStep("checkCredit", invoke: { input, _ in Payment.CheckCredit(customerId: input.customerId, amount: input.amount) },
//                  compensate: .nothing),
//         SagaStep("createShipment", invoke: { input, _ in Shipping.CreateShipment(orderId: input.orderId, items: input.items) },
//                  as: { results, result in results.shipment = result }),                       // no compensate: `.pivot`
//         SagaStep("confirm", invoke: { input, _ in Order.ConfirmOrder(orderId: input.orderId) }, retry: .forever),
//     ]
//     static let onFailure: [SagaCommand<Checkout>] = [
//         SagaCommand { input, _ in Order.CancelOrder(orderId: input.orderId, reason: "checkout failed") },
//     ]
// }
// ```
//
// The user builds one `CommandRouter` from the routes of every aggregate and service and runs
// `SagaOrchestrator<Checkout>(store:router:…)`; see SagaOrchestrator.swift for how a saga runs, is recorded and resumes.

/// An orchestrated saga (`saga Name { … }`): its input, how an event starts it, its ordered steps, and the commands
/// to run when it fails. Generated code conforms one namespace type per saga; see the comment at the top of this file.
public protocol SagaDefinition: Sendable {
    /// The saga's input (the spec's `input { … }`), stored in the saga's first event.
    associatedtype Input: Sendable, Codable, Equatable
    /// The results bound by steps (`as name`), readable by later steps and compensations.
    associatedtype Results: SagaResults

    /// The saga's name in the spec; part of its streams' names and of its idempotency keys.
    static var name: String { get }
    /// The type names of the events that start an instance (`start on …`); empty when only started from Swift.
    static var startEventTypes: Set<String> { get }
    /// The input for the instance `recorded` starts, or `nil` when it starts none.
    static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input?
    /// The steps, in order. Step names are unique.
    static var steps: [SagaStep<Self>] { get }
    /// The `on failure` commands, run in order once a failed saga has compensated what it could.
    static var onFailure: [SagaCommand<Self>] { get }
}

extension SagaDefinition {
    /// By default no event starts the saga.
    public static var startEventTypes: Set<String> { [] }
    /// By default no event starts the saga.
    public static func input(startedBy recorded: RecordedEvent, codec: PayloadCodec) throws -> Input? { nil }
    /// By default a failing saga runs no commands after compensating.
    public static var onFailure: [SagaCommand<Self>] { [] }
}

/// The results a saga's steps bind with `as`: a struct with one optional field per binding, all `nil` initially.
public protocol SagaResults: Sendable, Codable, Equatable {
    /// No step has completed yet.
    init()
}

/// The results of a saga without `as` bindings.
public struct NoSagaResults: SagaResults {
    /// No results.
    public init() {}
}

/// Reads a bound result that the checker proved was produced by a completed step; throws `SagaError`
/// (`.missingResult`) if the history says otherwise (a definition changed under a running saga).
public func bound<T>(_ value: T?, _ name: String) throws -> T {
    guard let value else {
        throw SagaError(code: .missingResult, message: "the result `\(name)` was read before the step that binds it completed")
    }
    return value
}

/// A command of a saga built from its input and the results so far, ready to be sent: a compensation or an
/// `on failure` command.
public struct SagaCommand<Saga: SagaDefinition>: Sendable {
    /// The command's stable type name.
    public let typeName: String
    @usableFromInline let send: @Sendable (Saga.Input, Saga.Results, CommandRouter, CommandEnvelope) async throws -> Void

    /// A command of type `C` built by `build`.
    @inlinable
    public init<C: RoutedCommand>(_ build: @escaping @Sendable (Saga.Input, Saga.Results) throws -> C) {
        typeName = C.typeName
        send = { input, results, router, envelope in
            _ = try await router.send(try build(input, results), envelope: envelope)
        }
    }
}

/// How a completed step is undone when a later step fails.
public enum SagaCompensation<Saga: SagaDefinition>: Sendable {
    /// `compensate Q.Cmd { … }`: send this command.
    case command(SagaCommand<Saga>)
    /// `compensate nothing`: there is nothing to undo (a read-only step); compensation passes over it.
    case nothing
    /// No `compensate` clause: the pivot. Once it completed the saga cannot be undone; if a later step still fails
    /// for good, the saga ends as failed instead of compensating past it.
    case pivot

    /// `compensate Q.Cmd { … }` with the command built by `build`.
    public static func command<C: RoutedCommand>(_ build: @escaping @Sendable (Saga.Input, Saga.Results) throws -> C) -> SagaCompensation {
        .command(SagaCommand(build))
    }
}

/// One `step` of a saga, type-erased over its command and result types.
public struct SagaStep<Saga: SagaDefinition>: Sendable {
    /// The step's name (unique in the saga): part of its idempotency keys and its history events.
    public let name: String
    /// The invoked command's type name.
    public let commandType: String
    /// How it is undone.
    public let compensation: SagaCompensation<Saga>
    /// How often a failing invoke is retried.
    public let retry: RetryPolicy
    /// How long one attempt may take before it counts as failed (`timeout 30s`), if limited.
    public let timeout: Duration?
    /// Whether the step binds its result (`as name`).
    public let bindsResult: Bool

    @usableFromInline let invoke: @Sendable (Saga.Input, Saga.Results, CommandRouter, CommandEnvelope) async throws -> (any Sendable)?
    @usableFromInline let bind: @Sendable (inout Saga.Results, any Sendable) -> Void
    @usableFromInline let encodeResult: @Sendable (any Sendable, PayloadCodec) throws -> Data
    @usableFromInline let decodeResult: @Sendable (Data, PayloadCodec) throws -> any Sendable

    /// A step that invokes the command `invoke` builds from the input and earlier results, optionally binds its
    /// result (`as`: `{ results, result in results.charge = result }`), and is undone by `compensate`.
    @inlinable
    public init<C: RoutedCommand>(
        _ name: String,
        invoke: @escaping @Sendable (Saga.Input, Saga.Results) throws -> C,
        as bindResult: (@Sendable (inout Saga.Results, C.Result) -> Void)? = nil,
        compensate: SagaCompensation<Saga> = .pivot,
        retry: RetryPolicy = .none,
        timeout: Duration? = nil
    ) {
        self.name = name
        self.commandType = C.typeName
        self.compensation = compensate
        self.retry = retry
        self.timeout = timeout
        self.bindsResult = bindResult != nil
        let binds = bindResult != nil
        self.invoke = { input, results, router, envelope in
            let result = try await router.send(try invoke(input, results), envelope: envelope)
            return binds ? result : nil
        }
        self.bind = { results, value in
            if let bindResult, let value = value as? C.Result { bindResult(&results, value) }
        }
        self.encodeResult = { value, codec in
            guard let value = value as? C.Result else {
                throw SagaError(code: .missingResult, message: "step `\(name)` produced a `\(type(of: value))`, not a `\(C.Result.self)`")
            }
            return try codec.encode(value)
        }
        self.decodeResult = { data, codec in try codec.decode(C.Result.self, from: data) }
    }

    /// What the pure state machine needs to know of this step.
    var shape: SagaStepShape {
        let kind: SagaStepShape.Compensation = switch compensation {
        case .command: .command
        case .nothing: .nothing
        case .pivot: .pivot
        }
        return SagaStepShape(name: name, compensation: kind, retry: retry, timeout: timeout)
    }
}

/// A saga could not run, resume or be read.
public struct SagaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// A step read a result that no completed step bound.
        case missingResult
        /// The recorded history does not match the saga's definition (steps renamed, removed or reordered).
        case definitionMismatch
        /// A history event does not decode.
        case invalidHistory
        /// The orchestrator was stopped.
        case stopped
        /// The saga was started twice with different inputs, or an event stream of that id exists already.
        case alreadyStarted
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// `<code>: <message>`.
    public var description: String { "\(code.rawValue): \(message)" }
}
