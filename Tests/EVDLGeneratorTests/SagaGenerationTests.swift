import EVDLGenerator
import EVDLSema
import EVDLSyntax
import Foundation
import Testing

/// Parses and checks spec texts (path → text, in order); records every error; returns the model and sources.
private func checkedModel(_ texts: [(String, String)]) -> (SemanticModel, SourceManager) {
    var sources = SourceManager()
    for (path, text) in texts { sources.add(path: path, text: text) }
    let parsed = sources.files.map { file in
        let result = EVDLParser.parse(file)
        for d in result.diagnostics where d.severity == .error { Issue.record("\(file.path): \(d.message)") }
        return result.spec
    }
    let checked = SemanticAnalyzer.check(parsed, sources: sources)
    for d in checked.diagnostics where d.severity == .error { Issue.record("\(d.message)") }
    return (checked.model, sources)
}

private func generate(_ texts: [(String, String)], access: AccessLevel = .internal) -> [GeneratedFile] {
    let (model, sources) = checkedModel(texts)
    return SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions(accessLevel: access))
}

private let flowsPath = "Tests/EVDLGeneratorTests/References/flows/flows.evdl"

private let payments = """
    aggregate Till {
      id tillId: UUID
      state { opened: Int = 0 }
      command Open { amount: Decimal }
      event Opened { amount: Decimal }
      decide Open { emit Opened { amount } }
      apply Opened { opened += 1 }
    }
    service Pay {
      command Charge { amount: Decimal } -> { tx: String }
      command Refund { tx: String }
      command Notify { }
    }
    """

@Suite struct SagaGenerationTests {
    @Test func fallbackScopeRulesAgreeWithTheCheckerForSagasAndPolicies() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(flowsPath), encoding: .utf8)
        let (model, sources) = checkedModel([(flowsPath, text)])
        #expect(!model.resolutions.isEmpty && !model.messageTargets.isEmpty)
        let withChecker = SwiftGenerator.generate(model: model, sources: sources, options: GeneratorOptions())
        let withoutChecker = SwiftGenerator.generate(model: SemanticModel(files: model.files), sources: sources, options: GeneratorOptions())
        #expect(withChecker.count == 1)
        for (a, b) in zip(withChecker, withoutChecker) {
            if let diff = lineDiff(expected: a.contents, actual: b.contents) { Issue.record("\(a.name): \(diff)") }
        }
    }

    @Test func flowsAreByteIdenticalAcrossRunsAndAccessLevelsDifferOnlyInTheirKeyword() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(flowsPath), encoding: .utf8)
        let first = generate([(flowsPath, text)])
        #expect(generate([(flowsPath, text)]) == first)
        for access in [AccessLevel.public, .package] {
            let other = generate([(flowsPath, text)], access: access)
            #expect(other[0].contents.contains("\(access.rawValue) nonisolated protocol AirlineService: Sendable"))
            #expect(other[0].contents.contains("\(access.rawValue) static func react(to recorded: RecordedEvent"))
            #expect(other[0].contents.replacingOccurrences(of: "\(access.rawValue) ", with: "") == first[0].contents)
        }
    }

    @Test func aCommandBuilderTakesOnlyWhatItReadsAndTriesOnlyWhenItReadsABoundResult() {
        let saga = """
            saga Pays {
              input { amount: Decimal }
              start on Till.Opened { amount: event.amount }
              step charge { invoke Pay.Charge { amount } as charged; compensate Pay.Refund { tx: charged.tx } }
              step notify { invoke Pay.Notify { }; compensate nothing }
              on failure { invoke Pay.Notify { } }
            }
            """
        let swift = generate([("pays.evdl", payments + "\n" + saga)])[0].contents
        #expect(swift.contains(#"invoke: { input, _ in Pay.Charge(amount: input.amount) }, as: { results, result in results.charged = result }"#))
        #expect(swift.contains(#"compensate: .command { _, results in try Pay.Refund(tx: bound(results.charged, "charged").tx) })"#))
        #expect(swift.contains(#"SagaStep("notify", invoke: { _, _ in Pay.Notify() }, compensate: .nothing)"#))
        #expect(swift.contains(#"static let onFailure: [SagaCommand<Pays>] = [SagaCommand { _, _ in Pay.Notify() }]"#))
        #expect(swift.contains("return Input(amount: event.amount)"))
        #expect(swift.contains("static let steps: [SagaStep<Pays>] = [Steps.charge, Steps.notify]"))
    }

    @Test func stepDocumentationSaysWhatUndoesEachStep() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent(flowsPath), encoding: .utf8)
        let swift = generate([(flowsPath, text)])[0].contents
        #expect(swift.contains("/// `hold`: invokes `Airline.HoldSeats` (`as held`); undone by `Airline.ReleaseSeats`; retried up to 1 time; each attempt limited to 500ms."))
        #expect(swift.contains("/// `default`: invokes `Airline.Ticket`; the pivot, which cannot be undone."))
        #expect(swift.contains("/// `confirm`: invokes `Trip.ConfirmTrip`; runs after the pivot, so nothing undoes it; retried until it succeeds."))
    }

    @Test func publishRoutesOfEveryFileAreWrittenOnceInTheFirstFileThatPublishes() {
        let order = """
            aggregate Cart {
              id cartId: UUID
              state { open: Bool = true }
              command Close { }
              event Closed { }
              event Opened { }
              decide Close { if open { emit Closed { } } }
              apply Closed { open = false }
            }
            """
        let files = generate([
            ("a.evdl", order),
            ("b.evdl", #"publish Cart.Closed to "carts.closed""# + "\n" + #"publish Cart.Opened to "carts.opened""#),
            ("c.evdl", #"publish Cart.Closed to "audit""#),
        ])
        #expect(files.map(\.name) == ["a.evdl.swift", "b.evdl.swift", "c.evdl.swift"])
        #expect(!files[0].contents.contains("PublishRoutes"))
        #expect(files[1].contents.contains(
            #"static let topicsByEventType: [String: [String]] = [Cart.Closed.typeName: ["carts.closed", "audit"], Cart.Opened.typeName: ["carts.opened"]]"#
        ))
        #expect(!files[2].contents.contains("PublishRoutes"))
    }

    @Test func aServiceResultNamedLikeACommandGetsAnotherName() {
        let swift = generate([("s.evdl", payments + "\n" + """
            service Bank {
              command Pay { amount: Decimal } -> { id: String }
              command PayResult { }
            }
            saga Paying {
              input { amount: Decimal }
              start on Till.Opened { amount: event.amount }
              step pay { invoke Bank.Pay { amount } as paid; compensate Bank.PayResult { } }
            }
            """)])[0].contents
        #expect(swift.contains("typealias Result = PayResult_"))
        #expect(swift.contains("nonisolated struct PayResult_: Sendable, Codable, Hashable"))
        #expect(swift.contains("func pay(_ command: Bank.Pay, envelope: CommandEnvelope) async throws -> Bank.PayResult_"))
        #expect(swift.contains("var paid: Bank.PayResult_?"))
    }
}

@Suite struct ClosureRenderingTests {
    let renderer = SwiftRenderer(accessLevel: .internal)

    @Test func aClosureIsWrittenOnOneLineWithUnescapedPlaceholders() {
        let closure = SwiftExpr.closure(parameters: ["_", "in", "results"], body: [
            .assign(target: .member(.identifier("results"), "x"), op: "=", value: .integer("1")),
            .returnStmt(.call(.verbatim("NoResult"), [])),
        ])
        #expect(renderer.expression(closure) == "{ _, `in`, results in results.x = 1; return NoResult() }")
        #expect(renderer.expression(.closure(parameters: [], body: [.expression(.identifier("x"))])) == "{ x }")
    }

    @Test func aClosureAsTheLastUnlabelledArgumentTrails() {
        let closure = SwiftExpr.closure(parameters: ["a"], body: [.expression(.identifier("a"))])
        #expect(renderer.expression(.call(.verbatim("f"), [SwiftArgument(value: .integer("1")), SwiftArgument(value: closure)])) == "f(1) { a in a }")
        #expect(renderer.expression(.call(.verbatim("f"), [SwiftArgument(value: closure)])) == "f { a in a }")
        #expect(renderer.expression(.call(.verbatim("f"), [SwiftArgument(label: "as", value: closure)])) == "f(as: { a in a })")
    }
}
