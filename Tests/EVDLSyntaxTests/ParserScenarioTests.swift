import EVDLSyntax
import Testing

@Suite("Parser: scenarios for projections, sagas and policies")
struct ParserScenarioTests {
    @Test("projection scenario: `for`, given events, a query with labelled arguments, row literals")
    func projection() {
        let text = """
        scenario "big orders" for OrderSummary {
          given Order.OrderPlaced { orderId: id(1), total: 10 }
          when largerThan(amount: 5)
          then OrderSummary { orderId: id(1), total: 10 }
        }
        scenario "every row" for OrderSummary {
          given Order.OrderPlaced { orderId: id(1), total: 10 }
          then OrderSummary { orderId: id(1) }, OrderSummary { orderId: id(2) }
        }
        scenario "no rows" for OrderSummary { then nothing }
        """
        #expect(printed(text) == """
        scenario "big orders" for OrderSummary
          given Order.OrderPlaced {orderId: (call id 1), total: 10}
          when largerThan(amount: 5)
          then OrderSummary {orderId: (call id 1), total: 10}
        scenario "every row" for OrderSummary
          given Order.OrderPlaced {orderId: (call id 1), total: 10}
          then OrderSummary {orderId: (call id 1)} OrderSummary {orderId: (call id 2)}
        scenario "no rows" for OrderSummary
          then nothing
        """)
    }

    @Test("saga scenario: replies, fails, times out, the sent commands and an outcome word")
    func saga() {
        let text = """
        scenario "declined" for Checkout {
          given Payment.Charge fails "card declined"
                Shipping.Create replies { tracking: "1Z" }, Payment.Check replies
                Payment.Refund times out
          when Order.OrderPlaced { orderId: id(1) }
          then Inventory.Reserve { reservationId: id(1) }
               Inventory.Release { reservationId: id(1) }
               compensated
        }
        scenario "input" for Checkout { when Checkout { orderId: id(1) }; then failed }
        """
        #expect(printed(text) == """
        scenario "declined" for Checkout
          given Payment.Charge fails "card declined" Shipping.Create replies {tracking: "1Z"} Payment.Check replies Payment.Refund times out
          when Order.OrderPlaced {orderId: (call id 1)}
          then Inventory.Reserve {reservationId: (call id 1)} Inventory.Release {reservationId: (call id 1)} compensated
        scenario "input" for Checkout
          when Checkout {orderId: (call id 1)}
          then failed
        """)
    }

    @Test("policy scenario: a command scheduled `after` a duration, and one sent at once")
    func policy() {
        let text = """
        scenario "expires" for ExpireUnconfirmedOrders {
          when Order.OrderPlaced { orderId: id(1) }
          then after 30m Order.ExpireOrder { orderId: id(1) }
               Order.Flag { orderId: id(1) }
        }
        """
        #expect(printed(text) == """
        scenario "expires" for ExpireUnconfirmedOrders
          when Order.OrderPlaced {orderId: (call id 1)}
          then after 30m Order.ExpireOrder {orderId: (call id 1)} Order.Flag {orderId: (call id 1)}
        """)
    }

    @Test("the scenario words stay names: fields, messages and types called `for`, `replies`, `failed`, `out`")
    func contextualWords() {
        let text = """
        type failed { replies: Int, out: Bool, times: Int }
        scenario "a message named like an outcome" for Log {
          given Log.failed { fails: 1 }
          when Log.completed { for: 2 }
          then Log.failed { compensated: 3 } completed
        }
        """
        #expect(printed(text).hasSuffix("""
        scenario "a message named like an outcome" for Log
          given Log.failed {fails: 1}
          when Log.completed {for: 2}
          then Log.failed {compensated: 3} completed
        """))
    }

    @Test("mistakes in the new forms are reported at their place")
    func errors() {
        #expect(diagnostics("""
        scenario "s" for Checkout {
          given Payment.Charge times
          when Order.OrderPlaced { }
          then completed
        }
        """) == ["3:3: EVDL0104 expected `out` after `times`, found keyword `when`"])
        #expect(diagnostics("""
        scenario "s" for P {
          when Order.OrderPlaced { }
          then after 30m Order.Expire { } failed
        }
        """) == ["3:8: EVDL0119 `after` cannot be combined with a saga outcome"])
        #expect(diagnostics("""
        scenario "s" for {
          then nothing
        }
        """).first?.contains("EVDL0103") == true)
        #expect(diagnostics("""
        scenario "s" for P {
          when Order.OrderPlaced { }
        }
        """) == ["3:1: EVDL0118 scenario has no `then` clause"])
    }

    @Test("a projection scenario may leave out `when`; an aggregate scenario (no `for`) may not")
    func missingWhen() {
        #expect(diagnostics("scenario \"s\" for OrderSummary { then nothing }") == [])
        #expect(diagnostics("scenario \"s\" { then nothing }") == ["1:29: EVDL0118 scenario has no `when` clause"])
    }
}
