import EVDLSyntax
import Testing

@Suite("Parser: sagas, policies, scenarios")
struct ParserFlowTests {
    @Test("saga with input, start on, steps with every clause in any order, and on failure")
    func saga() {
        let text = """
        saga Checkout {
          input { orderId: UUID, amount: Decimal }
          start on Order.Placed { orderId: event.orderId,
                                  amount: event.total }
          /// Charge the card.
          step charge {
            retry 3
            invoke Payment.Charge { paymentId: orderId, amount } as charge
            timeout 30s
            compensate Payment.Refund { transactionId: charge.transactionId }
          }
          step check { invoke Payment.Check { amount }; compensate nothing }
          step ship { invoke Shipping.Create { orderId } }
          step confirm { invoke Order.Confirm { orderId }
            retry forever }
          on failure {
            invoke Order.Cancel { orderId, reason: "failed" }
            invoke Order.Notify { orderId }
          }
        }
        """
        #expect(printed(text) == """
        saga Checkout
          input {orderId: UUID, amount: Decimal}
          start on Order.Placed {orderId: (. event orderId), amount: (. event total)}
          step charge /// Charge the card. {invoke Payment.Charge {paymentId: orderId, amount} as charge; compensate Payment.Refund {transactionId: (. charge transactionId)}; retry 3; timeout 30s}
          step check {invoke Payment.Check {amount}; compensate nothing}
          step ship {invoke Shipping.Create {orderId}}
          step confirm {invoke Order.Confirm {orderId}; retry forever}
          on failure {invoke Order.Cancel {orderId, reason: "failed"}; invoke Order.Notify {orderId}}
        """)
    }

    @Test("durations of every unit")
    func durations() {
        let (_, result) = parse("saga S { step a { invoke X.Y { }; timeout 500ms }; step b { invoke X.Y { }; timeout 2h }\n step c { invoke X.Y { }\n timeout 7d } }")
        guard case .saga(let s)? = result.spec.declarations.first else {
            Issue.record("no saga")
            return
        }
        #expect(s.steps.compactMap(\.timeout).map(\.totalMilliseconds) == [500, 7_200_000, 604_800_000])
    }

    @Test("policy with where, send and after … send")
    func policy() {
        let text = """
        policy Expire {
          on Order.Placed where event.total > 100
          send Order.Flag { orderId: event.orderId }
          after 30m send Order.Cancel { orderId: event.orderId, reason: "late" }
        }
        """
        #expect(printed(text) == """
        policy Expire
          on Order.Placed where (> (. event total) 100)
          send Order.Flag {orderId: (. event orderId)}
          after 30m send Order.Cancel {orderId: (. event orderId), reason: "late"}
        """)
    }

    @Test("scenarios: given several events, when, then events / rejected / nothing")
    func scenarios() {
        let text = """
        scenario "events" {
          given Order.Placed { orderId: id(1) }, Order.Shipped { orderId: id(1) }
                Order.Paid { orderId: id(1) }
          when Order.Cancel { orderId: id(1) }
          then Order.Cancelled { orderId: id(1) } Order.Refunded { orderId: id(1) }
        }
        scenario "rejected" { when Order.Cancel { orderId: id(1) }; then rejected "no" }
        scenario "rejected without message" { when A.B { }
          then rejected }
        scenario "nothing" { when A.B { }
          then nothing
        }
        """
        #expect(printed(text) == """
        scenario "events"
          given Order.Placed {orderId: (call id 1)} Order.Shipped {orderId: (call id 1)} Order.Paid {orderId: (call id 1)}
          when Order.Cancel {orderId: (call id 1)}
          then Order.Cancelled {orderId: (call id 1)} Order.Refunded {orderId: (call id 1)}
        scenario "rejected"
          when Order.Cancel {orderId: (call id 1)}
          then rejected "no"
        scenario "rejected without message"
          when A.B {}
          then rejected
        scenario "nothing"
          when A.B {}
          then nothing
        """)
    }
}
