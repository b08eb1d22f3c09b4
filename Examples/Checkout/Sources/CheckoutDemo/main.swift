// The Checkout demo: `swift run` in Examples/Checkout. An order goes through the orchestrated saga `Checkout`
// (reserve stock, charge, check credit, ship, confirm); a declined card makes the saga undo what it did; the same
// flow runs again by choreography (policies only); and the outbox relay publishes what the specs `publish`.
import Checkout
import EVDLRuntime
import Foundation

let ada = UUID(uuidString: "00000000-0000-0000-0000-00000000ada0")!
let bob = UUID(uuidString: "00000000-0000-0000-0000-000000000b0b")!
let lines = [LineItem(sku: "KB-1", quantity: 1, unitPrice: 80), LineItem(sku: "CABLE", quantity: 2, unitPrice: 5)]

func orderID(_ n: Int) -> UUID { UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", n))! }

/// Prints what the outside world did since the last call, indented.
func tellWorld(_ shop: Shop) async {
    for sentence in await shop.world.log { print("     - \(sentence)") }
    await shop.world.clearLog()
}

print("Part 1: the orchestrated saga\(Shop.storage == "memory" ? "" : " (everything kept in \(Shop.storage))")")
let shop = try await Shop.make(flow: .orchestrated)
print("1. Ada orders a keyboard and two cables (total 90).")
try await shop.placeOrder(orderID(1), customer: ada, items: lines)
print("   The order is placed; `start on Order.OrderPlaced` starts the saga `Checkout`, which runs its steps:")
try await shop.settle()
await tellWorld(shop)
let first = try await shop.checkoutStatus(of: orderID(1))!
print("   The saga completed the steps \(first.completedSteps.joined(separator: ", ")); the order is now \(try await shop.order(orderID(1)).status).")
let shipped = try await shop.ship(orderID(1), tracking: "1Z-0001")
print("   The warehouse ships it (`ShipOrder`, decided in Swift): \(shipped.events.count) event, the order is \(try await shop.order(orderID(1)).status).")

print("2. Bob orders the same, but his card is declined.")
await shop.world.declineCards(of: bob)
try await shop.placeOrder(orderID(2), customer: bob, items: lines)
try await shop.settle()
await tellWorld(shop)
let second = try await shop.checkoutStatus(of: orderID(2))!
print("   The saga stops going forward: \(second.failureReason ?? "?").")
print("   The saga compensated the completed steps in reverse order: \(second.compensatedSteps.joined(separator: ", ")) (the stock is released),")
print("   then ran `on failure`: the order is \(try await shop.order(orderID(2)).status).")
print("   Bob's stock reservation went \(try await shop.history(of: Inventory.self, orderID(2)).map { $0.replacingOccurrences(of: "Inventory.", with: "") }.joined(separator: " → ")).")

print("3. Ada orders a mouse while the carrier is down.")
await shop.world.takeCarrierDown(times: 1_000)
try await shop.placeOrder(orderID(3), customer: ada, items: [LineItem(sku: "MOUSE", quantity: 1, unitPrice: 25)])
try await shop.settle()
await tellWorld(shop)
let third = try await shop.checkoutStatus(of: orderID(3))!
print("   The shipment step failed (\(third.failureReason ?? "?")), so the saga refunded the charge it had made, using the")
print("   transaction id the charge step bound (`as charge`), and released the stock: compensated \(third.compensatedSteps.joined(separator: ", ")).")
await shop.world.takeCarrierDown(times: 0)

print("4. The read models, built from the same events:")
for row in try await OrderSummary.largerThan(amount: 0, in: shop.readModels) {
    print("   OrderSummary: an order of \(row.total) is \(row.status).")
}
for row in try await CustomerSpending.topSpenders(minimum: 0, in: shop.readModels) {
    print("   CustomerSpending: customer …\(row.customerId.uuidString.suffix(4)) placed \(row.orders) order\(row.orders == 1 ? "" : "s") worth \(row.spent).")
}
print("   (Cancelled orders leave OrderSummary: `on Order.OrderCancelled { delete }`.)")

print("5. The outbox: `publish Order.OrderPlaced to \"orders.placed\"` and `publish Order.OrderShipped to \"orders.shipped\"`.")
let published = try await shop.outbox.deliverPending()
for message in await shop.broker.messages {
    print("   Published to \(message.topic): \(message.typeName) (message id = event id …\(message.messageID.uuidString.suffix(4))).")
}
print("   \(published) messages; running the relay again publishes \(try await shop.outbox.deliverPending()) more (delivery is marked in the store once the broker confirms).")

print("6. Half an hour later, `ExpireUnconfirmedOrders` (after 30m) fires for every placed order:")
let fired = try await shop.advanceClock(by: .seconds(30 * 60))
for firing in fired {
    print("   A deadline fired: " + (firing.failure.map { "its `ExpireOrder` was refused (\($0))." } ?? "its `ExpireOrder` found the order no longer waiting (confirmed, shipped or cancelled), so nothing happened."))
}
print("   Ada's shipped order is still \(try await shop.order(orderID(1)).status); Bob's stays \(try await shop.order(orderID(2)).status).")

print()
print("Part 2: the same flow by choreography (no saga, only the policies of choreography.evdl)")
let town = try await Shop.make(flow: .choreographed)
print("7. Ada orders; Bob orders with his declined card.")
await town.world.declineCards(of: bob)
try await town.placeOrder(orderID(11), customer: ada, items: lines)
try await town.placeOrder(orderID(12), customer: bob, items: lines)
try await town.settle()
await tellWorld(town)
print("   Ada's order: \(try await town.history(of: Order.self, orderID(11)).map { $0.replacingOccurrences(of: "Order.", with: "") }.joined(separator: " → ")), her payment \(try await town.history(of: Billing.self, orderID(11)).map { $0.replacingOccurrences(of: "Billing.", with: "") }.joined(separator: ", ")).")
print("   Bob's order: \(try await town.history(of: Order.self, orderID(12)).map { $0.replacingOccurrences(of: "Order.", with: "") }.joined(separator: " → ")), his payment \(try await town.history(of: Billing.self, orderID(12)).map { $0.replacingOccurrences(of: "Billing.", with: "") }.joined(separator: ", ")),")
print("   his stock \(try await town.history(of: Inventory.self, orderID(12)).map { $0.replacingOccurrences(of: "Inventory.", with: "") }.joined(separator: " → ")) (ReleaseStockWhenCancelled).")
for failure in try await town.policies.failures() {
    print("   The policy runner kept the refused send on record: \(failure.policy) → \(failure.commandType): \(failure.reason).")
}
print("   No saga ran: \(try await town.checkoutStatus(of: orderID(11)) == nil ? "there is no saga history" : "a saga history exists (unexpected)").")
