import EVDLInterpreter
import EVDLTestSupport
import Foundation
import Testing

/// Projection, saga and policy scenarios in the interpreter: the checkout flows pass as written, and a wrong handler,
/// step order or compensation fails with the line that differs.
@Suite struct FlowScenarioTests {
    static let flows = """
        type Line { sku: String, quantity: Int }
        enum Status { placed, confirmed }
        aggregate Order {
          id orderId: UUID
          state { status: Status = placed }
          command Place creates { lines: [Line], total: Decimal }
          command Cancel { reason: String }
          event Placed { lines: [Line], total: Decimal }
          event Confirmed { }
          event Cancelled { reason: String }
          decide Place { emit Placed { lines, total } }
          decide Cancel { emit Cancelled { reason } }
          apply Confirmed { status = confirmed }
        }
        service Stock {
          command Reserve { orderId: UUID, lines: [Line] }
          command Release { orderId: UUID }
        }
        service Pay {
          command Charge { orderId: UUID, amount: Decimal } -> { receipt: String }
          command Refund { receipt: String }
        }
        projection Sales {
          key sku: String
          row { units: Int = 0, orders: Int = 0 }
          on Order.Placed for line in event.lines key line.sku where line.quantity > 0 { units += line.quantity HANDLER }
          query bestSellers(minimum: Int) -> [Sales] where row.units >= minimum
        }
        saga Checkout {
          input { orderId: UUID, lines: [Line], amount: Decimal }
          start on Order.Placed { orderId: event.orderId, lines: event.lines, amount: event.total }
          STEPS
          on failure { invoke Order.Cancel { orderId, reason: "checkout failed" } }
        }
        policy ChargeBigOrders {
          on Order.Placed where event.total >= 100
          send Pay.Charge { orderId: event.orderId, amount: event.total } as charge
          after 1h send Pay.Refund { receipt: charge.receipt }
        }

        """

    static let steps = """
          step reserve {
            invoke Stock.Reserve { orderId, lines }
            compensate Stock.Release { orderId }
          }
          step charge {
            invoke Pay.Charge { orderId, amount } as charge
            compensate COMPENSATION
          }
          step confirm {
            invoke Order.Cancel { orderId, reason: "placeholder" }
            compensate nothing
          }
        """

    static let scenarios = """
        scenario "units add up per product" for Sales {
          given Order.Placed { orderId: id(1), lines: [Line(sku: "MUG", quantity: 2), Line(sku: "CUP", quantity: 0)], total: 10 }
                Order.Placed { orderId: id(2), lines: [Line(sku: "MUG", quantity: 1)], total: 5 }
          then «Sales { sku: "MUG", units: 3, orders: 2 }»
        }
        scenario "a refused confirmation undoes the charge and the reservation" for Checkout {
          given Pay.Charge replies { receipt: "r-1" }
                Order.Cancel fails "no"
          when «Order.Placed» { orderId: id(1), lines: [], total: 10 }
          then Stock.Reserve { orderId: id(1), lines: [] }
               Pay.Charge { orderId: id(1), amount: 10 }
               Order.Cancel { orderId: id(1), reason: "placeholder" }
               Pay.Refund { receipt: "r-1" }
               Stock.Release { orderId: id(1) }
               Order.Cancel { orderId: id(1), reason: "checkout failed" }
               compensated
        }
        scenario "a big order is charged, and refunded an hour later" for ChargeBigOrders {
          given Pay.Charge replies { receipt: "r-9" }
          when «Order.Placed» { orderId: id(1), lines: [], total: 150 }
          then Pay.Charge { orderId: id(1), amount: 150 }
               after 1h Pay.Refund { receipt: "r-9" }
        }
        scenario "a small order is left alone" for ChargeBigOrders {
          when Order.Placed { orderId: id(1), lines: [], total: 99 }
          then nothing
        }

        """

    func run(handler: String = "; orders += 1", steps: String = FlowScenarioTests.steps, compensation: String = "Pay.Refund { receipt: charge.receipt }") -> ([ScenarioResult], MarkedSource) {
        let spec = Self.flows.replacingOccurrences(of: "HANDLER", with: handler)
            .replacingOccurrences(of: "STEPS", with: steps.replacingOccurrences(of: "COMPENSATION", with: compensation))
        let marked = MarkedSource(spec + Self.scenarios)
        return (runScenarios(marked).results, marked)
    }

    @Test("projection, saga and policy scenarios pass when the spec does what they say")
    func passing() {
        let (results, _) = run()
        #expect(results.map(\.status) == [.passed, .passed, .passed, .passed], "\(results.map(\.actual))")
        #expect(results[2].actual == "Pay.Charge { orderId: 00000000-0000-0000-0000-000000000001, amount: 150 }\nafter duration(3600, 0) Pay.Refund { receipt: \"r-9\" }")
        #expect(results[1].actual.hasSuffix("\ncompensated"))
    }

    @Test("a handler that forgets a field fails with the row's field difference, at the expected row")
    func wrongHandler() {
        let (results, marked) = run(handler: "")
        #expect(results[0].status == .failed)
        #expect(results[0].differences == [#"row #1 `Sales`: `orders` expected 2, got 0"#])
        #expect(results[0].diagnostic?.notes.first?.span.map { $0.start..<$0.end } == marked.marks[0])
    }

    @Test("steps in another order fail with the first command that differs")
    func wrongStepOrder() {
        let swapped = """
              step charge {
                invoke Pay.Charge { orderId, amount } as charge
                compensate Pay.Refund { receipt: charge.receipt }
              }
              step reserve {
                invoke Stock.Reserve { orderId, lines }
                compensate Stock.Release { orderId }
              }
              step confirm {
                invoke Order.Cancel { orderId, reason: "placeholder" }
                compensate nothing
              }
            """
        let (results, marked) = run(steps: swapped)
        #expect(results[1].status == .failed)
        #expect(results[1].differences.first == "command #1: expected `Stock.Reserve`, got `Pay.Charge`")
        #expect(results[1].diagnostic?.span.map { $0.start..<$0.end } == marked.marks[1])
    }

    @Test("a wrong compensation fails with its field difference")
    func wrongCompensation() {
        let (results, _) = run(compensation: #"Pay.Refund { receipt: "r-0" }"#)
        #expect(results[1].status == .failed)
        #expect(results[1].differences == [#"command #4 `Pay.Refund`: `receipt` expected "r-1", got "r-0""#])
    }

    @Test("a step whose bound result has no reply stops the scenario (EVDL1002)")
    func missingReply() {
        let (results, _) = run()
        let spec = Self.flows.replacingOccurrences(of: "HANDLER", with: "")
            .replacingOccurrences(of: "STEPS", with: Self.steps.replacingOccurrences(of: "COMPENSATION", with: "nothing")) + """
            scenario "no reply" for Checkout {
              when Order.Placed { orderId: id(1), lines: [], total: 10 }
              then Stock.Reserve { orderId: id(1), lines: [] }
                   completed
            }
            """
        let stopped = runScenarios(MarkedSource(spec)).results[0]
        #expect(results.count == 4)
        #expect(stopped.status == .failed)
        #expect(stopped.diagnostic?.code.rawValue == "EVDL1002")
        #expect(stopped.diagnostic?.message.contains("no reply given for `Pay.Charge`") == true)
    }

    @Test("a policy's send of a command with a result, with no reply, stops the scenario (EVDL1002)")
    func policyWithoutReply() {
        let spec = Self.flows.replacingOccurrences(of: "HANDLER", with: "")
            .replacingOccurrences(of: "STEPS", with: Self.steps.replacingOccurrences(of: "COMPENSATION", with: "nothing")) + """
            scenario "no reply for the charge" for ChargeBigOrders {
              when Order.Placed { orderId: id(1), lines: [], total: 150 }
              then Pay.Charge { orderId: id(1), amount: 150 }
            }
            """
        let stopped = runScenarios(MarkedSource(spec)).results[0]
        #expect(stopped.status == .failed)
        #expect(stopped.diagnostic?.code.rawValue == "EVDL1002")
        #expect(stopped.diagnostic?.message.contains("no reply given for `Pay.Charge`") == true)
    }
}
