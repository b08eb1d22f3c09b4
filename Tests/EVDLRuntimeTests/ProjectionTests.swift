import EVDLRuntime
import Foundation
import Testing

@Suite struct ProjectionTests {
    let order = Order(swiftDecisions: Warehouse())

    /// Orders 1–3 placed by customers 100, 100 and 200; order 1 shipped, order 2 cancelled.
    func seed(_ repository: Repository<Order>) async throws {
        _ = try await repository.execute(place(1, customer: 100, total: 10))
        _ = try await repository.execute(place(2, customer: 100, total: 20))
        _ = try await repository.execute(place(3, customer: 200, total: 5))
        _ = try await repository.execute(.shipOrder(Order.ShipOrder(orderId: id(1), tracking: "T")))
        _ = try await repository.execute(.cancelOrder(Order.CancelOrder(orderId: id(2), reason: "r")))
    }

    @Test func severalProjectionsCatchUpAndAnswerQueries() async throws {
        let store = InMemoryEventStore()
        try await seed(Repository(aggregate: order, store: store))
        let readModels = InMemoryReadModelStore()
        let checkpoints = InMemoryCheckpointStore()
        let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: checkpoints, projections: [OrderSummary.self, CustomerSpending.self], batchSize: 2)
        #expect(try await runner.catchUp() == 5)

        #expect(try await OrderSummary.byStatus(.shipped, in: readModels) == [OrderSummary.Row(customerId: id(100), status: .shipped, total: 10)])
        #expect(try await OrderSummary.byStatus(.placed, in: readModels) == [OrderSummary.Row(customerId: id(200), status: .placed, total: 5)])
        #expect(await readModels.row(id(2), of: OrderSummary.self) == nil)  // deleted by OrderCancelled
        #expect(await readModels.entries(of: OrderSummary.self).map(\.key) == [id(1), id(3)])
        #expect(await readModels.row(id(100), of: CustomerSpending.self) == CustomerSpending.Row(orders: 2, spent: 30))
        #expect(try await CustomerSpending.bigSpenders(minimum: 10, in: readModels).map(\.spent) == [30])
        #expect(await checkpoints.checkpoint(for: "OrderSummary") == 5)
        #expect(await checkpoints.checkpoint(for: "CustomerSpending") == 5)
    }

    @Test func catchUpAppliesOnlyNewEvents() async throws {
        let store = InMemoryEventStore()
        let repository = Repository(aggregate: order, store: store)
        try await seed(repository)
        let readModels = InMemoryReadModelStore()
        let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(), projections: [CustomerSpending.self])
        try await runner.catchUp()
        try await runner.catchUp()
        #expect(await readModels.row(id(100), of: CustomerSpending.self) == CustomerSpending.Row(orders: 2, spent: 30))
        _ = try await repository.execute(place(4, customer: 100, total: 1))
        #expect(try await runner.catchUp() == 6)
        #expect(await readModels.row(id(100), of: CustomerSpending.self) == CustomerSpending.Row(orders: 3, spent: 31))
    }

    @Test func rebuildFromZeroGivesTheSameRows() async throws {
        let store = InMemoryEventStore()
        try await seed(Repository(aggregate: order, store: store))
        let readModels = InMemoryReadModelStore()
        let checkpoints = InMemoryCheckpointStore()
        let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: checkpoints, projections: [OrderSummary.self, CustomerSpending.self])
        try await runner.catchUp()
        let before = await readModels.entries(of: CustomerSpending.self).map { "\($0.key)=\($0.row)" }
        try await runner.rebuild(CustomerSpending.self)
        #expect(await readModels.entries(of: CustomerSpending.self).map { "\($0.key)=\($0.row)" } == before)
        #expect(await checkpoints.checkpoint(for: "CustomerSpending") == 5)
        #expect(await readModels.entries(of: OrderSummary.self).count == 2)
    }

    @Test func aProjectionAddedLaterStartsFromZero() async throws {
        let store = InMemoryEventStore()
        try await seed(Repository(aggregate: order, store: store))
        let readModels = InMemoryReadModelStore()
        let checkpoints = InMemoryCheckpointStore()
        try await ProjectionRunner(store: store, readModels: readModels, checkpoints: checkpoints, projections: [OrderSummary.self]).catchUp()
        try await ProjectionRunner(store: store, readModels: readModels, checkpoints: checkpoints, projections: [OrderSummary.self, CustomerSpending.self]).catchUp()
        #expect(await readModels.row(id(200), of: CustomerSpending.self) == CustomerSpending.Row(orders: 1, spent: 5))
        #expect(await readModels.entries(of: OrderSummary.self).count == 2)
    }

    @Test func checkpointsOnFileSurviveARestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let url = directory.url.appendingPathComponent("checkpoints.json")
        let store = InMemoryEventStore()
        try await seed(Repository(aggregate: order, store: store))
        try await ProjectionRunner(store: store, readModels: InMemoryReadModelStore(), checkpoints: try FileCheckpointStore(url: url), projections: [OrderSummary.self]).catchUp()
        #expect(String(decoding: try Data(contentsOf: url), as: UTF8.self) == "{\"OrderSummary\":5}")
        #expect(try await FileCheckpointStore(url: url).checkpoint(for: "OrderSummary") == 5)
        try Data("not json".utf8).write(to: url)
        #expect(throws: DecodingError.self) { try FileCheckpointStore(url: url) }
    }

    @Test func undecodableHandledEventStopsTheRunnerWithItsPosition() async throws {
        let store = InMemoryEventStore()
        try await seed(Repository(aggregate: order, store: store))
        try await store.append([NewEvent(typeName: Order.OrderPlaced.typeName, payload: Data("{}".utf8))], to: "Order-x", expectedVersion: .noStream)
        let checkpoints = InMemoryCheckpointStore()
        let runner = ProjectionRunner(store: store, readModels: InMemoryReadModelStore(), checkpoints: checkpoints, projections: [CustomerSpending.self], batchSize: 100)
        do {
            try await runner.catchUp()
            Issue.record("expected a projection error")
        } catch let error as ProjectionError {
            #expect(error.projection == "CustomerSpending")
            #expect(error.globalPosition == 6)
            #expect(error.message.contains("cannot decode `Order.OrderPlaced` at position 6 of stream `Order-x`"))
        }
        #expect(await checkpoints.checkpoint(for: "CustomerSpending") == 0)
    }

    @Test func runFollowsNewEventsUntilCancelled() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try FileEventStore(path: directory.path("events.log"), preallocation: 64 << 10)
        let repository = Repository(aggregate: order, store: store)
        _ = try await repository.execute(place(1, customer: 100, total: 10))
        let readModels = InMemoryReadModelStore()
        let runner = ProjectionRunner(store: store, readModels: readModels, checkpoints: InMemoryCheckpointStore(), projections: [CustomerSpending.self])
        let running = Task { try await runner.run() }
        _ = try await repository.execute(place(2, customer: 100, total: 15))
        var row: CustomerSpending.Row?
        for _ in 0..<500 {
            row = await readModels.row(id(100), of: CustomerSpending.self)
            if row?.orders == 2 { break }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        #expect(row == CustomerSpending.Row(orders: 2, spent: 25))
        running.cancel()
        await store.close()
        _ = try? await running.value
    }
}
