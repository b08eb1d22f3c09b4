import EVDLRuntime
import Foundation

/// The Swift side of `command ShipOrder emits OrderShipped` in `order.evdl`: the spec leaves the decision to Swift
/// (shipping talks to the warehouse), and the generated `Order` asks for it through `Order.SwiftDecisions`.
/// Like a `decide` block it must be pure: the tracking number comes with the command.
package struct Warehouse: Order.SwiftDecisions {
    /// Creates the decisions.
    package init() {}

    /// Only a confirmed order ships; shipping it again is harmless (nothing new happens).
    package func decide(_ command: Order.ShipOrder, state: Order.State, context: CommandContext) throws -> [Order.OrderShipped] {
        if state.status == .shipped { return [] }
        guard state.status == .confirmed else {
            throw CommandRejection("only a confirmed order can be shipped (order \(command.orderId) is \(state.status))")
        }
        return [Order.OrderShipped(orderId: command.orderId, tracking: command.tracking)]
    }
}
