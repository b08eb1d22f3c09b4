import EVDLSyntax
import EVDLTestSupport
import Testing

/// The printed value of `let x = <expression>` inside a decide block.
private func letValue(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let printed = statements("let x = \(text)", sourceLocation: sourceLocation)
    return String(printed.dropFirst("{let x = ".count).dropLast())
}

/// The forms real domains need: closures, trailing closures, optional chaining, dictionary defaults, durations,
/// `if let`, `switch`, mutating calls, keywords and backticks as names, `creates`, handler `for`/`where`, `send … as`.
@Suite("Parser: the language of real domains")
struct ParserLanguageFormTests {
    @Test("closures with $0 or a named parameter, in parentheses and trailing")
    func closures() {
        #expect(letValue("lines.map { $0.quantity }") == "(call (. lines map) {(. $0 quantity)})")
        #expect(letValue("lines.filter({ line in line.quantity > 0 })") == "(call (. lines filter) {line in (> (. line quantity) 0)})")
        #expect(letValue("lines.contains(where: { $0.sku == sku })") == "(call (. lines contains) where: {(== (. $0 sku) sku)})")
        #expect(letValue("lines.sum { $0.price * $0.quantity }") == "(call (. lines sum) {(* (. $0 price) (. $0 quantity))})")
        #expect(letValue("a.map { $0.items.filter { $0 > 1 } }") == "(call (. a map) {(call (. (. $0 items) filter) {(> $0 1)})})")
        #expect(letValue("xs.first(where: { $0 > 1 })?.count") == "(?. (call (. xs first) where: {(> $0 1)}) count)")
    }

    @Test("a `{` after an `if` condition, a switch subject or a handler clause opens the block, not a closure")
    func noTrailingClosureBeforeBlocks() {
        #expect(statements("if items.isEmpty { total = 0 }") == "{if (. items isEmpty) {total = 0}}")
        #expect(statements("if items.allSatisfy({ $0 > 0 }) { total = 1 }") == "{if (call (. items allSatisfy) {(> $0 0)}) {total = 1}}")
        #expect(statements("if let first = lines.first { total = first.price }") == "{if let first = (. lines first) {total = (. first price)}}")
        #expect(statements("let n = lines.filter { $0.ok }.count") == "{let n = (. (call (. lines filter) {(. $0 ok)}) count)}")
    }

    @Test("optional chaining, dictionary defaults, durations")
    func postfixForms() {
        #expect(letValue("lines.first?.quantity ?? 0") == "(?? (?. (. lines first) quantity) 0)")
        #expect(letValue("counts[tag, default: 0] + 1") == "(+ (at counts tag default: 0) 1)")
        #expect(letValue("placedAt + 30m") == "(+ placedAt 30m)")
        #expect(letValue("now - since > 1d") == "(> (- now since) 1d)")
        #expect(statements("counts[tag, default: 0] += 1") == "{(at counts tag default: 0) += 1}")
    }

    @Test("the conditional operator is the loosest and right-associative; `? .x` is not optional chaining")
    func conditionals() {
        #expect(letValue("a > 0 ? a : b ?? 0") == "(?: (> a 0) a (?? b 0))")
        #expect(letValue("a ? b : c ? d : e") == "(?: a b (?: c d e))")
        #expect(letValue("ok ? .open : .closed") == "(?: ok .open .closed)")
        #expect(letValue("x?.y") == "(?. x y)")
        #expect(statements("emit E { total: big ? 1 : 2 }") == "{emit E {total: (?: big 1 2)}}")
    }

    @Test("switch with cases, alternatives, a default and statements on the label's line")
    func switches() {
        #expect(statements("switch status {\ncase .open, .held: total = 0\ncase .closed:\n  n += 1\n  m = 2\ndefault: total = 1\n}")
                == "{switch status {case .open, .held: {total = 0} case .closed: {n += 1; m = 2} default: {total = 1}}}")
        #expect(statements("switch = 1") == "{switch = 1}")
        #expect(statements("switch status {\ncase open: total = 0\ncase closed: total = 1\n}") == "{switch status {case open: {total = 0} case closed: {total = 1}}}")
    }

    @Test("let with a written type")
    func typedLet() {
        #expect(statements("let fee: Decimal = 0.5") == "{let fee: Decimal = 0.5}")
        #expect(statements("let names: [String]? = nil") == "{let names: [String]? = nil}")
    }

    @Test("keywords naming fields at the start of a statement")
    func keywordFieldsStartStatements() {
        #expect(statements("when[k, default: 0] += 1\nto.append(x)\non = 1") == "{(at when k default: 0) += 1; do (call (. to append) x); on = 1}")
    }

    @Test("mutating calls are statements")
    func callStatements() {
        #expect(statements("items.append(line)\nitems.removeAll(where: { $0.sku == sku })\ncounts.removeValue(forKey: k)")
                == "{do (call (. items append) line); do (call (. items removeAll) where: {(== (. $0 sku) sku)}); do (call (. counts removeValue) forKey: k)}")
    }

    @Test("keywords as names where they cannot mean anything else, and names in backticks")
    func keywordsAsNames() {
        #expect(letValue("status == rejected") == "(== status rejected)")
        #expect(letValue("transfer(from: from, to: to)") == "(call transfer from: from to: to)")
        #expect(statements("to = event.to") == "{to = (. event to)}")
        #expect(statements("let when = now") == "{let when = now}")
        // A member keyword at the start of a line that is assigned to is a field: `step` and `when` cannot start a
        // member with `=` after them.
        #expect(statements("when = event.at\nstep += 1\ngiven = 2") == "{when = (. event at); step += 1; given = 2}")
        // Keyword-named collections changed at the start of a line.
        #expect(statements("to.append(x)\nstep[0] = 1\nkey.removeValue(forKey: k)")
                == "{do (call (. to append) x); (at step 0) = 1; do (call (. key removeValue) forKey: k)}")
        // Member keywords alone on their lines in a message literal are shorthand fields, not the end of the literal.
        #expect(statements("emit Done {\n  step\n  when\n  to\n  after: 1\n}") == "{emit Done {step, when, to, after: 1}}")
        #expect(letValue("`if` + `type`") == "(+ if type)")
        let (file, result) = parse("enum Verdict { approved, rejected, delete, `if` }\nsaga S { input { from: UUID, to: UUID }\n step a { invoke Bank.Move { from, to } as when } }")
        #expect(describeDiagnostics(result.diagnostics, in: file) == [])
        #expect(TreePrinter.declaration(result.spec.declarations[0]).contains("approved, rejected, delete, if"))
        #expect(TreePrinter.declaration(result.spec.declarations[1]).contains("invoke Bank.Move {from, to} as when"))
    }

    @Test("command existence, handler for/key/where, send … as")
    func declarationForms() {
        let (file, result) = parse("""
            aggregate A {
              command Open creates { }
              command Join creates if missing { }
              command Act { }
            }
            projection Tags {
              key tag: String
              row { count: Int = 0 }
              on Post.Posted for tag in event.tags key tag where tag != "" { count += 1 }
            }
            policy Pay {
              on Inventory.Reserved
              send Payment.Charge { orderId: event.orderId } as charge
              send Order.MarkPaid { orderId: event.orderId, transactionId: charge.transactionId }
            }
            """)
        #expect(describeDiagnostics(result.diagnostics, in: file) == [])
        let printed = result.spec.declarations.map(TreePrinter.declaration).joined(separator: "\n")
        #expect(printed.contains("command Open creates {}"))
        #expect(printed.contains("command Join creates if missing {}"))
        #expect(printed.contains("command Act {}"))
        #expect(printed.contains("on Post.Posted for tag in (. event tags) key tag where (!= tag \"\") {count += 1}"))
        #expect(printed.contains("send Payment.Charge {orderId: (. event orderId)} as charge"))
    }

    @Test("EVDL0120 a force unwrap is reported once and the operand kept")
    func forceUnwrap() {
        let (d, _) = expectOnly("EVDL0120", "aggregate A {\n decide X {\n  let q = lines.first«!».quantity\n }\n}")
        #expect(d?.help?.contains("if let") == true)
        #expect(statements("require a != b else \"x\"") == "{require (!= a b) else \"x\"}")
    }

    @Test("EVDL0121 a statement before the first case")
    func statementBeforeCase() {
        expectOnly("EVDL0121", "aggregate A {\n decide X {\n  switch status {\n  «total = 0»\n  case .open: total = 1\n  }\n }\n}")
    }

    @Test("EVDL0122 a `case` or `default` label outside a switch is one error, not a cascade")
    func caseOutsideSwitch() {
        expectOnly("EVDL0122", "aggregate A {\n apply X {\n  «case .open:» total = 1\n }\n}")
        expectOnly("EVDL0122", "aggregate A {\n apply X {\n  «default:»\n  total = 1\n }\n}")
        // A `switch` closed one `}` too early: the next label is the one error.
        expectOnly("EVDL0122", "aggregate A {\n apply X {\n  switch n {\n  case 1: total = 1\n  }\n  «case 2:» total = 2\n }\n}")
        // A field named `case` is still assigned and read.
        #expect(statements("case = 1\ncase.total = 2") == "{case = 1; (. case total) = 2}")
    }

    @Test("EVDL0105 a value missing before a block is one error, and the block still parses")
    func valueMissingBeforeBlock() {
        expectOnly("EVDL0105", "aggregate A {\n apply X {\n  if «{» total = 1 }\n  total = 2\n }\n}")
        expectOnly("EVDL0105", "aggregate A {\n apply X {\n  if n > «{» total = 1 }\n }\n}")
        expectOnly("EVDL0105", "aggregate A {\n apply X {\n  if let x = «{» total = 1 }\n }\n}")
        expectOnly("EVDL0105", "aggregate A {\n apply X {\n  switch «{»\n  case .a: total = 1\n  }\n }\n}")
        // Inside parentheses a `{` is a closure again.
        #expect(statements("if items.allSatisfy({ $0 > 0 }) { total = 1 }") == "{if (call (. items allSatisfy) {(> $0 0)}) {total = 1}}")
    }

    @Test("EVDL0123 Swift's `?[` and `?(`, and a `?` with nothing after it, are one error at the `?`")
    func strayQuestion() {
        expectOnly("EVDL0123", "aggregate A {\n apply X {\n  total = lines«?[»0]\n  total = 2\n }\n}")
        expectOnly("EVDL0123", "aggregate A {\n apply X {\n  total = f«?(»x)\n }\n}")
        expectOnly("EVDL0123", "aggregate A {\n apply X {\n  total = x«?»\n  total = 2\n }\n}")
        expectOnly("EVDL0123", "aggregate A {\n apply X {\n  total = max(x«?», 1)\n }\n}")
        // `?.`, `? :` and `??` are untouched.
        #expect(letValue("a?.b") == "(?. a b)")
        #expect(letValue("a ? b : c") == "(?: a b c)")
        #expect(letValue("a ?? b") == "(?? a b)")
    }

    @Test("EVDL0105 `%=` is one error that says to write `x = x % y`")
    func remainderAssignment() {
        let (d, _) = expectOnly("EVDL0105", "aggregate A {\n apply X {\n  count «%=» 2\n  total = 1\n }\n}")
        #expect(d?.help == "there is no `%=`: write `x = x % y`")
        #expect(letValue("a % b") == "(% a b)")
    }

    @Test("EVDL0119 a service command cannot say creates")
    func serviceCreates() {
        expectOnly("EVDL0119", "service S {\n command C «creates» { }\n}")
    }

    @Test("a keyword that starts a line still ends an unfinished expression")
    func keywordAtLineStartIsNotAName() {
        let (file, result) = parse("aggregate A {\n decide X {\n  total =\n  emit E { }\n }\n}")
        #expect(describeDiagnostics(result.diagnostics, in: file).first?.contains("EVDL0105 expected an expression, found keyword `emit`") == true)
    }

    @Test("a lone backtick and an unclosed one are unexpected characters")
    func badBackticks() {
        let (file, result) = parse("type A { x: Int = `1 }")
        #expect(describeDiagnostics(result.diagnostics, in: file).contains { $0.contains("EVDL0002") })
        let (file2, result2) = parse("type A { x: Int = `abc }")
        #expect(describeDiagnostics(result2.diagnostics, in: file2).contains { $0.contains("EVDL0002") })
    }
}
