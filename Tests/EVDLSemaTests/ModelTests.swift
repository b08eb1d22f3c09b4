import Testing
@testable import EVDLSema
import EVDLSyntax
import EVDLTestSupport

/// What the checker records for the generator: expression types, name resolutions, message targets.
@Suite struct ModelTests {
    /// Checks `prelude + marked` (which must be clean) and returns the marked expressions with the model.
    private func model(_ marked: String) -> (model: SemanticModel, marked: [Expr], checked: Checked) {
        let source = MarkedSource(prelude + marked)
        let checked = analyze(source.text)
        #expect(checked.syntaxDiagnostics.isEmpty && checked.errors.isEmpty, "\(checked.summary)")
        let walker = ExpressionWalker(checked.files)
        let exprs = source.marks.compactMap { walker.expression(at: $0) }
        #expect(exprs.count == source.marks.count, "some marks are not expressions")
        return (checked.model, exprs, checked)
    }

    @Test func literalsTakeTheirTypeFromContext() {
        let (m, e, _) = model("""
        aggregate Till {
          id tillId: UUID
          state { cash: Decimal = «0», rate: Double = «1.5», seen: [UUID] = «[]», last: UUID? = «nil» }
          command Count { }
          event Counted { }
          decide Count { require cash >= «10» else "low"; emit Counted { } }
          apply Counted { cash += «1» }
        }
        """)
        #expect(e.map { m.expressionTypes[$0.id] } == [.decimal, .double, .array(.uuid), .optional(.uuid), .decimal, .decimal])
    }

    @Test func namesResolveByScope() {
        let (m, e, _) = model("""
        aggregate Till {
          id tillId: UUID
          state { cash: Decimal = 0, open: Bool = false }
          command Deposit { cash: Decimal }
          event Deposited { amount: Decimal }
          decide Deposit {
            require «state.cash» >= 0 else "\\(«tillId»)"
            let doubled = «cash» + cash
            require «doubled» > 0 && !«open» else "x"
            emit Deposited { amount: «command.cash» }
          }
          apply Deposited { «cash» += «event.amount» }
        }
        """)
        let r = e.map { m.resolutions[$0.id] }
        #expect(r == [.stateField("cash"), .identity("tillId"), .commandField("cash"), .local("doubled"), .stateField("open"),
                      .commandField("cash"), .stateField("cash"), .eventField("amount")])
        #expect(m.expressionTypes[e[3].id] == .decimal)
    }

    @Test func enumCasesMembersAndCalls() {
        let (m, e, _) = model("""
        aggregate Till {
          id tillId: UUID
          state { status: Status = «open», tags: [String] = [], lines: [Line] = [] }
          command Tag { tag: String }
          event Tagged { tag: String }
          decide Tag {
            require status == «closed» || status == «Status.open» else "x"
            require !«tags.contains»(tag) && «tags.count» < 10 else "dup"
            require «Line»(sku: tag, quantity: 1) != («lines.first» ?? Line(sku: "", quantity: 0)) else "x"
            emit Tagged { tag }
          }
          apply Tagged { tags += [event.tag]; status = «.closed» }
        }
        """)
        let r = e.map { m.resolutions[$0.id] }
        #expect(r == [.enumCase(enumName: "Status", caseName: "open"), .enumCase(enumName: "Status", caseName: "closed"),
                      .enumCase(enumName: "Status", caseName: "open"), .builtinMember("contains"), .builtinMember("count"),
                      .typeInitializer("Line"), .builtinMember("first"), .enumCase(enumName: "Status", caseName: "closed")])
        #expect(m.expressionTypes[e[6].id] == .optional(.record("Line")))
        #expect(m.expressionTypes[e[4].id] == .int)
    }

    @Test func messageTargetsAndShorthands() {
        let source = MarkedSource(prelude + """
        policy Reopen { on «Cart.Closed»
          send «Cart.Open» { cartId: event.cartId, total: 1 } }
        publish «Opened» to "cart.opened"
        """)
        let checked = analyze(source.text)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
        let targets = source.marks.map { mark in
            checked.model.messageTargets.first { $0.key.start == mark.lowerBound && $0.key.end == mark.upperBound }?.value
        }
        #expect(targets == [.aggregateEvent(aggregate: "Cart", event: "Closed"), .aggregateCommand(aggregate: "Cart", command: "Open"),
                            .aggregateEvent(aggregate: "Cart", event: "Opened")])
        // `emit Opened { total }` in the prelude: a shorthand reading the command field.
        let shorthand = checked.model.shorthandResolutions.first { $0.value == .commandField("total") }
        #expect(shorthand != nil)
        #expect(shorthand.flatMap { checked.model.shorthandTypes[$0.key] } == .decimal)
    }

    @Test func sagaBindingsResolveToStepResults() {
        let (m, e, _) = model("""
        service Pay {
          command Charge { amount: Decimal } -> { tx: String }
          command Refund { tx: String }
        }
        saga S {
          input { amount: Decimal }
          start on Cart.Opened { amount: «event.total» }
          step charge {
            invoke Pay.Charge { amount: «amount» } as c
            compensate Pay.Refund { tx: «c.tx» }
          }
        }
        """)
        #expect(e.map { m.resolutions[$0.id] } == [.eventField("total"), .sagaInput("amount"), .recordField("tx")])
        #expect(e.map { m.expressionTypes[$0.id] } == [.decimal, .decimal, .string])
    }
}

/// Qualified enum cases: the member carries the case, the base the enum's type.
@Suite struct QualifiedCaseTests {
    @Test func qualifiedCaseBaseHasTheEnumsType() {
        let source = MarkedSource(prelude + """
        aggregate Lamp {
          id lampId: UUID
          state { status: Status = «Status».open }
          command Toggle emits Toggled { }
          event Toggled { }
          apply Toggled { status = «Status.closed» }
        }
        """)
        let checked = analyze(source.text)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
        let walker = ExpressionWalker(checked.files)
        let base = walker.expressions.first { $0.span.start == source.marks[0].lowerBound && $0.span.end == source.marks[0].upperBound }
        let member = walker.expression(at: source.marks[1])
        #expect(base.flatMap { checked.model.expressionTypes[$0.id] } == .enumeration("Status"))
        #expect(member.flatMap { checked.model.resolutions[$0.id] } == .enumCase(enumName: "Status", caseName: "closed"))
    }
}

/// In a query, `row.key` is the projection's key.
@Suite struct QueryModelTests {
    @Test func rowKeyResolvesToTheIdentity() {
        let source = MarkedSource(prelude + """
        projection Totals {
          key cartId: UUID
          row { total: Decimal = 0 }
          on Cart.Opened { total = event.total }
          query one(id: UUID) -> Totals? where «row.cartId» == «id» && «row.total» > 0
        }
        """)
        let checked = analyze(source.text)
        #expect(checked.errors.isEmpty, "\(checked.summary)")
        let walker = ExpressionWalker(checked.files)
        let resolved = source.marks.map { walker.expression(at: $0).flatMap { checked.model.resolutions[$0.id] } }
        #expect(resolved == [.identity("cartId"), .parameter("id"), .stateField("total")])
        #expect(checked.model.symbols.projections["Totals"]?.queries.first?.shape == .single)
    }
}
