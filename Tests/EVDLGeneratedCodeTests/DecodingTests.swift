import EVDLRuntime
import Foundation
import Testing

/// Stable type names, schema versions, payload round trips, and what an unknown stored event type does.
@Suite struct DecodingTests {
    @Test func everyEventKnowsItsStableTypeNameAndSchemaVersion() {
        #expect(Order.OrderPlaced.typeName == "Order.OrderPlaced")
        #expect(Order.OrderPlaced.schemaVersion == 1)
        #expect(Order.Event.typeNames == ["Order.OrderPlaced", "Order.OrderConfirmed", "Order.OrderCancelled", "Order.OrderShipped"])
        #expect(Inventory.Event.typeNames == ["Inventory.StockReserved", "Inventory.StockReleased"])
        let cancel = Order.Command.cancelOrder(Order.CancelOrder(orderId: Fixture.id(4), reason: "r"))
        #expect(cancel.typeName == "Order.CancelOrder")
        #expect(cancel.aggregateID == Fixture.id(4))
        #expect(Order.name == "Order")
        #expect(Order.streamID(for: Fixture.id(4)) == StreamID("Order-\(Fixture.id(4))"))
    }

    @Test func theDirectJSONReaderAndFoundationAgree() throws {
        let events: [Order.Event] = [
            .orderPlaced(Order.OrderPlaced(orderId: Fixture.id(1), customerId: Fixture.id(2), items: [Fixture.line, LineItem(sku: "é\"\n", quantity: -3, unitPrice: Decimal(string: "0.10")!)], total: Decimal(string: "10.20")!, placedAt: Fixture.date(-1.25))),
            .orderCancelled(Order.OrderCancelled(orderId: Fixture.id(1), reason: "")),
        ]
        for event in events {
            let payload = try event.encodePayload(codec: .standard)
            let fast = try Order.Event.decode(typeName: event.typeName, schemaVersion: 1, payload: payload, codec: PayloadCodec(decoding: .fast))
            let foundation = try Order.Event.decode(typeName: event.typeName, schemaVersion: 1, payload: payload, codec: PayloadCodec(decoding: .foundation))
            #expect(fast == event)
            #expect(foundation == event)
        }
        let state = Order.State(status: .shipped, items: [Fixture.line], total: 3, customerId: Fixture.id(5), placedAt: nil)
        let data = try PayloadCodec.standard.encode(state)
        #expect(try PayloadCodec(decoding: .fast).decode(Order.State.self, from: data) == state)
        #expect(try PayloadCodec(decoding: .foundation).decode(Order.State.self, from: data) == state)
    }

    @Test func payloadsRoundTripThroughTheStoredForm() throws {
        let event = Order.Event.orderPlaced(Order.OrderPlaced(orderId: Fixture.id(1), customerId: Fixture.id(2), items: [Fixture.line], total: Decimal(string: "12.34")!, placedAt: Fixture.date(1.5)))
        let payload = try event.encodePayload(codec: .standard)
        #expect(try Order.Event.decode(typeName: event.typeName, schemaVersion: 1, payload: payload, codec: .standard) == event)
        // Enums are stored by their spec names.
        let state = Order.State(status: .confirmed, items: [], total: 0, customerId: nil, placedAt: nil)
        let json = String(decoding: try PayloadCodec.standard.encode(state), as: UTF8.self)
        #expect(json.contains("\"status\":\"confirmed\""))
    }

    @Test func anUnknownEventTypeInTheStoreGivesAClearError() async throws {
        let store = InMemoryEventStore()
        let repository = Fixture.repository(store)
        _ = try await repository.execute(Fixture.place(1))
        let stream = Order.streamID(for: Fixture.id(1))
        try await store.append([NewEvent(typeName: "Order.OrderRefunded", payload: Data("{}".utf8))], to: stream, expectedVersion: .exact(1))
        do {
            _ = try await repository.load(Fixture.id(1))
            Issue.record("an unknown event type was skipped silently")
        } catch let error as EventDecodingError {
            #expect(error.code == .unknownEventType)
            #expect(error.typeName == "Order.OrderRefunded")
            #expect(error.streamID == stream)
            #expect(error.streamVersion == 2)
            #expect(error.description.contains("unknown event type `Order.OrderRefunded` for aggregate `Order`"))
            #expect(error.description.contains("`Order.OrderPlaced`"))
        }
    }

    @Test func aNewerSchemaVersionIsRefusedNotMisread() throws {
        let payload = try Order.Event.orderConfirmed(Order.OrderConfirmed(orderId: Fixture.id(1))).encodePayload(codec: .standard)
        #expect(throws: EventDecodingError.self) {
            try Order.Event.decode(typeName: "Order.OrderConfirmed", schemaVersion: 2, payload: payload, codec: .standard)
        }
    }
}
