import EVDLFormat
import EVDLSyntax
import EVDLTestSupport
import Testing

/// The canonical layout, rule by rule: input on the left, the formatter's output byte for byte on the right.
@Suite struct LayoutTests {
    func format(_ text: String) -> String {
        let result = SpecFormatter.format(text: text)
        #expect(result.isFormatted, "\(result.diagnostics.map(\.message))")
        let again = SpecFormatter.format(text: result.text)
        #expect(again.text == result.text, "not idempotent")
        let before = EVDLParser.parse(SourceFile(id: FileID(index: 0), path: "a", bytes: Array(text.utf8)))
        let after = EVDLParser.parse(SourceFile(id: FileID(index: 0), path: "a", bytes: Array(result.text.utf8)))
        #expect(SyntaxShape.of(before.spec) == SyntaxShape.of(after.spec), "the tree changed")
        return result.text
    }

    @Test func spacesAroundOperatorsAfterCommasAndColonsInsideBraces() {
        #expect(format("type Item{sku:String,quantity:Int=1,price:Decimal?=nil}") == "type Item { sku: String, quantity: Int = 1, price: Decimal? = nil }\n")
        #expect(format("aggregate A {\nid aId: UUID\ncommand C {}\nevent E {}\ndecide C {\nlet x=(1+2)*3-(-4)\nrequire x>0&&!(x==2) else \"no\"\nemit E{}\n}\n}") == """
            aggregate A {
              id aId: UUID
              command C { }
              event E { }
              decide C {
                let x = (1 + 2) * 3 - (-4)
                require x > 0 && !(x == 2) else "no"
                emit E { }
              }
            }

            """)
    }

    @Test func indentationFollowsBracketsAndClosersGoBackToTheirOpenersLine() {
        #expect(format("type T {\n      a: Int\n b: [Int]\n            }\n") == "type T {\n  a: Int\n  b: [Int]\n}\n")
    }

    @Test func linesInsideABracketWithMoreOnItsLineLineUpAfterIt() {
        let input = """
            type T { a: Int,
            b: Int }
            """
        #expect(format(input) == "type T { a: Int,\n         b: Int }\n")
    }

    @Test func blankLinesAtMostOneAndNoneAfterAnOpenerOrBeforeACloser() {
        #expect(format("\n\n\ntype A {\n\n  a: Int\n\n\n\n  b: Int\n\n}\n\n\n\ntype B { }\n\n\n") == "type A {\n  a: Int\n\n  b: Int\n}\n\ntype B { }\n")
    }

    @Test func commentsAreKeptAndTrailingCommentsOfConsecutiveLinesLineUp() {
        let input = """
            // heading
            /// A type.
            type T {
                a: Int // first
                bb: Int       // second

              /* block */ c: Int   
            }
            """
        #expect(format(input) == """
            // heading
            /// A type.
            type T {
              a: Int   // first
              bb: Int  // second

              /* block */ c: Int
            }

            """)
    }

    @Test func switchLabelsSitAtTheSwitchAndStatementsBelowThem() {
        let input = """
            enum S { a, b }
            aggregate A {
            id aId: UUID
            state { s: S = a }
            command C {}
            event E {}
            decide C {
            switch s {
            case .a:
            emit E {}
            default: require false else "no"
            }
            }
            }
            """
        #expect(format(input).contains("""
                switch s {
                case .a:
                  emit E { }
                default: require false else "no"
                }
            """))
    }

    @Test func continuationLinesAreIndentedTwoLevels() {
        let input = "aggregate A {\nid aId: UUID\nstate { n: Int = 0 }\ncommand C {}\nevent E {}\ndecide C {\nrequire n > 0\n&& n < 9 else \"x\"\nif n > 0\n&& n < 5 {\nemit E {}\n}\n}\n}\n"
        #expect(format(input).contains("""
                require n > 0
                    && n < 9 else "x"
                if n > 0
                    && n < 5 {
                  emit E { }
                }
            """))
    }

    @Test func membersContinuedOnTheNextLineLineUpWithTheirSecondWord() {
        let input = "scenario \"s\" {\ngiven A.E { aId: id(1) }\nA.E { aId: id(1) }\nwhen   A.C { aId: id(1) }\nthen nothing\n}\n"
        #expect(format(input) == "scenario \"s\" {\n  given A.E { aId: id(1) }\n        A.E { aId: id(1) }\n  when A.C { aId: id(1) }\n  then nothing\n}\n")
    }

    @Test func spacesThatDecideMeaningAreKept() {
        // `a?.b` is optional chaining, `c ? .x : .y` a conditional; `case .a:` a label, `case.total` a field.
        let input = "aggregate A {\nid aId: UUID\nstate { s: S? = nil, n: Int = 0 }\ncommand C {}\nevent E {}\ndecide C {\nlet k = s?.name ?? \"\"\nlet m = n > 0 ? .a : .b\nlet t = n>0 ?1:2\n}\n}\n"
        #expect(format(input).contains("    let k = s?.name ?? \"\"\n    let m = n > 0 ? .a : .b\n    let t = n > 0 ? 1 : 2\n"))
    }

    @Test func stringsAreKeptByteForByte() {
        #expect(format("publish A.E to   \"a  .b\"\n") == "publish A.E to \"a  .b\"\n")
    }

    @Test func aFileWithSyntaxErrorsIsNotFormatted() {
        let result = SpecFormatter.format(text: "type T { a: }\n")
        #expect(!result.isFormatted)
        #expect(result.text == "type T { a: }\n")
        #expect(!result.changed)
        #expect(!result.diagnostics.isEmpty)
    }

    @Test func emptyAndCommentOnlyFiles() {
        #expect(format("") == "")
        #expect(format("\n\n   \n") == "")
        #expect(format("\n// only a comment   \n\n") == "// only a comment\n")
    }
}
