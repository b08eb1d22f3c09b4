import EVDLRuntime
import Foundation

// Hand-written projections shaped like the generator's output for the design's `OrderSummary` and
// `CustomerSpending`.

enum OrderSummary: Projection {
    static let name = "OrderSummary"
    typealias Key = UUID

    struct Row: Sendable, Codable, Equatable {
        var customerId: UUID? = nil
        var status: OrderStatus = .placed
        var total: Decimal = 0
    }

    enum Event: Sendable {
        case orderPlaced(Order.OrderPlaced)
        case orderShipped(Order.OrderShipped)
        case orderCancelled(Order.OrderCancelled)
    }

    static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName, Order.OrderShipped.typeName, Order.OrderCancelled.typeName]

    static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event? {
        switch event.typeName {
        case Order.OrderPlaced.typeName: .orderPlaced(try codec.decodeEvent(Order.OrderPlaced.self, from: event.payload, schemaVersion: event.schemaVersion))
        case Order.OrderShipped.typeName: .orderShipped(try codec.decodeEvent(Order.OrderShipped.self, from: event.payload, schemaVersion: event.schemaVersion))
        case Order.OrderCancelled.typeName: .orderCancelled(try codec.decodeEvent(Order.OrderCancelled.self, from: event.payload, schemaVersion: event.schemaVersion))
        default: nil
        }
    }

    static func update(_ event: Event, recorded: RecordedEvent, rows: inout some ProjectionRows<Key, Row>) {
        switch event {
        case .orderPlaced(let event):
            rows.change(at: event.orderId) { _, row in
                var row = row ?? Row()
                row.customerId = event.customerId
                row.total = event.total
                return .upsert(row)
            }
        case .orderShipped(let event):
            rows.change(at: event.orderId) { _, row in
                var row = row ?? Row()
                row.status = .shipped
                return .upsert(row)
            }
        case .orderCancelled(let event):
            rows.apply(.delete, at: event.orderId)
        }
    }

    /// `query byStatus(status: OrderStatus) -> [OrderSummary] where row.status == status`
    static func byStatus(_ status: OrderStatus, in store: some ReadModelStore) async throws -> [Row] {
        try await store.rows(of: Self.self) { row in row.status == status }
    }
}

enum CustomerSpending: Projection {
    static let name = "CustomerSpending"
    typealias Key = UUID

    struct Row: Sendable, Codable, Equatable {
        var orders: Int = 0
        var spent: Decimal = 0
    }

    enum Event: Sendable {
        case orderPlaced(Order.OrderPlaced)
    }

    static let handledEventTypes: Set<String> = [Order.OrderPlaced.typeName]

    static func decode(_ event: RecordedEvent, codec: PayloadCodec) throws -> Event? {
        switch event.typeName {
        case Order.OrderPlaced.typeName: .orderPlaced(try codec.decodeEvent(Order.OrderPlaced.self, from: event.payload, schemaVersion: event.schemaVersion))
        default: nil
        }
    }

    static func update(_ event: Event, recorded: RecordedEvent, rows: inout some ProjectionRows<Key, Row>) {
        switch event {
        case .orderPlaced(let event):
            rows.change(at: event.customerId) { _, row in
                var row = row ?? Row()
                row.orders += 1
                row.spent += event.total
                return .upsert(row)
            }
        }
    }

    /// `query bigSpenders(minimum: Decimal) -> [CustomerSpending] where row.spent >= minimum`
    static func bigSpenders(minimum: Decimal, in store: some ReadModelStore) async throws -> [Row] {
        try await store.rows(of: Self.self) { row in row.spent >= minimum }
    }
}
