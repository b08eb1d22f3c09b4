import EVDLRuntime
import Foundation

/// Deterministic ids and dates for the tests.
enum Fixture {
    /// A UUID whose last digits are `n`.
    static func id(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))!
    }

    /// A date `seconds` after the reference date.
    static func date(_ seconds: Double) -> Date {
        Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// A context at `seconds`, with a fresh command id.
    static func at(_ seconds: Double) -> CommandContext {
        CommandContext(now: date(seconds))
    }

    static let line = LineItem(sku: "A-1", quantity: 2, unitPrice: 5)

    /// `PlaceOrder` of order `n` by customer 100 + `n` for `total`.
    static func place(_ n: Int, total: Decimal = 10, customer: Int? = nil) -> Order.Command {
        .placeOrder(Order.PlaceOrder(orderId: id(n), customerId: id(customer ?? 100 + n), items: [line], total: total))
    }

    /// A repository over `store` with the Swift decisions of the example.
    static func repository(_ store: any EventStore, snapshots: (any SnapshotStore)? = nil) -> Repository<Order> {
        Repository(aggregate: Order(swiftDecisions: Warehouse()), store: store, snapshots: snapshots)
    }
}
