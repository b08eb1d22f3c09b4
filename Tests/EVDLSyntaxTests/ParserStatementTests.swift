import EVDLSyntax
import Testing

/// The printed body of `decide X { <body> }`.
func statements(_ body: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let (file, result) = parse("aggregate A {\n decide X {\n\(body)\n }\n}")
    #expect(describeDiagnostics(result.diagnostics, in: file) == [], sourceLocation: sourceLocation)
    guard case .aggregate(let a)? = result.spec.declarations.first, let decide = a.decides.first else { return "<none>" }
    return TreePrinter.block(decide.body)
}

@Suite("Parser: statements")
struct ParserStatementTests {
    @Test("require, emit, let, delete")
    func simple() {
        #expect(statements("require total >= 0 else \"negative \\(total)\"") == "{require (>= total 0) else \"negative \\(total)\"}")
        #expect(statements("require ok\n  else \"x\"") == "{require ok else \"x\"}")
        #expect(statements("emit Placed { total, at: now }") == "{emit Placed {total, at: now}}")
        #expect(statements("emit Order.Placed { }") == "{emit Order.Placed {}}")
        #expect(statements("let half = total / 2") == "{let half = (/ total 2)}")
        #expect(statements("delete") == "{delete}")
    }

    @Test("assignments with every operator and every target form")
    func assignments() {
        #expect(statements("a = 1; b += 2; c -= 3; d *= 4; e /= 5") == "{a = 1; b += 2; c -= 3; d *= 4; e /= 5}")
        #expect(statements("state.total = event.total\nrow.count += 1\nitems[0] = x") ==
                "{(. state total) = (. event total); (. row count) += 1; (at items 0) = x}")
    }

    @Test("if, else if, else; else on the next line")
    func ifElse() {
        #expect(statements("if a { x = 1 } else if b { x = 2 } else { x = 3 }") ==
                "{if a {x = 1} else if b {x = 2} else {x = 3}}")
        #expect(statements("if a { }\nelse {\n emit E { } }") == "{if a {} else {emit E {}}}")
        #expect(statements("if a { if b { } }") == "{if a {if b {}}}")
    }

    @Test("a ( or [ that starts a line begins a new statement rather than calling or subscripting")
    func newlineBeforeParen() {
        // `x = f` then `(y) = 1` would be a call without the rule; with it, the second line is its own (bad) statement.
        let (file, result) = parse("aggregate A { decide X {\n  x = f\n  (y) = 1\n} }")
        #expect(describeDiagnostics(result.diagnostics, in: file) == ["3:3: EVDL0117 cannot assign to this expression"])
        #expect(statements("x = f\nitems[0] = 1") == "{x = f; (at items 0) = 1}")
    }

    @Test("statements in apply and projection handlers use the same grammar")
    func otherBlocks() {
        #expect(printed("aggregate A { apply E { status = placed; total += event.total } }") ==
                "aggregate A\n  apply E {status = placed; total += (. event total)}")
    }
}
