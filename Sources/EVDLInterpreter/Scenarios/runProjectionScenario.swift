import EVDLSema
import EVDLSyntax

extension ScenarioInterpreter {
    /// given events (of any aggregates) → the rows of the projection, or the result of `when query(…)`.
    func runProjectionScenario(_ d: ScenarioDecl, projection name: String) -> ScenarioResult {
        let subject = "projection \(name)"
        guard let projection = projections[name], let symbol = evaluator.model.symbols.projections[name] else {
            return result(d, subject: subject, stop: .failure("`\(name)` is not a projection of this module", at: d.span))
        }
        let f = scenarioFrame()
        var expected = ""
        do {
            var expectedRows: [Value.Fields] = []
            switch d.then {
            case .events(let literals, _)?:
                for literal in literals { expectedRows.append(try evaluator.build(name, given: try evaluator.arguments(of: literal.arguments, f), f, at: literal.span)) }
            case .nothing?: break
            case .rejected?, .sends?, .saga?, nil:
                return result(d, subject: subject, stop: .failure("a projection scenario expects rows or `nothing`", at: d.span))
            }
            let rows = try ProjectionRunner(evaluator: evaluator, projection: projection, symbol: symbol)
                .rows(after: try givenEvents(d.given, f), now: f.now)
            var actualRows: [Value.Fields]
            if let query = d.query {
                actualRows = try ProjectionRunner.query(query, of: projection, rows: rows, evaluator: evaluator, f)
            } else {
                // Without a query the rows are compared as a set (identified by their key): sorted by their text.
                actualRows = Self.sortedByText(rows)
                expectedRows = Self.sortedByText(expectedRows)
            }
            expected = lines(expectedRows)
            let actual = lines(actualRows)
            var summary: String?
            var differences: [String] = []
            if actual != expected {
                differences = Differences.messages(expected: expectedRows, actual: actualRows, noun: "row")
                summary = d.query == nil ? "expected other rows" : "expected another result of `\(d.query!.name.name)`"
            }
            return finish(d, subject: subject, actual: actual, expected: expected, summary: summary, differences: differences,
                          at: d.query?.span ?? d.title.span)
        } catch let stop {
            return result(d, subject: subject, stop: stop, expected: expected)
        }
    }

    /// Rows in the order of their lines, each rendered once.
    static func sortedByText(_ rows: [Value.Fields]) -> [Value.Fields] {
        rows.map { (ValueText.messageLine($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// One line per message or row, or `nothing`.
    func lines(_ messages: [Value.Fields]) -> String {
        messages.isEmpty ? "nothing" : messages.map(ValueText.messageLine).joined(separator: "\n")
    }

    /// The `given` events with their envelopes: versions count per stream from 1, positions from 1, recorded `now`,
    /// event ids `id(position)`.
    func givenEvents(_ literals: [MessageLiteral], _ f: Frame) throws(Stop) -> [(event: Value.Fields, recorded: Value.Fields)] {
        var versions: [String: Int] = [:]
        var out: [(Value.Fields, Value.Fields)] = []
        for (i, literal) in literals.enumerated() {
            let event = try evaluator.message(literal, f)
            let stream = (event.typeName.split(separator: ".").first.map(String.init) ?? "") + "-" + ValueText.canonical(event.values.first ?? .none)
            let version = (versions[stream] ?? 0) + 1
            versions[stream] = version
            out.append((event, Self.recorded(position: i + 1, version: version, now: f.now)))
        }
        return out
    }

    /// The envelope `recorded` of a scenario's event.
    static func recorded(position: Int, version: Int, now: Value) -> Value.Fields {
        Value.Fields(typeName: "RecordedEvent", names: ["eventID", "version", "position", "timestamp", "causationID", "correlationID"],
                     values: [Value.scenarioID(position), .int(version), .int(position), now, .none, .none])
    }
}
