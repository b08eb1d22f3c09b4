/// A module of two files for the feature tests: orders (declarations and decide/apply) and views (a projection
/// in another file). Each test marks the places it asks about with `«…»` in its own copy.
enum Fixture {
    static let orders = """
    /// Where an order stands.
    enum OrderStatus { draft, placed, cancelled }

    /// One line of an order.
    type LineItem { sku: String, quantity: Int }

    /// A customer's order.
    aggregate Order {
      id orderId: UUID
      state { status: OrderStatus = draft, items: [LineItem] = [] }

      /// Places an order.
      command PlaceOrder creates { items: [LineItem] }
      command CancelOrder { reason: String }
      event OrderPlaced { items: [LineItem] }
      event OrderCancelled { reason: String }

      decide PlaceOrder {
        require status == draft else "placed twice"
        let count = items.count
        require count > 0 else "empty"
        emit OrderPlaced { items }
      }
      decide CancelOrder { emit OrderCancelled { reason } }
      apply OrderPlaced { status = placed; items = event.items }
      apply OrderCancelled { status = cancelled }
    }
    """

    static let views = """
    projection OrderView {
      key orderId: UUID
      row { status: OrderStatus = placed, lines: Int = 0 }
      on Order.OrderPlaced { lines = event.items.count }
      on Order.OrderCancelled { status = cancelled }
    }
    """

    /// A client with the module's files on disk under `/ws`, initialized, with `orders.evdl` opened as `marked`
    /// (the fixture's text with marks added).
    static func client(orders marked: String, views: String = Fixture.views, formatter: (@Sendable ([UInt8]) -> [UInt8]?)? = nil) -> ScriptedClient {
        let client = ScriptedClient(files: ["/ws/orders.evdl": MarkedSourceText.strip(marked), "/ws/views.evdl": MarkedSourceText.strip(views)],
                                    formatter: formatter)
        client.initialize()
        client.open("/ws/orders.evdl", marked)
        return client
    }
}

import EVDLTestSupport

/// The text of a marked source without its marks.
enum MarkedSourceText {
    static func strip(_ marked: String) -> String { MarkedSource(marked).text }
}
