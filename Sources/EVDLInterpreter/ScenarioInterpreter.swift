import EVDLSema
import EVDLSyntax

/// Runs a checked module's scenarios without building Swift: `decide`, `apply`, projection handlers, saga steps and
/// policies are evaluated over the checked model, with the semantics of the generated Swift (the differential tests
/// hold the two to the same outcomes).
///
/// In scenarios `now` is `date(0)`, `id(n)` is the UUID ending in `n`, and `date(s)` is `s` seconds after 1970.
public struct ScenarioInterpreter: Sendable {
    let evaluator: Evaluator
    let machines: [String: AggregateMachine]
    let projections: [String: ProjectionDecl]
    let sagas: [String: SagaDecl]
    let policies: [String: PolicyDecl]
    /// What each scenario exercises, by the span of its declaration (as the checker resolved it).
    let subjects: [Span: ScenarioSubject]

    /// Prepares the scenarios of a module the checker accepted (a model with errors gives undefined outcomes).
    public init(model: SemanticModel) {
        let evaluator = Evaluator(model: model)
        self.evaluator = evaluator
        var machines: [String: AggregateMachine] = [:]
        var projections: [String: ProjectionDecl] = [:]
        var sagas: [String: SagaDecl] = [:]
        var policies: [String: PolicyDecl] = [:]
        for file in model.files {
            for declaration in file.declarations {
                switch declaration {
                case .aggregate(let a):
                    if machines[a.name.name] == nil, let symbol = model.symbols.aggregates[a.name.name] {
                        machines[a.name.name] = AggregateMachine(a, symbol: symbol, evaluator: evaluator)
                    }
                case .projection(let p): if projections[p.name.name] == nil { projections[p.name.name] = p }
                case .saga(let s): if sagas[s.name.name] == nil { sagas[s.name.name] = s }
                case .policy(let p): if policies[p.name.name] == nil { policies[p.name.name] = p }
                case .type, .enumeration, .service, .publish, .scenario: break
                }
            }
        }
        self.machines = machines
        self.projections = projections
        self.sagas = sagas
        self.policies = policies
        var subjects: [Span: ScenarioSubject] = [:]
        for symbol in model.symbols.scenarios {
            if let subject = symbol.subject { subjects[symbol.declarationSpan] = subject }
        }
        self.subjects = subjects
    }

    /// The scenarios of the module, in file and declaration order.
    public var scenarios: [ScenarioDecl] {
        evaluator.model.files.flatMap { file in
            file.declarations.compactMap { if case .scenario(let d) = $0 { d } else { nil } }
        }
    }

    /// Runs every scenario whose title or subject (`aggregate Order`, `saga Checkout`, …) contains `filter` (all when
    /// `nil`), in declaration order; the others are not run.
    public func run(filter: String? = nil) -> [ScenarioResult] {
        guard let filter else { return scenarios.map(run) }
        return scenarios.filter { $0.title.value.contains(filter) || subject(of: $0).contains(filter) }.map(run)
    }

    /// What a scenario is about, as results name it: `aggregate Order`, `projection P`, `saga S`, `policy P`.
    func subject(of d: ScenarioDecl) -> String {
        switch subjects[d.span] {
        case .aggregate(let name)?: "aggregate \(name)"
        case .projection(let name)?: "projection \(name)"
        case .saga(let name)?: "saga \(name)"
        case .policy(let name)?: "policy \(name)"
        case nil: aggregate(of: d).map { "aggregate \($0)" } ?? "scenario"
        }
    }

    /// Runs one scenario.
    public func run(_ d: ScenarioDecl) -> ScenarioResult {
        switch subjects[d.span] {
        case .aggregate(let name)?: return runAggregateScenario(d, aggregate: name)
        case .projection(let name)?: return runProjectionScenario(d, projection: name)
        case .saga(let name)?: return runSagaScenario(d, saga: name)
        case .policy(let name)?: return runPolicyScenario(d, policy: name)
        case nil:
            guard let aggregate = aggregate(of: d) else {
                return result(d, subject: "scenario", stop: .failure("the scenario's subject is not known", at: d.span))
            }
            return runAggregateScenario(d, aggregate: aggregate)
        }
    }

    /// The aggregate an aggregate scenario is about (from its `when` command, else its first event).
    private func aggregate(of d: ScenarioDecl) -> String? {
        for literal in [d.when].compactMap({ $0 }) + d.given {
            switch evaluator.model.messageTargets[literal.name.span] {
            case .aggregateCommand(let a, _)?, .aggregateEvent(let a, _)?: return a
            case .serviceCommand?, nil: continue
            }
        }
        return nil
    }

    /// A frame for the literals of a scenario: `now` is `date(0)`.
    func scenarioFrame() -> Frame { Frame(now: .date(0)) }

    /// The result of a scenario that stopped.
    func result(_ d: ScenarioDecl, subject: String, stop: Stop, expected: String = "") -> ScenarioResult {
        let message: String
        switch stop.kind {
        case .failure(let m): message = m
        case .rejected(let m): message = "rejected: \(ValueText.quoted(m))"
        case .deleted: message = "`delete` outside a projection handler"
        }
        let diagnostic = Diagnostic(.error, ScenarioDiagnostics.scenarioStopped, "scenario \"\(d.title.value)\" stopped: \(message)",
                                    at: stop.span ?? d.title.span, label: "stopped here",
                                    notes: stop.span == nil ? [] : [DiagnosticNote("in scenario \"\(d.title.value)\"", at: d.title.span)])
        return ScenarioResult(title: d.title.value, subject: subject, status: .failed, actual: "stopped: \(message)",
                              expected: expected, differences: [], diagnostic: diagnostic, span: d.span)
    }

    /// A passed result, or a failed one with its diagnostic: at `place` (the `when`), a note at the expectation.
    func finish(_ d: ScenarioDecl, subject: String, actual: String, expected: String, summary: String?, differences: [String],
                at place: Span) -> ScenarioResult {
        guard let summary else {
            return ScenarioResult(title: d.title.value, subject: subject, status: .passed, actual: actual, expected: expected,
                                  differences: [], diagnostic: nil, span: d.span)
        }
        var notes = [DiagnosticNote("expected here:\n" + indented(expected), at: thenSpan(of: d) ?? d.span)]
        notes.append(DiagnosticNote("actual outcome:\n" + indented(actual)))
        for line in differences { notes.append(DiagnosticNote(line)) }
        let diagnostic = Diagnostic(.error, ScenarioDiagnostics.scenarioFailed, "scenario \"\(d.title.value)\" failed: \(summary)",
                                    at: place, label: "this outcome differs", notes: notes)
        return ScenarioResult(title: d.title.value, subject: subject, status: .failed, actual: actual, expected: expected,
                              differences: differences, diagnostic: diagnostic, span: d.span)
    }

    private func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }

    private func thenSpan(of d: ScenarioDecl) -> Span? {
        guard let then = d.then else { return nil }
        switch then {
        case .rejected(let message, let span): return message?.span ?? span
        case .events, .nothing, .sends, .saga: return then.messages.first?.span ?? then.span
        }
    }
}
