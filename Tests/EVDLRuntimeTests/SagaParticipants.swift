import EVDLRuntime
import Foundation

// Participants of the checkout, written by hand in the shapes the generator emits (see Aggregate.swift and
// Saga.swift): the `Inventory` aggregate, the `Payment` and `Shipping` services with their protocols, the
// routing conformances of the `Order` commands, and test doubles of the services that count applications per
// idempotency key.

struct Inventory: EventSourcedAggregate {
    typealias ID = UUID
    static let name = "Inventory"

    struct State: AggregateState {
        var reserved: Bool = false
        var items: [LineItem] = []
        static let shapeFingerprint = "Inventory.State{reserved:Bool,items:[LineItem]}"
        init() {}
    }

    struct Reserve: Sendable, Codable, Equatable { var reservationId: UUID; var items: [LineItem] }
    struct Release: Sendable, Codable, Equatable { var reservationId: UUID }

    struct StockReserved: DomainEvent {
        static let typeName = "Inventory.StockReserved"
        static let schemaVersion = 1
        var reservationId: UUID; var items: [LineItem]
    }
    struct StockReleased: DomainEvent {
        static let typeName = "Inventory.StockReleased"
        static let schemaVersion = 1
        var reservationId: UUID
    }

    enum Event: EventSet {
        case stockReserved(StockReserved)
        case stockReleased(StockReleased)

        static let typeNames = [StockReserved.typeName, StockReleased.typeName]

        var payload: any DomainEvent {
            switch self {
            case .stockReserved(let event): event
            case .stockReleased(let event): event
            }
        }

        static func decode(typeName: String, schemaVersion: Int, payload: Data, codec: PayloadCodec) throws -> Event {
            switch typeName {
            case StockReserved.typeName: .stockReserved(try codec.decodeEvent(StockReserved.self, from: payload, schemaVersion: schemaVersion))
            case StockReleased.typeName: .stockReleased(try codec.decodeEvent(StockReleased.self, from: payload, schemaVersion: schemaVersion))
            default: throw EventDecodingError.unknownEventType(typeName, aggregate: "Inventory", known: typeNames)
            }
        }
    }

    enum Command: CommandSet {
        case reserve(Reserve)
        case release(Release)

        var aggregateID: UUID {
            switch self {
            case .reserve(let command): command.reservationId
            case .release(let command): command.reservationId
            }
        }

        var typeName: String {
            switch self {
            case .reserve: "Inventory.Reserve"
            case .release: "Inventory.Release"
            }
        }

        var existence: CommandExistence {
            switch self {
            case .reserve: .createsIfMissing
            case .release: .createsIfMissing
            }
        }
    }

    func decide(_ command: Command, state: State, context: CommandContext) throws -> [Event] {
        switch command {
        case .reserve(let command):
            try require(!state.reserved, "stock for \(command.reservationId) is already reserved")
            return [.stockReserved(StockReserved(reservationId: command.reservationId, items: command.items))]
        case .release(let command):
            if state.reserved {
                return [.stockReleased(StockReleased(reservationId: command.reservationId))]
            }
            return []
        }
    }

    static func evolve(_ state: consuming State, _ event: Event) -> State {
        switch event {
        case .stockReserved(let event):
            state.reserved = true
            state.items = event.items
        case .stockReleased:
            state.reserved = false
            state.items = []
        }
        return state
    }
}

extension Inventory.Reserve: AggregateCommand {
    typealias Aggregate = Inventory
    static let typeName = "Inventory.Reserve"
    var aggregateCommand: Inventory.Command { .reserve(self) }
}

extension Inventory.Release: AggregateCommand {
    typealias Aggregate = Inventory
    static let typeName = "Inventory.Release"
    var aggregateCommand: Inventory.Command { .release(self) }
}

extension Inventory {
    static func routes(_ repository: Repository<Inventory>) -> [CommandRoute] {
        [.aggregate(Reserve.self, repository), .aggregate(Release.self, repository)]
    }
}

extension Order.ConfirmOrder: AggregateCommand {
    typealias Aggregate = Order
    static let typeName = "Order.ConfirmOrder"
    var aggregateCommand: Order.Command { .confirmOrder(self) }
}

extension Order.CancelOrder: AggregateCommand {
    typealias Aggregate = Order
    static let typeName = "Order.CancelOrder"
    var aggregateCommand: Order.Command { .cancelOrder(self) }
}

extension Order.PlaceOrder: AggregateCommand {
    typealias Aggregate = Order
    static let typeName = "Order.PlaceOrder"
    var aggregateCommand: Order.Command { .placeOrder(self) }
}

extension Order.ShipOrder: AggregateCommand {
    typealias Aggregate = Order
    static let typeName = "Order.ShipOrder"
    var aggregateCommand: Order.Command { .shipOrder(self) }
}

extension Order {
    static func routes(_ repository: Repository<Order>) -> [CommandRoute] {
        [.aggregate(PlaceOrder.self, repository), .aggregate(ConfirmOrder.self, repository),
         .aggregate(CancelOrder.self, repository), .aggregate(ShipOrder.self, repository)]
    }
}

// service Payment { command Charge {…} -> { transactionId: String }; command Refund {…}; command CheckCredit {…} }
enum Payment {
    struct Charge: RoutedCommand {
        typealias Result = ChargeResult
        static let typeName = "Payment.Charge"
        var paymentId: UUID; var customerId: UUID; var amount: Decimal
    }
    struct ChargeResult: Sendable, Codable, Equatable { var transactionId: String }
    struct Refund: RoutedCommand {
        static let typeName = "Payment.Refund"
        var paymentId: UUID; var transactionId: String; var amount: Decimal
    }
    struct CheckCredit: RoutedCommand {
        static let typeName = "Payment.CheckCredit"
        var customerId: UUID; var amount: Decimal
    }

    static func routes(_ service: any PaymentService) -> [CommandRoute] {
        [.service(Charge.self, service: "Payment") { try await service.charge($0, envelope: $1) },
         .service(Refund.self, service: "Payment") { try await service.refund($0, envelope: $1); return NoResult() },
         .service(CheckCredit.self, service: "Payment") { try await service.checkCredit($0, envelope: $1); return NoResult() }]
    }
}

protocol PaymentService: Sendable {
    func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult
    func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws
    func checkCredit(_ command: Payment.CheckCredit, envelope: CommandEnvelope) async throws
}

// service Shipping { command CreateShipment { orderId: UUID, items: [LineItem] } -> { tracking: String } }
enum Shipping {
    struct CreateShipment: RoutedCommand {
        typealias Result = CreateShipmentResult
        static let typeName = "Shipping.CreateShipment"
        var orderId: UUID; var items: [LineItem]
    }
    struct CreateShipmentResult: Sendable, Codable, Equatable { var tracking: String }

    static func routes(_ service: any ShippingService) -> [CommandRoute] {
        [.service(CreateShipment.self, service: "Shipping") { try await service.createShipment($0, envelope: $1) }]
    }
}

protocol ShippingService: Sendable {
    func createShipment(_ command: Shipping.CreateShipment, envelope: CommandEnvelope) async throws -> Shipping.CreateShipmentResult
}

/// A transient failure of a test double (retrying may help).
struct Unavailable: Error, CustomStringConvertible {
    var what: String
    var description: String { "\(what) is unavailable" }
}

/// The bookkeeping of an idempotent participant: each key is applied once, its first result returned for repeats;
/// every delivery and application is logged in order.
actor Ledger {
    private(set) var deliveries: [String: Int] = [:]
    private(set) var applications: [String: Int] = [:]
    private(set) var applied: [String] = []            // "<command>:<key>", in application order
    private var results: [String: any Sendable] = [:]
    /// Failures to inject: command name → how many of its next deliveries fail (Int.max: forever).
    private var failing: [String: (count: Int, permanent: Bool)] = [:]
    /// Commands that hang (never return) until cancelled.
    private var hanging: Set<String> = []

    func fail(_ command: String, times: Int, permanent: Bool = false) {
        failing[command] = (times, permanent)
    }

    func hang(_ command: String) { hanging.insert(command) }
    func stopHanging(_ command: String) { hanging.remove(command) }

    func isHanging(_ command: String) -> Bool { hanging.contains(command) }

    /// Delivers `command` with `key`: fails if told to, else applies it once and returns the first result.
    func deliver<R: Sendable>(_ command: String, key: IdempotencyKey, result: () -> R) throws -> R {
        deliveries[key.rawValue, default: 0] += 1
        if let first = results[key.rawValue] as? R { return first }
        if let failure = failing[command], failure.count > 0 {
            failing[command] = (failure.count == .max ? .max : failure.count - 1, failure.permanent)
            if failure.permanent { throw CommandRejection("\(command) declined") }
            throw Unavailable(what: command)
        }
        let value = result()
        results[key.rawValue] = value
        applications[key.rawValue, default: 0] += 1
        applied.append("\(command):\(key.rawValue)")
        return value
    }

    /// The commands applied, by name, in order.
    var appliedCommands: [String] { applied.map { String($0.prefix { $0 != ":" }) } }

    /// Whether every key was applied at most once.
    var appliedEachKeyOnce: Bool { applications.values.allSatisfy { $0 == 1 } }

    /// How many deliveries there were in all.
    var deliveryCount: Int { deliveries.values.reduce(0, +) }
}

/// A payment provider double: charges return `tx-<paymentId>`.
struct FakePayment: PaymentService {
    let ledger: Ledger

    func charge(_ command: Payment.Charge, envelope: CommandEnvelope) async throws -> Payment.ChargeResult {
        try await waitWhileHanging("Charge")
        return try await ledger.deliver("Charge", key: envelope.idempotencyKey) { Payment.ChargeResult(transactionId: "tx-\(command.paymentId)") }
    }

    func refund(_ command: Payment.Refund, envelope: CommandEnvelope) async throws {
        _ = try await ledger.deliver("Refund", key: envelope.idempotencyKey) { command.transactionId }
    }

    func checkCredit(_ command: Payment.CheckCredit, envelope: CommandEnvelope) async throws {
        _ = try await ledger.deliver("CheckCredit", key: envelope.idempotencyKey) { true }
    }

    private func waitWhileHanging(_ command: String) async throws {
        while await ledger.isHanging(command) {
            try await Task.sleep(nanoseconds: 1_000_000)
        }
    }
}

/// A carrier double: shipments return `1Z-<orderId>`.
struct FakeShipping: ShippingService {
    let ledger: Ledger

    func createShipment(_ command: Shipping.CreateShipment, envelope: CommandEnvelope) async throws -> Shipping.CreateShipmentResult {
        try await ledger.deliver("CreateShipment", key: envelope.idempotencyKey) { Shipping.CreateShipmentResult(tracking: "1Z-\(command.orderId)") }
    }
}
