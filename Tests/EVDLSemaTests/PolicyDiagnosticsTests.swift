import Testing
@testable import EVDLSema
import EVDLSyntax

/// One test per `EVDL06xx` code: policies and publish routes.
@Suite struct PolicyDiagnosticsTests {
    @Test func policyCycleIsAWarningWithThePath() {
        let d = expectDiagnostic("EVDL0601", .warning, in: """
        aggregate Ball {
          id ballId: UUID
          command Ping { }
          command Pong { }
          event Pinged { }
          event Ponged { }
          decide Ping { emit Pinged { } }
          decide Pong { emit Ponged { } }
        }
        policy A { on «Ball.Pinged»
          send Ball.Pong { ballId: event.ballId } }
        policy B { on Ball.Ponged
          send Ball.Ping { ballId: event.ballId } }
        """, words: ["policies form a cycle", "`Ball.Pinged` → `A` sends `Ball.Pong` → `Ball.Ponged` → `B` sends `Ball.Ping` → `Ball.Pinged`"])
        #expect(d?.notes.count == 2)
    }

    @Test func noCycleWarningWithoutACycle() {
        let checked = analyze(prelude + "policy A { on Cart.Opened\n send Cart.Close { cartId: event.cartId } }")
        #expect(checked.diagnostics.isEmpty, "\(checked.summary)")
    }

    @Test func duplicatePublishRoute() {
        expectDiagnostic("EVDL0602", in: "publish Cart.Opened to \"carts\"\n«publish Cart.Opened to \"carts\"»",
                         words: ["`Cart.Opened` is already published to \"carts\"", "first published here"])
    }

    @Test func emptyTopic() {
        expectDiagnostic("EVDL0603", in: "publish Cart.Opened to «\"\"»", words: ["the topic of `publish` is empty"])
    }

    @Test func zeroDelay() {
        expectDiagnostic("EVDL0604", in: "policy P { on Cart.Opened\n after «0s» send Cart.Close { cartId: event.cartId } }",
                         words: ["the delay of `after` must be longer than zero"])
    }
}
