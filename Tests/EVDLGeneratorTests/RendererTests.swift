import Testing
@testable import EVDLGenerator

@Suite struct RendererTests {
    let renderer = SwiftRenderer(accessLevel: .internal)

    @Test func parenthesesFollowSwiftPrecedence() {
        let a = SwiftExpr.identifier("a"), b = SwiftExpr.identifier("b"), c = SwiftExpr.identifier("c")
        #expect(renderer.expression(.binary(.multiply, .binary(.add, a, b), c)) == "(a + b) * c")
        #expect(renderer.expression(.binary(.add, .binary(.multiply, a, b), c)) == "a * b + c")
        #expect(renderer.expression(.binary(.subtract, a, .binary(.subtract, b, c))) == "a - (b - c)")
        #expect(renderer.expression(.binary(.subtract, .binary(.subtract, a, b), c)) == "a - b - c")
        // EVDL's `??` is loosest, Swift's binds tighter than `==`: the tree keeps the meaning.
        #expect(renderer.expression(.binary(.coalesce, a, .binary(.equal, b, c))) == "a ?? (b == c)")
        #expect(renderer.expression(.binary(.equal, .binary(.coalesce, a, b), c)) == "a ?? b == c")
        #expect(renderer.expression(.binary(.coalesce, a, .binary(.coalesce, b, c))) == "a ?? b ?? c")
        #expect(renderer.expression(.binary(.coalesce, .binary(.coalesce, a, b), c)) == "(a ?? b) ?? c")
        #expect(renderer.expression(.binary(.equal, .binary(.equal, a, b), c)) == "(a == b) == c")
        #expect(renderer.expression(.not(.binary(.and, a, b))) == "!(a && b)")
        #expect(renderer.expression(.member(.binary(.add, a, b), "count")) == "(a + b).count")
        #expect(renderer.expression(.not(.member(a, "isEmpty"))) == "!a.isEmpty")
    }

    @Test func stringLiteralsAreEscaped() {
        let text = renderer.expression(.string([.text("say \"hi\"\\\n\t"), .interpolation(.member(.identifier("command"), "orderId")), .text("\u{1}")]))
        #expect(text == #""say \"hi\"\\\n\t\(command.orderId)\u{1}""#)
    }

    @Test func namesAreEscapedWhereSwiftNeedsIt() {
        #expect(renderer.expression(.member(.identifier("default"), "init")) == "`default`.`init`")
        #expect(renderer.expression(.implicitMember("default")) == ".default")
        let property = SwiftDecl.property(SwiftProperty(header: SwiftDeclHeader(), name: "self", type: .named("Int"), kind: .stored(nil)))
        #expect(renderer.render(property) == "var `self`: Int\n")
    }

    @Test func accessLevelIsAppliedToConfiguredDeclarationsOnly() {
        let decl = SwiftDecl.structure(SwiftTypeDecl(
            header: SwiftDeclHeader(doc: ["A thing."], isNonisolated: true), name: "Thing",
            conformances: [.named("Sendable")],
            members: [
                .property(SwiftProperty(header: SwiftDeclHeader(isStatic: true), name: "name", type: .named("String"), kind: .constant(.string([.text("x")])))),
                .property(SwiftProperty(header: SwiftDeclHeader(access: .private), name: "a", type: .named("Int"), kind: .stored(.integer("1")))),
                .initializer(SwiftInitializer(header: SwiftDeclHeader(), parameters: [], body: [])),
            ]
        ))
        let expected = { (keyword: String) in
            """
            /// A thing.
            \(keyword)nonisolated struct Thing: Sendable {
                \(keyword)static let name: String = "x"
                private var a: Int = 1

                \(keyword)init() {}
            }

            """
        }
        #expect(SwiftRenderer(accessLevel: .internal).render(decl) == expected(""))
        #expect(SwiftRenderer(accessLevel: .public).render(decl) == expected("public "))
        #expect(SwiftRenderer(accessLevel: .package).render(decl) == expected("package "))
    }

    @Test func statementsOwnTheirIndentation() {
        let statements: [SwiftStmt] = [
            .ifElse(condition: .identifier("a"), then: [.returnStmt(.integer("1"))], else: [
                .ifElse(condition: .identifier("b"), then: [], else: [.guardElse(condition: .identifier("c"), body: [.throwStmt(.identifier("e"))])]),
            ]),
            .switchStmt(subject: .identifier("x"), cases: [
                SwiftSwitchCase(pattern: .enumCaseBinding("one", binding: "event"), body: [.assign(target: .identifier("y"), op: "+=", value: .integer("1"))]),
                SwiftSwitchCase(pattern: .enumCase("two"), body: []),
            ]),
        ]
        #expect(renderer.render(statements) == """
            if a {
                return 1
            } else if b {
            } else {
                guard c else {
                    throw e
                }
            }
            switch x {
            case .one(let event):
                y += 1
            case .two:
                break
            }

            """)
    }

    @Test func functionsRenderEffectsAndLabels() {
        let f = SwiftDecl.function(SwiftFunction(
            header: SwiftDeclHeader(isStatic: true), name: "decide",
            parameters: [
                SwiftParameter(label: "_", name: "command", type: .named("PlaceOrder")),
                SwiftParameter(name: "state", type: .named("State")),
                SwiftParameter(label: "in", name: "store", type: .opaque(.named("ReadModelStore"))),
            ],
            isAsync: true, throwing: .typed(.named("CommandRejection")), result: .array(.named("Event")), body: [.returnStmt(.array([]))]
        ))
        #expect(renderer.render(f) == """
            static func decide(_ command: PlaceOrder, state: State, in store: some ReadModelStore) async throws(CommandRejection) -> [Event] {
                return []
            }

            """)
    }

    @Test func fileHasHeaderImportsAndBlankLinesBetweenDeclarations() {
        let file = SwiftFile(
            headerComments: ["Generated by evdlc from x.evdl — do not edit."], imports: ["Foundation"],
            declarations: [
                .enumeration(SwiftTypeDecl(header: SwiftDeclHeader(), name: "E", members: [
                    .enumCase(SwiftEnumCase(name: "a")), .enumCase(SwiftEnumCase(name: "default")),
                ])),
                .typeAlias(SwiftTypeAlias(header: SwiftDeclHeader(), name: "T", type: .optional(.dictionary(.named("String"), .array(.named("Int")))))),
            ]
        )
        #expect(renderer.render(file) == """
            // Generated by evdlc from x.evdl — do not edit.

            import Foundation

            enum E {
                case a
                case `default`
            }

            typealias T = [String: [Int]]?

            """)
    }
}

@Suite struct CodeWriterTests {
    @Test func indentationAndBlankLinesAreOwnedByTheWriter() {
        var writer = CodeWriter()
        writer.blankLine()  // nothing before: no blank line
        writer.line("a {")
        writer.indented { inner in
            inner.blankLine()  // right after an opening brace: no blank line
            inner.line("b")
            inner.blankLine()
            inner.blankLine()  // never two in a row
            inner.line("")
            inner.indented { $0.line("c") }
        }
        writer.line("}")
        #expect(writer.text == "a {\n    b\n\n\n        c\n}\n")
    }

    @Test func emptyWriterWritesNothing() {
        #expect(CodeWriter().text == "")
    }
}
