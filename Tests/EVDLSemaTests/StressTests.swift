import Foundation
import Testing
import EVDLGenerator
import EVDLSema
import EVDLSyntax

/// What one run of the whole pipeline (parse → check → generate twice) produced, and how long it took.
struct StressRun {
    var checked: Checked
    var generated: [GeneratedFile]
    var seconds: Double

    /// Syntax and semantic errors.
    var errors: [Diagnostic] { (checked.syntaxDiagnostics + checked.diagnostics).filter { $0.severity == .error } }
}

/// Parses and checks the texts as one module and, without errors, generates Swift twice and expects the same files.
func runPipeline(_ texts: [(path: String, text: String)], sourceLocation: SourceLocation = #_sourceLocation) -> StressRun {
    let start = ContinuousClock.now
    let checked = analyze(texts)
    var generated: [GeneratedFile] = []
    let failed = (checked.syntaxDiagnostics + checked.diagnostics).contains { $0.severity == .error }
    if !failed {
        generated = SwiftGenerator.generate(model: checked.model, sources: checked.sources, options: GeneratorOptions())
        let again = SwiftGenerator.generate(model: checked.model, sources: checked.sources, options: GeneratorOptions())
        #expect(generated == again, "generation is not deterministic", sourceLocation: sourceLocation)
        #expect(generated.count == texts.count, sourceLocation: sourceLocation)
    }
    return StressRun(checked: checked, generated: generated, seconds: (ContinuousClock.now - start) / .seconds(1))
}

/// Runs one spec text that must be clean: no errors, Swift generated, within `seconds` (a bound for hangs and
/// runaway complexity, generous for a slow debug build on a shared machine).
@discardableResult
func expectCleanPipeline(
    _ texts: [(path: String, text: String)], within seconds: Double = 60, sourceLocation: SourceLocation = #_sourceLocation
) -> StressRun {
    let run = runPipeline(texts, sourceLocation: sourceLocation)
    #expect(run.errors.isEmpty, "errors:\n\(run.checked.summary.prefix(2_000))", sourceLocation: sourceLocation)
    #expect(!run.generated.isEmpty, sourceLocation: sourceLocation)
    #expect(run.seconds < seconds, "took \(run.seconds) s", sourceLocation: sourceLocation)
    return run
}

/// One aggregate `Deep` whose `decide Go` body holds `body`, with the fields the nesting tests use.
func deepAggregate(decide body: String, types: String = "", fields: String = "") -> String {
    """
    \(types)
    aggregate Deep {
      id deepId: UUID
      state { n: Int = 0, o: Int? = nil, flag: Bool = false, items: [Int] = [] }
      command Go { x: Int\(fields) }
      event Went { x: Int }
      decide Go {
        \(body)
      }
      apply Went { n = event.x }
    }
    """
}

/// Whether the parser rejects the text for nesting too deep (EVDL0111).
func nestsTooDeep(_ text: String) -> Bool {
    var sources = SourceManager()
    let id = sources.add(path: "deep.evdl", text: text)
    return EVDLParser.parse(sources[id]).diagnostics.contains { $0.code.rawValue == "EVDL0111" }
}

/// The largest `n` for which `build(n)` still parses within the nesting limit (the limit is reached below 1024).
func deepestLegal(_ build: (Int) -> String) -> Int {
    var low = 1, high = 1024
    #expect(!nestsTooDeep(build(low)))
    #expect(nestsTooDeep(build(high)))
    while high - low > 1 {
        let middle = (low + high) / 2
        if nestsTooDeep(build(middle)) { high = middle } else { low = middle }
    }
    return low
}

/// Specs at the edge of what the parser accepts, and specs far larger than real ones, through the whole pipeline:
/// nothing crashes, every legal spec checks clean and generates deterministically, nothing takes long.
@Suite struct StressTests {
    /// Each construct nested as deep as the parser allows, in a place where it is legal.
    static let nestings: [(name: String, build: @Sendable (Int) -> String)] = [
        ("parentheses", { n in deepAggregate(decide: "emit Went { x: \(String(repeating: "(", count: n))x\(String(repeating: ")", count: n)) }") }),
        ("negations", { n in deepAggregate(decide: "emit Went { x: \(String(repeating: "-", count: n))x }") }),
        ("nots", { n in deepAggregate(decide: "require \(String(repeating: "!", count: n))flag else \"no\"\nemit Went { x }") }),
        ("sums", { n in deepAggregate(decide: "emit Went { x: x\(String(repeating: " + x", count: n)) }") }),
        ("products", { n in deepAggregate(decide: "emit Went { x: x\(String(repeating: " * x", count: n)) }") }),
        ("conjunctions", { n in deepAggregate(decide: "require flag\(String(repeating: " && flag", count: n)) else \"no\"\nemit Went { x }") }),
        ("coalescing", { n in deepAggregate(decide: "emit Went { x: o\(String(repeating: " ?? o", count: n)) ?? x }") }),
        // Reading an array element is optional (never traps), so each level falls back with `??`.
        ("subscripts", { n in deepAggregate(decide: "emit Went { x: \(String(repeating: "items[", count: n))x\(String(repeating: "] ?? x", count: n)) }") }),
        ("array literals", { n in deepAggregate(decide: "let a = \(String(repeating: "[", count: n))x\(String(repeating: "]", count: n))\nemit Went { x }") }),
        ("interpolations", { n in
            deepAggregate(decide: "require flag else \(String(repeating: "\"\\(", count: n))x\(String(repeating: ")\"", count: n))\nemit Went { x }")
        }),
        ("if blocks", { n in deepAggregate(decide: "\(String(repeating: "if x > 0 {\n", count: n))emit Went { x }\n\(String(repeating: "}\n", count: n))") }),
        ("else-if chains", { n in
            deepAggregate(decide: "if x == 0 { emit Went { x } }\((1...n).map { " else if x == \($0) { emit Went { x } }" }.joined()) else { }")
        }),
        ("array types", { n in
            deepAggregate(decide: "emit Went { x }", types: "type Box { v: \(String(repeating: "[", count: n))Int\(String(repeating: "]", count: n)) }\ntype Use { b: Box }")
        }),
        ("member chains", { n in
            let types = (0..<n).map { i in i == 0 ? "type T0 { v: Int }" : "type T\(i) { t: T\(i - 1) }" }.joined(separator: "\n")
            return deepAggregate(decide: "emit Went { x: s\(String(repeating: ".t", count: n - 1)).v }", types: types, fields: ", s: T\(n - 1)")
        }),
    ]

    @Test(arguments: 0..<nestings.count)
    func deepestLegalNestingChecksAndGenerates(_ index: Int) {
        let (name, build) = Self.nestings[index]
        let depth = deepestLegal(build)
        #expect(depth > 100, "\(name): the parser gave up at depth \(depth)")
        let text = build(depth)
        let run = runPipeline([("deep.evdl", text)])
        #expect(run.checked.syntaxDiagnostics.isEmpty, "\(name): \(run.checked.summary.prefix(500))")
        #expect(run.errors.isEmpty, "\(name): \(run.checked.summary.prefix(500))")
        #expect(run.generated.count == 1, "\(name)")
        #expect(run.seconds < 30, "\(name) took \(run.seconds) s")
    }

    @Test func hugeEnumsAndRecords() {
        let cases = 5_000, fields = 2_000, messages = 300
        var text = "enum Big { \((0..<cases).map { "c\($0)" }.joined(separator: ", ")) }\n"
        text += "type Wide {\n\((0..<fields).map { "  f\($0): \($0 % 2 == 0 ? "Int = \($0)" : "Big = c\($0)")" }.joined(separator: "\n"))\n}\n"
        text += "aggregate Huge {\n  id hugeId: UUID\n  state { big: Big = c0, wide: Wide? = nil, count: Int = 0 }\n"
        for i in 0..<messages {
            // A few messages carry the wide record; all of them the big enum.
            let wide = i % 30 == 0
            text += "  command Do\(i) { v: Big\(wide ? ", w: Wide" : "") }\n  event Done\(i) v\(1 + i % 3) { v: Big\(wide ? ", w: Wide" : "") }\n"
            text += "  decide Do\(i) {\n    require v != c\(cases - 1 - i) else \"no \\(v)\"\n    emit Done\(i) { v\(wide ? ", w" : "") }\n  }\n"
            text += "  apply Done\(i) { big = event.v\(wide ? "; wide = event.w" : ""); count += \(i) }\n"
        }
        text += "}\n"
        let run = expectCleanPipeline([("huge.evdl", text)])
        #expect(run.checked.model.symbols.aggregates["Huge"] != nil)
        let swift = run.generated.first?.contents ?? ""
        #expect(swift.contains("c\(cases - 1)") && swift.contains("f\(fields - 1)") && swift.contains("Done\(messages - 1)"))
    }

    @Test func sagaWithFiveHundredSteps() {
        let steps = 500
        var text = """
        aggregate Trip {
          id tripId: UUID
          state { booked: Int = 0 }
          command Book { legs: Int }
          command Finish { }
          event Booked { legs: Int }
          event Finished { }
          decide Book { emit Booked { legs } }
          decide Finish { emit Finished { } }
          apply Booked { booked = event.legs }
          apply Finished { booked = 0 }
        }
        service Legs {
          command Reserve { tripId: UUID, leg: Int, after: String } -> { ref: String }
          command Release { ref: String }
        }
        saga Journey {
          input { tripId: UUID, legs: Int }
          start on Trip.Booked { tripId: event.tripId, legs: event.legs }

        """
        for i in 0..<steps {
            // Each step reads the previous step's result; its compensation reads its own.
            let previous = i == 0 ? "\"start\"" : "r\(i - 1).ref"
            text += "  step leg\(i) {\n    invoke Legs.Reserve { tripId, leg: \(i), after: \(previous) } as r\(i)\n"
            text += "    compensate Legs.Release { ref: r\(i).ref }\n    retry \(i % 4)\n    timeout \(1 + i % 59)s\n  }\n"
        }
        text += "  step done {\n    invoke Trip.Finish { tripId }\n    retry forever\n  }\n"
        text += "  on failure { invoke Trip.Finish { tripId } }\n}\n"
        let run = expectCleanPipeline([("trip.evdl", text)])
        #expect(run.checked.model.symbols.sagas["Journey"] != nil)

        // The same saga where the last compensation reads a binding that only a later step produces: one error.
        let broken = text.replacingOccurrences(
            of: "compensate Legs.Release { ref: r\(steps - 2).ref }", with: "compensate Legs.Release { ref: r\(steps - 1).ref }")
        let failing = runPipeline([("trip.evdl", broken)])
        #expect(failing.errors.count == 1, "\(failing.checked.summary.prefix(1_000))")
        #expect(failing.seconds < 60)
    }

    @Test func policyGraphWithManyCycles() {
        // Every event of every node triggers policies sending commands of the next nodes: the complete graph has
        // more elementary cycles than could ever be listed, so cycle detection must not enumerate them.
        let nodes = 40
        var text = ""
        for i in 0..<nodes {
            text += """
            aggregate N\(i) {
              id nId: UUID
              state { hits: Int = 0 }
              command Hit\(i) { depth: Int }
              event Hit\(i)Done { depth: Int }
              decide Hit\(i) { emit Hit\(i)Done { depth } }
              apply Hit\(i)Done { hits += 1 }
            }

            """
            for j in 0..<nodes {
                text += "policy P\(i)to\(j) {\n  on N\(i).Hit\(i)Done where event.depth < 10\n"
                text += "  send N\(j).Hit\(j) { nId: event.nId, depth: event.depth + 1 }\n}\n"
            }
        }
        let run = runPipeline([("graph.evdl", text)])
        #expect(run.errors.isEmpty, "\(run.checked.summary.prefix(1_000))")
        let cycles = run.checked.warnings.filter { $0.code.rawValue == "EVDL0601" }
        #expect(cycles.count == 1, "one strongly connected component, one warning: \(cycles.count)")
        #expect(run.generated.count == 1)
        #expect(run.seconds < 60, "took \(run.seconds) s")
    }

    @Test func manyFilesWithCrossReferences() {
        // File i declares a type, an aggregate using the type of file i-1, a projection over the events of file i+1
        // and a policy sending to file i+2 (wrapping around), so every file depends on others in both directions.
        let files = 200
        let texts = (0..<files).map { i -> (path: String, text: String) in
            let previous = (i + files - 1) % files, next = (i + 1) % files, after = (i + 2) % files
            return ("f\(i).evdl", """
                type Part\(i) { label: String, inner: Part\(previous)Ref? = nil }
                type Part\(i)Ref { id: UUID }
                enum Mode\(i) { up, down }
                aggregate Unit\(i) {
                  id unitId: UUID
                  state { part: Part\(previous)? = nil, mode: Mode\(i) = up }
                  command Make\(i) { part: Part\(previous) }
                  event Made\(i) { part: Part\(previous) }
                  decide Make\(i) { require mode == .up else "down"; emit Made\(i) { part } }
                  apply Made\(i) { part = event.part; mode = down }
                }
                projection View\(i) {
                  key unitId: UUID
                  row { label: String = "" }
                  on Unit\(next).Made\(next) { label = event.part.label }
                  query all() -> [View\(i)]
                }
                policy Relay\(i) {
                  on Unit\(i).Made\(i)
                  send Unit\(after).Make\(after) { unitId: event.unitId, part: Part\((after + files - 1) % files)(label: "x") }
                }
                publish Unit\(i).Made\(i) to "unit.\(i).made"
                """)
        }
        let run = runPipeline(texts)
        #expect(run.errors.isEmpty, "\(run.checked.summary.prefix(1_000))")
        #expect(run.generated.map(\.name) == (0..<files).map { "f\($0).evdl.swift" })
        #expect(run.seconds < 60, "took \(run.seconds) s")
    }
}
