import EVDLRuntime
import Foundation

/// The Swift side of `command ShipOrder emits OrderShipped`: what a user writes next to the generated code.
/// Only a confirmed order ships.
nonisolated struct Warehouse: Order.SwiftDecisions {
    func decide(_ command: Order.ShipOrder, state: Order.State, context: CommandContext) throws -> [Order.OrderShipped] {
        guard state.status == .confirmed else { throw CommandRejection("only a confirmed order can be shipped") }
        return [Order.OrderShipped(orderId: command.orderId, tracking: command.tracking)]
    }
}
