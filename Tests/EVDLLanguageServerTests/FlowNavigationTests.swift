import EVDLLanguageServer
import Testing

/// Names of sagas, services and queries: steps' `as` bindings, service results, query parameters; and the
/// completions that depend on a value's type.
@Suite struct FlowNavigationTests {
    static let flows = """
    service Payment {
      command Charge { paymentId: UUID, amount: Int } -> { «transactionId»: String }
      command Refund { paymentId: UUID, transactionId: String }
    }

    saga Checkout {
      input { «orderId»: UUID, amount: Int }
      start on Order.OrderPlaced { orderId: event.orderId, amount: event.items.count }
      step charge {
        invoke Payment.Charge { paymentId: «orderId», amount } as «charge»
        compensate Payment.Refund { paymentId: orderId, transactionId: «charge».«transactionId» }
      }
    }
    """

    static let views = """
    projection OrderView {
      key orderId: UUID
      row { status: OrderStatus = placed, lines: Int = 0 }
      on Order.OrderPlaced { lines = event.items.count }
      on Order.OrderCancelled { status = cancelled }
      query byStatus(«status»: OrderStatus) -> [OrderView] where row.status == «status»
    }
    """

    func client() -> ScriptedClient {
        let client = Fixture.client(orders: Fixture.orders, views: Self.views)
        client.open("/ws/flows.evdl", Self.flows)
        client.open("/ws/views.evdl", Self.views)
        #expect(client.codes("/ws/flows.evdl").filter { $0 < "EVDL0700" } == [], "\(client.messages("/ws/flows.evdl"))")
        return client
    }

    func definition(_ client: ScriptedClient, _ path: String, mark: Int) -> TextRange? {
        client.result("textDocument/definition", client.at(path, mark: mark)).location?.range
    }

    @Test func stepBindingsSagaInputsAndServiceResults() {
        let client = client()
        #expect(definition(client, "/ws/flows.evdl", mark: 4) == client.range("/ws/flows.evdl", mark: 3), "`charge` → its `as`")
        #expect(definition(client, "/ws/flows.evdl", mark: 2) == client.range("/ws/flows.evdl", mark: 1), "`orderId` → the saga's input")
        #expect(definition(client, "/ws/flows.evdl", mark: 5) == client.range("/ws/flows.evdl", mark: 0), "`.transactionId` → the result field")
        let hover = client.result("textDocument/hover", client.at("/ws/flows.evdl", mark: 4))
        #expect(hover["contents"]?["value"] == "```evdl\ncharge: Payment.Charge.Result\n```")
    }

    @Test func queryParameters() {
        let client = client()
        #expect(definition(client, "/ws/views.evdl", mark: 1) == client.range("/ws/views.evdl", mark: 0))
        let references = client.result("textDocument/references", client.at("/ws/views.evdl", mark: 0)).array ?? []
        #expect(references.count == 2)
    }

    @Test func hoverOnAnAggregateShowsItsIdAndState() {
        let client = Fixture.client(orders: Fixture.orders.replacingOccurrences("aggregate Order", "aggregate «Order»"))
        let text = client.result("textDocument/hover", client.at("/ws/orders.evdl"))["contents"]?["value"]?.string
        #expect(text == "```evdl\naggregate Order {\n  id orderId: UUID\n  status: OrderStatus\n  items: [LineItem]\n}\n```\n\nA customer's order.")
    }

    @Test func completionAfterStateCommandAnOwnerAndATypedValue() {
        let client = Fixture.client(orders: Fixture.orders)
        client.replace("/ws/orders.evdl", Fixture.orders.replacingOccurrences("emit OrderPlaced { items }", """
        let line = LineItem(sku: "a", quantity: 1)
            require line.«» != nil && state.«» != nil && command.«» != nil else "x"
            emit Order.«» { items }
        """))
        func labels(_ mark: Int) -> [String] {
            (client.result("textDocument/completion", client.at("/ws/orders.evdl", mark: mark))["items"]?.array ?? []).compactMap { $0["label"]?.string }
        }
        #expect(labels(0) == ["sku", "quantity"])
        #expect(labels(1) == ["status", "items"])
        #expect(labels(2) == ["items", "orderId"])
        #expect(labels(3) == ["PlaceOrder", "CancelOrder", "OrderPlaced", "OrderCancelled"])
    }
}

/// Scenarios name what they test: the subject, a projection's query and its parameters, the expected rows' fields.
@Suite struct ScenarioNavigationTests {
    @Test func projectionScenarioNames() {
        let views = """
        projection «OrderView» {
          key orderId: UUID
          row { status: OrderStatus = placed, «lines»: Int = 0 }
          on Order.OrderPlaced { lines = event.items.count }
          query «byStatus»(«status»: OrderStatus) -> [OrderView] where row.status == status
        }

        scenario "rows by status" for «OrderView» {
          given Order.OrderPlaced { orderId: id(1), items: [] }
          when «byStatus»(«status»: placed)
          then OrderView { orderId: id(1), «lines»: 0 }
        }
        """
        let client = Fixture.client(orders: Fixture.orders, views: views)
        client.open("/ws/views.evdl", views)
        #expect(client.codes("/ws/views.evdl").filter { $0 < "EVDL0700" } == [], "\(client.messages("/ws/views.evdl"))")
        func target(_ mark: Int) -> TextRange? { client.result("textDocument/definition", client.at("/ws/views.evdl", mark: mark)).location?.range }
        #expect(target(4) == client.range("/ws/views.evdl", mark: 0), "the subject → the projection")
        #expect(target(5) == client.range("/ws/views.evdl", mark: 2), "the query call → the query")
        #expect(target(6) == client.range("/ws/views.evdl", mark: 3), "the argument label → the parameter")
        #expect(target(7) == client.range("/ws/views.evdl", mark: 1), "the expected row's field → the row field")
    }
}
