import EVDLSyntax
import Testing

/// Parses a spec that must be free of diagnostics and returns its printed tree.
func printed(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let (file, result) = parse(text)
    #expect(describeDiagnostics(result.diagnostics, in: file) == [], sourceLocation: sourceLocation)
    return TreePrinter.print(result.spec)
}

@Suite("Parser: declarations")
struct ParserDeclarationTests {
    @Test("type with fields separated by newlines, commas and semicolons; defaults; was")
    func typeDecl() {
        let text = """
        /// A line.
        type LineItem {
          /// The stock keeping unit.
          sku: String
          quantity: Int = 1, unitPrice: Decimal; note: String? = nil was comment
          tags: [String] = [], prices: [String: Decimal] = [:], maybe: [Int?]??
        }
        """
        #expect(printed(text) == """
        type LineItem /// A line. {sku: String /// The stock keeping unit., quantity: Int = 1, unitPrice: Decimal, \
        note: String? = nil was comment, tags: [String] = [], prices: [String: Decimal] = [:], maybe: [Int?]??}
        """)
    }

    @Test("keywords may name fields when followed by a colon")
    func keywordFieldNames() {
        #expect(printed("type A { state: String, key: Int }") == "type A {state: String, key: Int}")
    }

    @Test("enum cases separated by commas or newlines, with doc comments")
    func enumDecl() {
        #expect(printed("enum S { a, b,\n /// Third.\n c\n d, }") == "enum S {a, b, c /// Third., d}")
        #expect(printed("enum Empty {}") == "enum Empty {}")
    }

    @Test("aggregate with every kind of member")
    func aggregate() {
        let text = """
        aggregate Order {
          id orderId: UUID
          snapshot every 1_000
          state { status: OrderStatus = draft; total: Decimal = 0 }
          command Place { total: Decimal }
          command Ship emits Shipped, Lost { }
          event Placed v2 { total: Decimal, old: Int was older }
          event Shipped { }
          decide Place { emit Placed { total } }
          apply Placed { total = event.total }
        }
        """
        #expect(printed(text) == """
        aggregate Order
          id orderId: UUID
          snapshot every 1000
          state {status: OrderStatus = draft, total: Decimal = 0}
          command Place {total: Decimal}
          command Ship emits Shipped, Lost {}
          event Placed v2 {total: Decimal, old: Int was older}
          event Shipped v1 {}
          decide Place {emit Placed {total}}
          apply Placed {total = (. event total)}
        """)
    }

    @Test("event versions: v1 is the default, the written span is kept")
    func eventVersion() {
        let (_, result) = parse("aggregate A {\n event E v3 { }\n event F { }\n}")
        guard case .aggregate(let a)? = result.spec.declarations.first else {
            Issue.record("no aggregate")
            return
        }
        #expect(a.events.map(\.version) == [3, 1])
        #expect(a.events[0].versionSpan.map { $0.end - $0.start } == 2)
        #expect(a.events[1].versionSpan == nil)
    }

    @Test("service commands with and without results")
    func service() {
        let text = """
        /// Payments.
        service Payment {
          command Charge { amount: Decimal } -> { transactionId: String }
          command Refund { transactionId: String }
        }
        """
        #expect(printed(text) == """
        service Payment /// Payments.
          command Charge {amount: Decimal} -> {transactionId: String}
          command Refund {transactionId: String}
        """)
    }

    @Test("projection with key, row, handlers with and without key, delete and queries")
    func projection() {
        let text = """
        projection Summary {
          key orderId: UUID
          row { total: Decimal = 0, status: S = placed }
          on Order.Placed { total = event.total }
          on Order.Placed key event.customerId { total += 1 }
          on Order.Cancelled { delete }
          /// Rows by status.
          query byStatus(status: S) -> [Summary] where row.status == status
          query all() -> [Summary]
          query one(id: UUID, other: Int,) -> Summary? where row.orderId == id
        }
        """
        #expect(printed(text) == """
        projection Summary
          key orderId: UUID
          row {total: Decimal = 0, status: S = placed}
          on Order.Placed {total = (. event total)}
          on Order.Placed key (. event customerId) {total += 1}
          on Order.Cancelled {delete}
          query byStatus(status: S) -> [Summary] where (== (. row status) status) /// Rows by status.
          query all() -> [Summary]
          query one(id: UUID, other: Int) -> Summary? where (== (. row orderId) id)
        """)
    }

    @Test("publish")
    func publish() {
        #expect(printed("publish Order.OrderPlaced to \"orders.placed\"\npublish Placed to \"x\"") ==
                "publish Order.OrderPlaced to \"orders.placed\"\npublish Placed to \"x\"")
    }

    @Test("declarations may be separated by semicolons, and a file may be empty or only comments")
    func separatorsAndEmpty() {
        #expect(printed("enum A { a }; enum B { b }") == "enum A {a}\nenum B {b}")
        #expect(printed("") == "")
        #expect(printed("// nothing\n/* here */\n") == "")
    }

    @Test("a { on the next line still opens the body")
    func braceOnNextLine() {
        #expect(printed("type A\n{\n  x: Int\n}") == "type A {x: Int}")
    }

    @Test("spans cover whole declarations and names")
    func spans() {
        let (file, result) = parse("  type A { x: Int }  ")
        guard case .type(let t)? = result.spec.declarations.first else {
            Issue.record("no type")
            return
        }
        #expect(file.text(of: t.span) == "type A { x: Int }")
        #expect(file.text(of: t.name.span) == "A")
        #expect(file.text(of: t.fields[0].span) == "x: Int")
    }
}
