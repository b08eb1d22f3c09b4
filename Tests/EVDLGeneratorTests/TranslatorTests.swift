import EVDLSema
import EVDLSyntax
import Foundation
import Testing
@testable import EVDLGenerator

/// A spec built without the parser: an account with odd names (`self`, `init`, a `default` case), a Swift-decided
/// command, a versioned event, a projection with `delete` and queries.
func accountSpec() -> (SemanticModel, SourceManager) {
    let b = ASTBuilder()
    var sources = SourceManager()
    let file = sources.add(path: "/somewhere/account.evdl", text: "")
    let status = EnumDecl(doc: b.doc("Where an account is."), name: b.ident("Status"),
                          cases: ["open", "closed", "default"].map { EnumCaseDecl(doc: nil, name: b.ident($0)) }, span: b.span)
    let money = TypeDecl(doc: nil, name: b.ident("Money"), fields: [
        b.field("amount", b.type("Decimal")), b.field("currency", b.type("String"), b.string(.text("EUR"))),
    ], span: b.span)
    let open = CommandDecl(doc: b.doc("Opens the account."), name: b.ident("Open"), emits: [], fields: [b.field("owner", b.type("String"))], result: nil, span: b.span)
    let deposit = CommandDecl(doc: nil, name: b.ident("Deposit"), emits: [], fields: [
        b.field("amount", b.type("Decimal")), b.field("init", b.type("String"), doc: ["A field named like a keyword."]),
    ], result: nil, span: b.span)
    let close = CommandDecl(doc: nil, name: b.ident("Close"), emits: [b.ident("Closed")], fields: [], result: nil, span: b.span)
    let opened = EventDecl(doc: nil, name: b.ident("Opened"), version: 2, versionSpan: nil, fields: [
        b.field("owner", b.type("String")), b.field("at", b.type("Date")),
    ], span: b.span)
    let deposited = EventDecl(doc: nil, name: b.ident("Deposited"), version: 1, versionSpan: nil, fields: [b.field("amount", b.type("Decimal"))], span: b.span)
    let closed = EventDecl(doc: nil, name: b.ident("Closed"), version: 1, versionSpan: nil, fields: [], span: b.span)
    let aggregate = AggregateDecl(doc: b.doc("A bank account."), name: b.ident("Account"), members: [
        .id(IdentityDecl(name: b.ident("accountId"), type: b.type("UUID"), span: b.span)),
        .snapshot(every: 50, span: b.span),
        .state(FieldBlock(fields: [
            b.field("status", b.type("Status"), b.name("open")),
            b.field("balance", b.type("Decimal"), b.int("0")),
            b.field("owner", b.optional(b.type("String")), b.expr(.nilLiteral)),
            b.field("self", b.type("Int"), b.int("0")),
            b.field("limit", b.type("Money"), b.expr(.call(callee: b.name("Money"), arguments: [
                CallArgument(label: b.ident("amount"), value: b.decimal("100.50")),
            ]))),
        ], span: b.span)),
        .command(open), .command(deposit), .command(close),
        .event(opened), .event(deposited), .event(closed),
        .decide(DecideDecl(command: b.ident("Open"), body: b.block(
            b.require(b.binary(.equal, b.member(b.name("state"), "owner"), b.expr(.nilLiteral)),
                      b.string(.text("account "), .interpolation(b.name("accountId")), .text(" of "), .interpolation(b.member(b.name("state"), "owner")), .text(" is already open"))),
            b.emit("Opened", ("owner", nil), ("at", b.name("now")))
        ), span: b.span)),
        .decide(DecideDecl(command: b.ident("Deposit"), body: b.block(
            b.require(b.binary(.greater, b.name("amount"), b.decimal("0.5")), b.string(.text("too small"))),
            b.letBinding("fee", b.binary(.multiply, b.name("amount"), b.decimal("0.01"))),
            b.ifElse(b.binary(.greater, b.member(b.name("state"), "balance"), b.int("100")),
                     b.block(b.emit("Deposited", ("amount", b.binary(.subtract, b.name("amount"), b.name("fee"))))),
                     b.block(b.emit("Deposited", ("amount", nil))))
        ), span: b.span)),
        .apply(ApplyDecl(event: b.ident("Opened"), body: b.block(b.assign(b.name("owner"), b.member(b.name("event"), "owner"))), span: b.span)),
        .apply(ApplyDecl(event: b.ident("Deposited"), body: b.block(
            b.assign(b.name("balance"), .add, b.member(b.name("event"), "amount")),
            b.assign(b.name("self"), .add, b.int("1"))
        ), span: b.span)),
        .apply(ApplyDecl(event: b.ident("Closed"), body: b.block(b.assign(b.name("status"), b.name("closed"))), span: b.span)),
    ], span: b.span)
    let balances = ProjectionDecl(doc: b.doc("Balances of open accounts."), name: b.ident("Balances"), members: [
        .key(IdentityDecl(name: b.ident("accountId"), type: b.type("UUID"), span: b.span)),
        .row(FieldBlock(fields: [b.field("balance", b.type("Decimal"), b.int("0")), b.field("deposits", b.type("Int"), b.int("0"))], span: b.span)),
        .on(ProjectionHandler(event: b.qualified("Account", "Deposited"), key: nil, body: b.block(
            b.assign(b.name("balance"), .add, b.member(b.name("event"), "amount")),
            b.assign(b.name("deposits"), .add, b.int("1"))
        ), span: b.span)),
        .on(ProjectionHandler(event: b.qualified("Account", "Opened"), key: nil, body: b.block(), span: b.span)),
        .on(ProjectionHandler(event: b.qualified("Account", "Closed"), key: nil, body: b.block(b.delete), span: b.span)),
        .query(QueryDecl(doc: nil, name: b.ident("rich"), parameters: [ParameterDecl(name: b.ident("minimum"), type: b.type("Decimal"), span: b.span)],
                         result: b.array(b.type("Balances")),
                         filter: b.binary(.greaterOrEqual, b.member(b.name("row"), "balance"), b.name("minimum")), span: b.span)),
        .query(QueryDecl(doc: b.doc("One account's row."), name: b.ident("one"), parameters: [ParameterDecl(name: b.ident("store"), type: b.type("UUID"), span: b.span)],
                         result: b.optional(b.type("Balances")),
                         filter: b.binary(.equal, b.member(b.name("row"), "accountId"), b.name("store")), span: b.span)),
        .query(QueryDecl(doc: nil, name: b.ident("all"), parameters: [], result: b.array(b.type("Balances")), filter: nil, span: b.span)),
    ], span: b.span)
    let spec = SpecFile(file: file, declarations: [.enumeration(status), .type(money), .aggregate(aggregate), .projection(balances)])
    return (SemanticModel(files: [spec]), sources)
}

@Suite struct TranslatorTests {
    /// The generator's own scope rules (used where the checker recorded nothing) agree with the checker's
    /// resolutions: the same specs give the same Swift without them.
    @Test(arguments: [ReferenceCase.checkoutSpecs, ["Tests/EVDLGeneratorTests/References/names/names.evdl"]])
    func fallbackScopeRulesAgreeWithTheChecker(_ specs: [String]) throws {
        var sources = SourceManager()
        for path in specs {
            sources.add(path: path, bytes: Array(try Data(contentsOf: repositoryRoot.appendingPathComponent(path))))
        }
        let parsed = sources.files.map { EVDLParser.parse($0).spec }
        let checked = SemanticAnalyzer.check(parsed, sources: sources)
        #expect(!checked.model.resolutions.isEmpty)
        let bare = SemanticModel(files: checked.model.files)
        let withChecker = SwiftGenerator.generate(model: checked.model, sources: sources, options: GeneratorOptions())
        let withoutChecker = SwiftGenerator.generate(model: bare, sources: sources, options: GeneratorOptions())
        for (a, b) in zip(withChecker, withoutChecker) {
            if let diff = lineDiff(expected: a.contents, actual: b.contents) { Issue.record("\(a.name): \(diff)") }
        }
    }

    @Test func theAccountSpecTranslatesEveryConstruct() throws {
        let (model, sources) = accountSpec()
        let text = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions())[0].contents
        let expectedFragments = [
            // Keywords escaped where Swift needs it, a field named `self` no longer hiding `self`.
            "    case `default`\n",
            "var `init`: String\n",
            "init(status: Status, balance: Decimal, owner: String?, self self_: Int, limit: Money) {",
            "self.`self` = self_",
            "state.`self` = SpecMath.add(state.`self`, 1)",
            // Decimal literals are exact; optionals are interpolated explicitly.
            "Money(amount: Decimal(sign: .plus, exponent: -2, significand: 10050))",
            "command.amount > Decimal(sign: .plus, exponent: -1, significand: 5)",
            "\\(String(describing: state.owner)) is already open",
            // `now`, the aggregate id, shorthand arguments.
            "return [.opened(Opened(accountId: command.accountId, owner: command.owner, at: context.now))]",
            "events.append(.deposited(Deposited(accountId: command.accountId, amount: command.amount)))",
            // A command with `emits` and no decide block is the user's.
            "func decide(_ command: Close, state: State, context: CommandContext) throws -> [Closed]",
            "return try swiftDecisions.decide(command, state: state, context: context).map(Event.closed)",
            "static let schemaVersion: Int = 2",
            "static let snapshotEvery: Int? = 50",
            // Projection: delete, a handler without statements, a query parameter named like the store.
            "        case .closed(let event):\n            rows.apply(.delete, at: event.accountId)\n",
            "let row = row ?? Row(accountId: key)",
            "static func one(store store_: UUID, in store: some ReadModelStore) async throws -> Row? {",
            // A query on the key reads the row by its key.
            "return try await store.row(store_, of: Self.self)",
            "return try await store.rows(of: Self.self)\n",
        ]
        for fragment in expectedFragments {
            #expect(text.contains(fragment), "missing: \(fragment)")
        }
    }

    @Test func constantsNothingReadsAreBoundToTheWildcardSoSwiftDoesNotWarn() {
        let swift = generateClean("""
        aggregate Till {
          id tillId: UUID
          state { names: [String] = [], n: Int = 0 }
          command Count creates { x: Int }
          event Counted { x: Int }
          decide Count {
            let doubled = x * 2
            let _ = x + 1
            let read = x + 2
            if let first = names.first, let last = names.last { require last != "" else "empty" }
            emit Counted { x: read }
          }
          apply Counted { n = event.x }
        }
        """)
        #expect(swift.contains("let _ = SpecMath.multiply(command.x, 2)\n"))
        #expect(swift.contains("let _ = SpecMath.add(command.x, 1)\n"))
        #expect(swift.contains("let read = SpecMath.add(command.x, 2)\n"))
        #expect(swift.contains("if let _ = state.names.first, let last = state.names.last {"))
        #expect(!swift.contains("`_`"))
    }

    @Test func generatesOneFilePerSpecFileWithAStableHeader() throws {
        let (model, sources) = accountSpec()
        let files = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions())
        #expect(files.map(\.name) == ["account.evdl.swift"])
        let text = try #require(files.first?.contents)
        #expect(text.hasPrefix("// Generated by evdlc from account.evdl — do not edit.\n\nimport Foundation\nimport EVDLRuntime\n"))
        #expect(!text.contains("/somewhere"))
        if let out = ProcessInfo.processInfo.environment["EVDL_DUMP"] {
            for access in AccessLevel.allCases {
                let generated = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions(accessLevel: access))
                try generated[0].contents.write(toFile: "\(out)/\(access.rawValue)-\(generated[0].name)", atomically: true, encoding: .utf8)
            }
        }
    }
}

/// The generator is only called for clean specs, but a driver bug must not turn into a crash: specs with every
/// single line removed (most of them broken) still generate something, deterministically.
@Suite struct RobustnessTests {
    @Test func brokenSpecsDoNotCrashTheGenerator() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/Checkout/Sources/Checkout/order.evdl"), encoding: .utf8)
        let types = try String(contentsOf: repositoryRoot.appendingPathComponent("Examples/Checkout/Sources/Checkout/types.evdl"), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var generatedFiles = 0
        for removed in lines.indices {
            var sources = SourceManager()
            sources.add(path: "order.evdl", text: lines.enumerated().filter { $0.offset != removed }.map(\.element).joined(separator: "\n"))
            sources.add(path: "types.evdl", text: types)
            let parsed = sources.files.map { EVDLParser.parse($0).spec }
            let model = SemanticAnalyzer.check(parsed, sources: sources).model
            let first = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions(accessLevel: .public))
            let second = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions(accessLevel: .public))
            #expect(first == second, "line \(removed + 1) removed")
            generatedFiles += first.count
        }
        #expect(generatedFiles == 2 * lines.count)
    }
}
