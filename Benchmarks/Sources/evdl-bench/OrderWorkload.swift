import EVDLRuntime
import Foundation

/// The checkout example's `Order` as `evdlc` generates it (Generated/), against a hand-written switch.
enum OrderWorkload: ReplayWorkload {
    typealias Aggregate = Order
    static let name = "generated Order"

    /// Orders' life cycles, over and over: placed (with two items), confirmed, shipped; every fourth one cancelled.
    static func events(count: Int) -> [Order.Event] {
        let order = UUID(uuidString: "00000000-0000-0000-0000-0000000000C1")!
        let items = [
            LineItem(sku: "A-1", quantity: 2, unitPrice: Decimal(string: "12.50")!),
            LineItem(sku: "B-7", quantity: 1, unitPrice: 3),
        ]
        return (0..<count).map { index in
            switch index % 4 {
            case 0:
                .orderPlaced(Order.OrderPlaced(orderId: order, customerId: order, items: items, total: Decimal(28 + index % 5), placedAt: Date(timeIntervalSince1970: Double(index))))
            case 1: .orderConfirmed(Order.OrderConfirmed(orderId: order))
            case 2: index % 16 == 2 ? .orderCancelled(Order.OrderCancelled(orderId: order, reason: "r")) : .orderShipped(Order.OrderShipped(orderId: order, tracking: "T"))
            default: .orderShipped(Order.OrderShipped(orderId: order, tracking: "T2"))
            }
        }
    }

    static func handWrittenReplay(_ events: [Order.Event]) -> Order.State {
        var state = Order.State()
        for event in events {
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
        }
        return state
    }
}
