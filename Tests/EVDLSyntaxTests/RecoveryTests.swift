import EVDLSyntax
import Testing

/// `line:col: CODE message` of every diagnostic of a spec.
func diagnostics(_ text: String) -> [String] {
    let (file, result) = parse(text)
    return describeDiagnostics(result.diagnostics, in: file)
}

@Suite("Recovery and exact places")
struct RecoveryTests {
    @Test("five unrelated errors in five declarations: exactly those five, in order, no cascades")
    func fiveErrors() {
        let text = """
        type LineItem {
          sku String
          quantity: Int
        }

        enum Status { draft, placed, 42 }

        aggregate Order {
          id orderId: UUID
          state { status: Status = draft }
          command Place { }
          event Placed { }
          decide Place {
            require status == draft else
            emit Placed { }
          }
          apply Placed { status = placed }
        }

        projection Summary {
          key orderId: UUID
          row { total: Decimal = 0 }
          on Order.Placed { total = event.total + }
          query all() -> [Summary]
        }

        policy Notify {
          on Order.Placed
          send Mail.Send { to: event.orderId
        }

        publish Order.Placed to "orders"
        """
        let (file, result) = parse(text)
        #expect(describeDiagnostics(result.diagnostics, in: file) == [
            "2:7: EVDL0104 expected `:` after the field name `sku`, found `String`",
            "6:30: EVDL0103 expected an enum case name, found number `42`",
            "15:5: EVDL0105 expected an expression, found keyword `emit`",
            "23:43: EVDL0105 expected an expression, found `}`",
            // The `}` meant for the policy closes the message's fields, so the policy is what is left open.
            "32:1: EVDL0102 expected `}` to close `policy` body, found keyword `publish`",
        ])
        // The rest of each declaration still parsed, and the declarations after the errors too.
        #expect(result.spec.declarations.count == 6)
        #expect(TreePrinter.print(result.spec).contains("query all() -> [Summary]"))
        #expect(TreePrinter.print(result.spec).contains("apply Placed {status = placed}"))
    }

    @Test("an unclosed body ends at the next declaration keyword that starts a line")
    func unclosedBody() {
        #expect(diagnostics("type A {\n  x: Int\n\ntype B { y: Int }\n") ==
                ["4:1: EVDL0102 expected `}` to close `type` body, found keyword `type`"])
        #expect(diagnostics("aggregate A {\n  decide X {\n    require a else \"b\"\n\n  apply Y { }\n}\n") ==
                ["5:3: EVDL0102 expected `}` to close `decide` body, found keyword `apply`"])
        #expect(diagnostics("aggregate A { state {\n a: Int\n command C { }\n}") ==
                ["3:2: EVDL0102 expected `}` to close `state` block, found keyword `command`"])
    }

    @Test("statements on one line need a semicolon; the next line is parsed again")
    func statementSeparator() {
        #expect(diagnostics("aggregate A {\n  apply E {\n    a = 1 b = 2\n    c = \n  }\n}") == [
            "3:11: EVDL0107 consecutive statements on a line must be separated by `;`",
            "5:3: EVDL0105 expected an expression, found `}`",
        ])
    }

    @Test("errors on consecutive lines of one body are each reported")
    func consecutiveLines() {
        #expect(diagnostics("type A {\n  a Int\n  b: \n  c: Int = )\n}") == [
            "2:5: EVDL0104 expected `:` after the field name `a`, found `Int`",
            "4:3: EVDL0106 expected a type, found `c`",
            "4:12: EVDL0105 expected an expression, found `)`",
        ])
    }

    @Test("garbage at the top level is one error up to the next declaration")
    func topLevelGarbage() {
        #expect(diagnostics("}}} foo ( bar\nmore garbage\ntype A { }\n") == ["1:1: EVDL0101 expected a declaration, found `}`"])
    }

    @Test("a missing header name skips the declaration and reports once")
    func missingName() {
        #expect(diagnostics("aggregate {\n  state { }\n  decide X { a = }\n}\nenum E { a }") ==
                ["1:11: EVDL0103 expected a name for the `aggregate`, found `{`"])
    }

    @Test("`=` where `==` was meant gets a hint")
    func assignmentInCondition() {
        let (_, result) = parse("aggregate A { decide X { if a = b { } } }")
        #expect(result.diagnostics.map(\.code.rawValue) == ["EVDL0104"])
        #expect(result.diagnostics.first?.help == "`=` assigns; compare with `==`")
    }

    @Test("lexical errors do not cause parser errors at the same place")
    func noDoubleReport() {
        #expect(diagnostics("type A { x: Int @ y: Int }") == ["1:17: EVDL0002 unexpected character `@`"])
        #expect(diagnostics("type A {\n  s: String = \"abc\n}") == ["2:15: EVDL0003 unterminated string literal"])
    }

    @Test("a keyword after a missing closing brace of a step ends the step")
    func stepUnclosed() {
        #expect(diagnostics("saga S {\n  step a {\n    invoke X.Y { }\n  step b { invoke X.Z { } }\n}") ==
                ["4:3: EVDL0102 expected `}` to close `step` body, found keyword `step`"])
    }

    @Test("deleting every second token of the checkout example (one at a time) gives at most two diagnostics, almost always one")
    func singleDeletions() throws {
        let text = try checkoutExampleFiles().map(\.text).joined(separator: "\n")
        let (file, lexed) = lex(text)
        var counts: [Int] = []
        for (i, token) in lexed.tokens.dropLast().enumerated() where i % 2 == 1 {
            var bytes = file.bytes
            bytes.removeSubrange(token.span.start..<token.span.end)
            var sources = SourceManager()
            let id = sources.add(path: "deleted.evdl", bytes: bytes)
            let result = EVDLParser.parse(sources[id])
            #expect(result.diagnostics.count <= 2,
                    "deleting `\(file.text(of: token.span))` at \(file.lines.location(of: token.span.start, in: file.bytes)): \(describeDiagnostics(result.diagnostics, in: sources[id]))")
            counts.append(result.diagnostics.count)
        }
        let withErrors = counts.filter { $0 > 0 }
        #expect(Double(withErrors.filter { $0 == 1 }.count) >= 0.95 * Double(withErrors.count))
    }

    @Test("a missing `{` before a body on the next line is reported once and the body still parses")
    func missingOpenBrace() {
        let (file, result) = parse("aggregate A\n  id x: UUID\n  decide X\n    require a else \"b\"\n  }\n}\ntype B { y: Int }")
        #expect(describeDiagnostics(result.diagnostics, in: file) == [
            "2:3: EVDL0104 expected `{` to open the body of `aggregate` `A`, found keyword `id`",
            "4:5: EVDL0104 expected `{` to open the `decide` body, found keyword `require`",
        ])
        #expect(TreePrinter.print(result.spec) == "aggregate A\n  id x: UUID\n  decide X {require a else \"b\"}\ntype B {y: Int}")
    }

    @Test("an unclosed argument list skips to its `)`")
    func unclosedArguments() {
        #expect(diagnostics("type A { x: Int = f(a b, c), y: Int = 2 }") == ["1:23: EVDL0102 expected `)` to close the argument list, found `b`"])
    }

    @Test("inserting a stray token before every third token of the checkout example gives at most two diagnostics")
    func singleInsertions() throws {
        let text = try checkoutExampleFiles().map(\.text).joined(separator: "\n")
        let (file, lexed) = lex(text)
        let strays = ["{", "}", "(", ")", "=", ",", "x", "step", "\"", "emit", "[", "->"]
        var oneOrTwo = 0
        for (i, token) in lexed.tokens.dropLast().enumerated() where i % 3 == 0 {
            let stray = strays[(i / 3) % strays.count]
            var bytes = file.bytes
            bytes.insert(contentsOf: Array((" " + stray + " ").utf8), at: token.span.start)
            var sources = SourceManager()
            let id = sources.add(path: "inserted.evdl", bytes: bytes)
            let result = EVDLParser.parse(sources[id])
            #expect(result.diagnostics.count <= 2,
                    "inserting `\(stray)` at \(file.lines.location(of: token.span.start, in: file.bytes)): \(describeDiagnostics(result.diagnostics, in: sources[id]))")
            if result.diagnostics.count == 1 { oneOrTwo += 1 }
        }
        #expect(oneOrTwo > lexed.tokens.count / 3 * 8 / 10)
    }
}
