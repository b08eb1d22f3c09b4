import EVDLRuntime
import Foundation

// A hand-written aggregate shaped like the generator's output for Examples/Checkout's `aggregate Order`.

enum OrderStatus: String, Sendable, Codable, Equatable, Hashable {
    case draft, placed, confirmed, shipped, cancelled
}

struct LineItem: Sendable, Codable, Equatable, Hashable {
    var sku: String
    var quantity: Int
    var unitPrice: Decimal
}

/// What the user implements for `command ShipOrder emits OrderShipped` (decided in Swift).
protocol OrderSwiftDecisions: Sendable {
    func decide(_ command: Order.ShipOrder, state: Order.State, context: CommandContext) throws -> [Order.OrderShipped]
}

struct Order: EventSourcedAggregate {
    typealias ID = UUID
    static let name = "Order"
    static let snapshotEvery: Int? = 3

    let swiftDecisions: any OrderSwiftDecisions

    struct State: AggregateState {
        var status: OrderStatus = .draft
        var items: [LineItem] = []
        var total: Decimal = 0
        var customerId: UUID? = nil
        var placedAt: Date? = nil
        static let shapeFingerprint = "Order.State{status:OrderStatus,items:[LineItem],total:Decimal,customerId:UUID?,placedAt:Date?}"
        init() {}
    }

    struct PlaceOrder: Sendable, Codable, Equatable { var orderId: UUID; var customerId: UUID; var items: [LineItem]; var total: Decimal }
    struct ConfirmOrder: Sendable, Codable, Equatable { var orderId: UUID }
    struct CancelOrder: Sendable, Codable, Equatable { var orderId: UUID; var reason: String }
    struct ShipOrder: Sendable, Codable, Equatable { var orderId: UUID; var tracking: String }

    struct OrderPlaced: DomainEvent {
        static let typeName = "Order.OrderPlaced"
        static let schemaVersion = 1
        var orderId: UUID; var customerId: UUID; var items: [LineItem]; var total: Decimal; var placedAt: Date
    }
    struct OrderConfirmed: DomainEvent {
        static let typeName = "Order.OrderConfirmed"
        static let schemaVersion = 1
        var orderId: UUID
    }
    struct OrderCancelled: DomainEvent {
        static let typeName = "Order.OrderCancelled"
        static let schemaVersion = 1
        var orderId: UUID; var reason: String
    }
    struct OrderShipped: DomainEvent {
        static let typeName = "Order.OrderShipped"
        static let schemaVersion = 1
        var orderId: UUID; var tracking: String
    }

    enum Event: EventSet {
        case orderPlaced(OrderPlaced)
        case orderConfirmed(OrderConfirmed)
        case orderCancelled(OrderCancelled)
        case orderShipped(OrderShipped)

        static let typeNames = [OrderPlaced.typeName, OrderConfirmed.typeName, OrderCancelled.typeName, OrderShipped.typeName]

        var payload: any DomainEvent {
            switch self {
            case .orderPlaced(let event): event
            case .orderConfirmed(let event): event
            case .orderCancelled(let event): event
            case .orderShipped(let event): event
            }
        }

        static func decode(typeName: String, schemaVersion: Int, payload: Data, codec: PayloadCodec) throws -> Event {
            switch typeName {
            case OrderPlaced.typeName: .orderPlaced(try codec.decodeEvent(OrderPlaced.self, from: payload, schemaVersion: schemaVersion))
            case OrderConfirmed.typeName: .orderConfirmed(try codec.decodeEvent(OrderConfirmed.self, from: payload, schemaVersion: schemaVersion))
            case OrderCancelled.typeName: .orderCancelled(try codec.decodeEvent(OrderCancelled.self, from: payload, schemaVersion: schemaVersion))
            case OrderShipped.typeName: .orderShipped(try codec.decodeEvent(OrderShipped.self, from: payload, schemaVersion: schemaVersion))
            default: throw EventDecodingError.unknownEventType(typeName, aggregate: "Order", known: typeNames)
            }
        }
    }

    enum Command: CommandSet {
        case placeOrder(PlaceOrder)
        case confirmOrder(ConfirmOrder)
        case cancelOrder(CancelOrder)
        case shipOrder(ShipOrder)

        var aggregateID: UUID {
            switch self {
            case .placeOrder(let command): command.orderId
            case .confirmOrder(let command): command.orderId
            case .cancelOrder(let command): command.orderId
            case .shipOrder(let command): command.orderId
            }
        }

        var typeName: String {
            switch self {
            case .placeOrder: "Order.PlaceOrder"
            case .confirmOrder: "Order.ConfirmOrder"
            case .cancelOrder: "Order.CancelOrder"
            case .shipOrder: "Order.ShipOrder"
            }
        }

        var existence: CommandExistence {
            switch self {
            case .placeOrder: .creates
            case .confirmOrder, .cancelOrder, .shipOrder: .existing
            }
        }
    }

    func decide(_ command: Command, state: State, context: CommandContext) throws -> [Event] {
        switch command {
        case .placeOrder(let command):
            try require(state.status == .draft, "order \(command.orderId) was already placed")
            try require(!command.items.isEmpty, "an order needs at least one item")
            try require(command.total >= 0, "the total cannot be negative")
            return [.orderPlaced(OrderPlaced(orderId: command.orderId, customerId: command.customerId, items: command.items, total: command.total, placedAt: context.now))]
        case .confirmOrder(let command):
            if state.status == .placed {
                return [.orderConfirmed(OrderConfirmed(orderId: command.orderId))]
            }
            try require(state.status == .confirmed, "only a placed order can be confirmed")
            return []
        case .cancelOrder(let command):
            if state.status == .cancelled {
                return []
            }
            try require(state.status != .shipped, "a shipped order cannot be cancelled")
            return [.orderCancelled(OrderCancelled(orderId: command.orderId, reason: command.reason))]
        case .shipOrder(let command):
            return try swiftDecisions.decide(command, state: state, context: context).map(Event.orderShipped)
        }
    }

    static func evolve(_ state: consuming State, _ event: Event) -> State {
        switch event {
        case .orderPlaced(let event):
            state.status = .placed
            state.customerId = event.customerId
            state.items = event.items
            state.total = event.total
            state.placedAt = event.placedAt
        case .orderConfirmed:
            state.status = .confirmed
        case .orderCancelled:
            state.status = .cancelled
        case .orderShipped:
            state.status = .shipped
        }
        return state
    }
}

/// The user's Swift decision for `ShipOrder`.
struct Warehouse: OrderSwiftDecisions {
    func decide(_ command: Order.ShipOrder, state: Order.State, context: CommandContext) throws -> [Order.OrderShipped] {
        try require(state.status == .placed || state.status == .confirmed, "only a placed order can be shipped")
        return [Order.OrderShipped(orderId: command.orderId, tracking: command.tracking)]
    }
}

/// Deterministic ids and dates for tests.
func id(_ number: Int) -> UUID {
    UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", number))!
}

func date(_ seconds: Int) -> Date {
    Date(timeIntervalSince1970: 1_800_000_000 + Double(seconds))
}

let sampleItems = [LineItem(sku: "A-1", quantity: 2, unitPrice: Decimal(string: "12.50")!)]

func place(_ order: Int, customer: Int = 100, total: Decimal = 25) -> Order.Command {
    .placeOrder(Order.PlaceOrder(orderId: id(order), customerId: id(customer), items: sampleItems, total: total))
}

func placed(_ order: Int, customer: Int = 100, total: Decimal = 25, at seconds: Int = 0) -> Order.Event {
    .orderPlaced(Order.OrderPlaced(orderId: id(order), customerId: id(customer), items: sampleItems, total: total, placedAt: date(seconds)))
}
