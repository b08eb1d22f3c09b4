import EVDLRuntime
import Foundation
import Testing

/// `Tests/DomainCorpus/warehouse.evdl`: receiving into bins, reservations that expire, picking from the fullest
/// bin, cycle counts, and the reorder signal.
@Suite struct WarehouseTests {
    let item = StockItem()
    let sku = "BOLT-8"

    func decide(_ command: StockItem.Command, _ state: StockItem.State, at seconds: Double = 0) throws -> [StockItem.Event] {
        try item.decide(command, state: state, context: At.context(seconds))
    }

    /// BOLT-8 with 30 in A1 and 50 in B2, reorder point 20.
    func stocked() -> StockItem.State {
        StockItem.replay([
            .itemDefined(StockItem.ItemDefined(sku: sku, description: "M8 bolt", reorderPoint: 20, reorderQuantity: 500)),
            .goodsReceived(StockItem.GoodsReceived(sku: sku, bin: "A1", quantity: 30, purchaseOrder: "PO-1")),
            .goodsReceived(StockItem.GoodsReceived(sku: sku, bin: "B2", quantity: 20, purchaseOrder: "PO-2")),
            .goodsReceived(StockItem.GoodsReceived(sku: sku, bin: "B2", quantity: 30, purchaseOrder: "PO-3")),
        ])
    }

    @Test func receivingAddsToTheBinsAndReservationsLimitWhatIsAvailable() throws {
        var state = stocked()
        #expect(state.bins == ["A1": 30, "B2": 50])
        let first = try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(1), quantity: 55)), state, at: 0)
        // 80 − 55 = 25 left, above the reorder point: one event.
        #expect(first == [.stockReserved(StockItem.StockReserved(sku: sku, reservation: Reservation(orderId: At.id(1), quantity: 55, expiresAt: At.date(7_200))))])
        state = StockItem.replay(first, from: state)
        #expect(throws: CommandRejection("only 25 of BOLT-8 available, 30 requested")) {
            try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(2), quantity: 30)), state, at: 60)
        }
        // Below the reorder point after this one: the signal the reorder policy reacts to.
        let second = try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(2), quantity: 10)), state, at: 60)
        #expect(second.last == .stockBelowReorderPoint(StockItem.StockBelowReorderPoint(sku: sku, available: 15, reorderQuantity: 500)))
        // Two hours later the first reservation no longer counts: 70 of 80 can be reserved (and 10 left is below 20).
        let later = try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(3), quantity: 70)), state, at: 7_300)
        #expect(later.count == 2 && later.last == .stockBelowReorderPoint(StockItem.StockBelowReorderPoint(sku: sku, available: 10, reorderQuantity: 500)))
    }

    @Test func pickingTakesTheFullestBinThatHoldsTheOrder() throws {
        var state = stocked()
        state = StockItem.replay(try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(1), quantity: 40)), state), from: state)
        let picked = try decide(.pickOrder(StockItem.PickOrder(sku: sku, orderId: At.id(1))), state, at: 100)
        #expect(picked == [.orderPicked(StockItem.OrderPicked(sku: sku, orderId: At.id(1), bin: "B2", quantity: 40, remaining: 10))])
        state = StockItem.replay(picked, from: state)
        #expect(state.bins == ["A1": 30, "B2": 10] && state.reservations.isEmpty)
        // A bin emptied by a pick disappears.
        state = StockItem.replay(try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(2), quantity: 30)), state), from: state)
        state = StockItem.replay(try decide(.pickOrder(StockItem.PickOrder(sku: sku, orderId: At.id(2))), state), from: state)
        #expect(state.bins == ["B2": 10])
        #expect(throws: CommandRejection("order \(At.id(9)) holds no stock of BOLT-8")) { try decide(.pickOrder(StockItem.PickOrder(sku: sku, orderId: At.id(9))), state) }
    }

    @Test func expiredReservationsAreReleasedAndCountsCorrectTheBins() throws {
        var state = stocked()
        state = StockItem.replay(try decide(.reserveStock(StockItem.ReserveStock(sku: sku, orderId: At.id(1), quantity: 5)), state, at: 0), from: state)
        #expect(try decide(.releaseExpired(StockItem.ReleaseExpired(sku: sku)), state, at: 3_600).isEmpty)
        let released = try decide(.releaseExpired(StockItem.ReleaseExpired(sku: sku)), state, at: 7_200)
        #expect(released == [.reservationsExpired(StockItem.ReservationsExpired(sku: sku, orderIds: [At.id(1)]))])
        #expect(throws: CommandRejection("the reservation of order \(At.id(1)) expired")) { try decide(.pickOrder(StockItem.PickOrder(sku: sku, orderId: At.id(1))), state, at: 7_200) }
        let counted = try decide(.countBin(StockItem.CountBin(sku: sku, bin: "A1", counted: 27)), state, at: 9)
        #expect(counted == [.binCounted(StockItem.BinCounted(sku: sku, bin: "A1", counted: 27, difference: -3, at: At.date(9)))])
        #expect(StockItem.replay(counted, from: state).bins["A1"] == 27)
    }
}
