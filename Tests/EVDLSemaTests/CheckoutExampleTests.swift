import Foundation
import Testing
@testable import EVDLSema
import EVDLSyntax

/// The checkout example of `Examples/Checkout` must check clean, and the model must describe it.
@Suite struct CheckoutExampleTests {
    static func loadExample() -> Checked {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/Checkout/Sources/Checkout")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let texts = names.filter { $0.hasSuffix(".evdl") }.sorted().map { name in
            (path: name, text: (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
        return analyze(texts)
    }

    @Test func checksWithoutErrorsOrWarnings() {
        let checked = Self.loadExample()
        #expect(checked.files.count == 4)
        #expect(checked.syntaxDiagnostics.isEmpty, "\(checked.summary)")
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
    }

    @Test func symbolsCarryResolvedTypes() {
        let symbols = Self.loadExample().model.symbols
        let order = symbols.aggregates["Order"]
        #expect(order?.identity?.type == .uuid)
        #expect(order?.state["items"]?.type == .array(.record("LineItem")))
        #expect(order?.state["customerId"]?.type == .optional(.uuid))
        #expect(order?.commands["ShipOrder"]?.isDecidedInSwift == true)
        #expect(order?.commands["CancelOrder"]?.emittedEvents == ["OrderCancelled"])
        #expect(order?.events["OrderPlaced"]?.fields["placedAt"]?.type == .date)
        #expect(symbols.services["Payment"]?.commands["Charge"]?.result?["transactionId"]?.type == .string)
        let saga = symbols.sagas["Checkout"]
        #expect(saga?.trigger == .aggregateEvent(aggregate: "Order", event: "OrderPlaced"))
        #expect(saga?.steps.map(\.isPivot) == [false, false, false, true, false])
        #expect(saga?.steps[1].bindingType == .result("Payment.Charge"))
        #expect(saga?.steps[2].compensatesNothing == true)
        #expect(saga?.failureActions == [.aggregateCommand(aggregate: "Order", command: "CancelOrder")])
        let spending = symbols.projections["CustomerSpending"]
        #expect(spending?.handlers.first?.event == .aggregateEvent(aggregate: "Order", event: "OrderPlaced"))
        #expect(symbols.projections["OrderSummary"]?.handlers.first?.key == .eventField("orderId"))
        #expect(symbols.projections["OrderSummary"]?.handlers.last?.deletes == true)
        #expect(symbols.projections["OrderSummary"]?.queries.map(\.shape) == [.list, .list])
        #expect(symbols.policies["ExpireUnconfirmedOrders"]?.sends == [.aggregateCommand(aggregate: "Order", command: "ExpireOrder")])
        #expect(symbols.scenarios.prefix(3).map(\.aggregate) == ["Order", "Order", "Order"])
        #expect(symbols.scenarios.map(\.subject) == [.aggregate("Order"), .aggregate("Order"), .aggregate("Order")]
            + [ScenarioSubject](repeating: .projection("OrderSummary"), count: 2) + [ScenarioSubject](repeating: .projection("CustomerSpending"), count: 2)
            + [ScenarioSubject](repeating: .saga("Checkout"), count: 4) + [.policy("ReleaseStockWhenCancelled"), .policy("ExpireUnconfirmedOrders")])
    }
}
