import EVDLRuntime
import Foundation
import Testing

/// The generated aggregate and projections over the durable `FileEventStore`: what a reopened process sees.
@Suite struct DurableStoreTests {
    @Test func stateAndProjectionsSurviveClosingAndReopeningTheLog() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("evdl-generated-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("events.log").path

        let first = try FileEventStore(path: path)
        let writer = Fixture.repository(first)
        _ = try await writer.execute(Fixture.place(1, total: 12, customer: 100), context: Fixture.at(1))
        _ = try await writer.execute(.confirmOrder(Order.ConfirmOrder(orderId: Fixture.id(1))), context: Fixture.at(2))
        _ = try await writer.execute(Fixture.place(2, total: 8, customer: 100), context: Fixture.at(3))
        await first.close()

        let reopened = try FileEventStore(path: path)
        let reader = Fixture.repository(reopened)
        let loaded = try await reader.load(Fixture.id(1))
        #expect(loaded.version == 2)
        #expect(loaded.state == Order.State(status: .confirmed, items: [Fixture.line], total: 12, customerId: Fixture.id(100), placedAt: Fixture.date(1)))
        // The reopened log knows order 2 exists: creating it again is rejected.
        await #expect(throws: CommandRejection(
            code: .aggregateAlreadyExists, aggregate: "Order", aggregateID: Fixture.id(2).description,
            message: "`Order.PlaceOrder` creates `Order` `\(Fixture.id(2))`, which already exists (version 1)"
        )) {
            try await reader.execute(Fixture.place(2))
        }
        let readModels = InMemoryReadModelStore()
        let runner = ProjectionRunner(store: reopened, readModels: readModels, checkpoints: InMemoryCheckpointStore(),
                                      projections: [OrderSummary.self, CustomerSpending.self])
        try await runner.catchUp()
        #expect(try await OrderSummary.byStatus(status: .confirmed, in: readModels).map(\.orderId) == [Fixture.id(1)])
        #expect(try await CustomerSpending.topSpenders(minimum: 20, in: readModels) == [CustomerSpending.Row(customerId: Fixture.id(100), orders: 2, spent: 20)])
        await reopened.close()
    }
}
