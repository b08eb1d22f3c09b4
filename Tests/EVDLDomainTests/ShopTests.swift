import EVDLRuntime
import Foundation
import Testing

/// The payment provider of the shop: approves every charge under 1000, once per idempotency key.
actor ShopPayments: PaymentProviderService {
    private(set) var charged: [UUID] = []
    private(set) var refunded: [(UUID, Decimal)] = []
    private var results: [String: PaymentProvider.ChargeResult] = [:]

    func charge(_ command: PaymentProvider.Charge, envelope: CommandEnvelope) async throws -> PaymentProvider.ChargeResult {
        if let first = results[envelope.idempotencyKey.rawValue] { return first }
        guard command.amount < 1000 else { throw CommandRejection("declined: \(command.amount) is over the card limit") }
        charged.append(command.orderId)
        let result = PaymentProvider.ChargeResult(transactionId: "tx-\(charged.count)")
        results[envelope.idempotencyKey.rawValue] = result
        return result
    }

    func refund(_ command: PaymentProvider.Refund, envelope: CommandEnvelope) async throws {
        refunded.append((command.orderId, command.amount))
    }
}

/// The shop of `Tests/DomainCorpus/shop.evdl` on the in-memory store: carts, orders, the choreography of checkout and
/// payment, and its read models.
struct ShopWorld {
    let store = InMemoryEventStore()
    let carts: Repository<Cart>
    let orders: Repository<ShopOrder>
    let payments = ShopPayments()
    let router: CommandRouter
    let readModels = InMemoryReadModelStore()
    let clock = ManualClock(start: At.date(0))

    init() throws {
        carts = Repository(aggregate: Cart(), store: store)
        orders = Repository(aggregate: ShopOrder(), store: store)
        router = try CommandRouter(Cart.routes(carts) + ShopOrder.routes(orders) + PaymentProvider.routes(payments))
    }

    func policies() -> PolicyRunner {
        PolicyRunner(store: store, router: router, checkpoints: InMemoryCheckpointStore(),
                     policies: [PlaceOrderOnCheckout.self, ChargePlacedOrders.self, RefundCancelledOrders.self],
                     clock: clock, backoff: .immediate)
    }

    func projections() -> ProjectionRunner {
        ProjectionRunner(store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
                         projections: [CustomerOrders.self, BestSellers.self])
    }

    func cart(_ n: Int, customer: Int, _ items: [(String, Int, String)], at seconds: Double = 0) async throws {
        _ = try await carts.execute(.startCart(Cart.StartCart(cartId: At.id(n), customerId: At.id(customer))), context: At.context(seconds))
        for (sku, quantity, price) in items {
            _ = try await carts.execute(.addItem(Cart.AddItem(cartId: At.id(n), sku: sku, quantity: quantity, unitPrice: At.money(price))), context: At.context(seconds))
        }
    }

    func orderHistory(_ n: Int) async -> [String] {
        await store.readStream(ShopOrder.streamID(for: At.id(n)), fromVersion: 1).map(\.typeName)
    }
}

@Suite struct ShopTests {
    @Test func aCartAddsQuantitiesAndACouponNeedsItsMinimum() async throws {
        let world = try ShopWorld()
        try await world.cart(1, customer: 7, [("MUG", 1, "8.00"), ("MUG", 2, "8.00"), ("TEA", 3, "4.50")])
        let state = try await world.carts.load(At.id(1)).state
        #expect(state.lines == [CartLine(sku: "MUG", quantity: 3, unitPrice: 8), CartLine(sku: "TEA", quantity: 3, unitPrice: At.money("4.5"))])
        await #expect(throws: CommandRejection("coupon BIG needs a total of 100")) {
            _ = try await world.carts.execute(.applyCoupon(Cart.ApplyCoupon(cartId: At.id(1), coupon: Coupon(code: "BIG", percentOff: 10, minimumTotal: 100))))
        }
        _ = try await world.carts.execute(.applyCoupon(Cart.ApplyCoupon(cartId: At.id(1), coupon: Coupon(code: "TEN", percentOff: 10, minimumTotal: 20))))
        _ = try await world.carts.execute(.changeQuantity(Cart.ChangeQuantity(cartId: At.id(1), sku: "TEA", quantity: 0)))
        #expect(try await world.carts.load(At.id(1)).state.lines.map(\.sku) == ["MUG"])
        // Adding to a cart nobody started is refused before `decide` runs.
        await #expect(throws: CommandRejection.self) {
            _ = try await world.carts.execute(.addItem(Cart.AddItem(cartId: At.id(99), sku: "MUG", quantity: 1, unitPrice: 8)))
        }
    }

    @Test func checkoutPlacesChargesAndPaysTheOrderByPoliciesAlone() async throws {
        let world = try ShopWorld()
        try await world.cart(1, customer: 7, [("MUG", 3, "8.00"), ("TEA", 2, "4.50")])
        _ = try await world.carts.execute(.applyCoupon(Cart.ApplyCoupon(cartId: At.id(1), coupon: Coupon(code: "TEN", percentOff: 10, minimumTotal: 20))))
        _ = try await world.carts.execute(.checkOut(Cart.CheckOut(cartId: At.id(1), orderId: At.id(100))), context: At.context(60))
        try await world.policies().catchUp()
        #expect(await world.orderHistory(100) == ["ShopOrder.OrderPlaced", "ShopOrder.OrderPaid"])
        let order = try await world.orders.load(At.id(100)).state
        // 3 × 8 + 2 × 4.5 = 33, 10 % off = 29.70; charged, and the transaction id fed `MarkPaid`.
        #expect(order.total == At.money("29.70") && order.status == .paid && order.transactionId == "tx-1")
        #expect(await world.payments.charged == [At.id(100)])
        // Cancelling a paid order within 30 minutes refunds it through the fourth policy.
        _ = try await world.orders.execute(.cancelOrder(ShopOrder.CancelOrder(orderId: At.id(100), reason: "changed my mind")), context: At.context(600))
        try await world.policies().catchUp()
        let refunds = await world.payments.refunded
        #expect(refunds.count == 1 && refunds[0].0 == At.id(100) && refunds[0].1 == At.money("29.70"))
    }

    @Test func aDeclinedChargeLeavesTheOrderPlacedAndIsReported() async throws {
        let world = try ShopWorld()
        try await world.cart(1, customer: 7, [("SOFA", 1, "1500")])
        _ = try await world.carts.execute(.checkOut(Cart.CheckOut(cartId: At.id(1), orderId: At.id(100))))
        let runner = world.policies()
        try await runner.catchUp()
        #expect(await world.orderHistory(100) == ["ShopOrder.OrderPlaced"])
        // The decline is a policy failure: `MarkPaid`, which reads the charge's result, was never sent.
        let failures = try await runner.failures()
        #expect(failures.map(\.policy) == ["ChargePlacedOrders"])
        #expect(failures.first?.reason == "rejected: declined: 1500 is over the card limit")
        #expect(failures.first?.skippedCommandTypes == ["the sends that read the result of `PaymentProvider.Charge`"])
    }

    @Test func theCancellationWindowIsThirtyMinutes() async throws {
        let world = try ShopWorld()
        _ = try await world.orders.execute(.placeOrder(ShopOrder.PlaceOrder(orderId: At.id(5), customerId: At.id(7), lines: [CartLine(sku: "MUG", quantity: 1, unitPrice: 8)], total: 8)), context: At.context(0))
        await #expect(throws: CommandRejection("the cancellation window closed 60.0 seconds ago")) {
            _ = try await world.orders.execute(.cancelOrder(ShopOrder.CancelOrder(orderId: At.id(5), reason: "late")), context: At.context(1_860))
        }
        // The unpaid-order deadline cancels only what is still unpaid.
        let expired = try await world.orders.execute(.expireUnpaid(ShopOrder.ExpireUnpaid(orderId: At.id(5))), context: At.context(3_600))
        #expect(expired.recorded.map(\.typeName) == ["ShopOrder.OrderCancelled"])
    }

    @Test func bestSellersGetOneRowPerLineAndCustomersAreLookedUpByKey() async throws {
        let world = try ShopWorld()
        let lines = [CartLine(sku: "MUG", quantity: 2, unitPrice: 8), CartLine(sku: "TEA", quantity: 1, unitPrice: At.money("4.5")), CartLine(sku: "PEN", quantity: 0, unitPrice: 1)]
        _ = try await world.orders.execute(.placeOrder(ShopOrder.PlaceOrder(orderId: At.id(1), customerId: At.id(7), lines: lines, total: 20)))
        _ = try await world.orders.execute(.placeOrder(ShopOrder.PlaceOrder(orderId: At.id(2), customerId: At.id(7), lines: [lines[0]], total: 16)))
        try await world.projections().catchUp()
        #expect(await world.readModels.row("MUG", of: BestSellers.self) == BestSellers.Row(sku: "MUG", unitsSold: 4, revenue: 32, orders: 2))
        #expect(await world.readModels.row("TEA", of: BestSellers.self) == BestSellers.Row(sku: "TEA", unitsSold: 1, revenue: At.money("4.5"), orders: 1))
        // `where line.quantity > 0`: the empty line made no row.
        #expect(await world.readModels.row("PEN", of: BestSellers.self) == nil)
        #expect(try await BestSellers.top(minimumUnits: 2, in: world.readModels).map(\.sku) == ["MUG"])
        #expect(try await CustomerOrders.customer(customerId: At.id(7), in: world.readModels) == CustomerOrders.Row(customerId: At.id(7), orders: 2, spent: 36, largest: 20, cancelled: 0))
        #expect(try await CustomerOrders.customer(customerId: At.id(8), in: world.readModels) == nil)
    }
}
