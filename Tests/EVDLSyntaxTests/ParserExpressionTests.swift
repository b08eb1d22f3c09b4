import EVDLSyntax
import Testing

/// The printed form of the default value of `x` in `type T { x: Int = <expression> }`.
func expression(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let (file, result) = parse("type T { x: Int = \(source) }")
    #expect(describeDiagnostics(result.diagnostics, in: file) == [], sourceLocation: sourceLocation)
    guard case .type(let t)? = result.spec.declarations.first, let value = t.fields.first?.defaultValue else {
        return "<none>"
    }
    return TreePrinter.expr(value)
}

@Suite("Parser: expressions")
struct ParserExpressionTests {
    @Test("literals")
    func literals() {
        #expect(expression("1_000") == "1_000")
        #expect(expression("12.50") == "12.50")
        #expect(expression("true") == "true")
        #expect(expression("false") == "false")
        #expect(expression("nil") == "nil")
        #expect(expression("\"a\\tb\"") == "\"a\tb\"")
        #expect(expression("\"\"") == "\"\"")
        #expect(expression("[]") == "[]")
        #expect(expression("[:]") == "[:]")
        #expect(expression("[1, 2,]") == "[1, 2]")
        #expect(expression("[\"a\": 1, \"b\": 2]") == "[\"a\": 1, \"b\": 2]")
    }

    @Test("names, context names, implicit members, member access on keywords")
    func names() {
        #expect(expression("draft") == "draft")
        #expect(expression(".draft") == ".draft")
        #expect(expression("OrderStatus.draft") == "(. OrderStatus draft)")
        #expect(expression("event.state") == "(. event state)")
        #expect(expression("state.total") == "(. state total)")
        #expect(expression("command.reason") == "(. command reason)")
        #expect(expression("row.total") == "(. row total)")
        #expect(expression("now") == "now")
    }

    @Test("calls with and without labels, subscripts, chains")
    func postfix() {
        #expect(expression("id(1)") == "(call id 1)")
        #expect(expression("items.contains(x)") == "(call (. items contains) x)")
        #expect(expression("LineItem(sku: \"a\", quantity: 1,)") == "(call LineItem sku: \"a\" quantity: 1)")
        #expect(expression("a.b[0].c.isEmpty") == "(. (. (at (. a b) 0) c) isEmpty)")
        #expect(expression("f()") == "(call f)")
    }

    @Test("precedence from ?? (loosest) to prefix operators (tightest)")
    func precedence() {
        #expect(expression("a ?? b || c && d == e + f * g") == "(?? a (|| b (&& c (== d (+ e (* f g))))))")
        #expect(expression("a * b + c * d") == "(+ (* a b) (* c d))")
        #expect(expression("-a * !b") == "(* (- a) (! b))")
        #expect(expression("!a.isEmpty") == "(! (. a isEmpty))")
        #expect(expression("a - b - c") == "(- (- a b) c)")
        #expect(expression("a / b % c") == "(% (/ a b) c)")
        #expect(expression("a ?? b ?? c") == "(?? a (?? b c))")
        #expect(expression("a || b || c") == "(|| (|| a b) c)")
        #expect(expression("(a + b) * c") == "(* (paren (+ a b)) c)")
        #expect(expression("a < b && c >= d && e != f && g <= h && i > j") ==
                "(&& (&& (&& (&& (< a b) (>= c d)) (!= e f)) (<= g h)) (> i j))")
    }

    @Test("string interpolation with nested parentheses and nested strings")
    func interpolation() {
        #expect(expression("\"order \\(orderId) placed\"") == "\"order \\(orderId) placed\"")
        #expect(expression("\"a\\((b + (c)) * 2)z\"") == "\"a\\((* (paren (+ b (paren c))) 2))z\"")
        #expect(expression("\"x\\(f(\"in\\(y)\"))\"") == "\"x\\((call f \"in\\(y)\"))\"")
    }

    @Test("an infix operator at the start of a line continues the expression")
    func operatorOnNextLine() {
        #expect(expression("a\n  + b\n  .c") == "(+ a (. b c))")
    }

    @Test("expression ids are unique and follow the file's counter")
    func expressionIDs() {
        let (_, result) = parse("type T { a: Int = 1 + 2, b: Int = f(x) }")
        guard case .type(let t)? = result.spec.declarations.first else {
            Issue.record("no type")
            return
        }
        var ids: [Int] = []
        func collect(_ e: Expr) {
            ids.append(e.id.index)
            #expect(e.id.file == result.spec.file)
            switch e.kind {
            case .binary(_, let l, let r):
                collect(l)
                collect(r)
            case .call(let c, let args):
                collect(c)
                args.forEach { collect($0.value) }
            case .integer, .decimal, .string, .bool, .nilLiteral, .name, .member, .implicitMember, .subscripted,
                 .unary, .array, .dictionary, .parenthesized, .duration, .optionalMember, .closure, .subscriptDefault, .conditional, .error:
                break
            }
        }
        t.fields.compactMap(\.defaultValue).forEach(collect)
        #expect(ids.count == 6)
        #expect(Set(ids).count == 6)
    }
}

@Suite("Parser: labels, keywords as names, doc comments")
struct ParserNamingTests {
    @Test("keywords as labels in message literals and calls, and as members after a dot")
    func keywordLabels() {
        #expect(printed("policy P { on A.B\n send C.D { to: event.state, key: row.event, items } }") ==
                "policy P\n  on A.B\n  send C.D {to: (. event state), key: (. row event), items}")
        #expect(expression("f(state: 1, event: 2)") == "(call f state: 1 event: 2)")
    }

    @Test("doc comments reach commands, events, fields, enum cases, queries and steps")
    func docComments() {
        let text = """
        aggregate A {
          /// The command.
          command C {
            /// The field.
            f: Int
          }
          /// The event.
          event E v2 { }
        }
        """
        #expect(printed(text) == "aggregate A\n  command C {f: Int /// The field.} /// The command.\n  event E v2 {} /// The event.")
    }

    @Test("an error inside an interpolation skips to its end and the string still parses")
    func interpolationError() {
        let (file, result) = parse("type A { s: String = \"a \\(b c) d\", t: Int }")
        #expect(describeDiagnostics(result.diagnostics, in: file) == ["1:29: EVDL0102 expected `)` to close the interpolation, found `c`"])
        #expect(TreePrinter.print(result.spec) == "type A {s: String = \"a \\(b) d\", t: Int}")
    }
}
