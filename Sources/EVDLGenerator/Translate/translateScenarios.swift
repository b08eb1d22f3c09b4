import EVDLSema
import EVDLSyntax

/// One scenario with what the checker learned of it.
struct CheckedScenario {
    var declaration: ScenarioDecl
    var symbol: ScenarioSymbol
}

extension Translator {
    /// The scenario test file of a module: `EVDLScenarios` (per scenario, a function computing its actual outcome
    /// and one rendering the expected outcome, both as canonical text, plus `scenarioOutcomes()`), and the Swift
    /// Testing suite `EVDLScenarioTests` with one test per scenario that compares the two with a line diff.
    func translateScenarioTests() -> [SwiftDecl] {
        let declarations = model.files.flatMap(\.declarations).compactMap { d -> ScenarioDecl? in
            if case .scenario(let s) = d { s } else { nil }
        }
        let scenarios = zip(declarations, model.symbols.scenarios).map { CheckedScenario(declaration: $0, symbol: $1) }
        var members: [SwiftDecl] = scenarioSupport()
        members.append(.function(SwiftFunction(
            header: memberHeader(doc: ["Every scenario's title and actual outcome (canonical text, see `ScenarioText`), in spec order."], isStatic: true),
            name: "scenarioOutcomes", parameters: [], isAsync: true,
            result: .array(.named("(title: String, outcome: String)")),
            body: [.returnStmt(.array(scenarios.indices.map { i in
                .verbatim("(title: \(swiftString(scenarios[i].declaration.title.value)), outcome: await ScenarioText.outcome { try await scenario\(i + 1)() })")
            }))]
        )))
        for (i, scenario) in scenarios.enumerated() {
            let title = scenario.declaration.title.value
            members.append(.function(SwiftFunction(
                header: memberHeader(doc: ["\"\(title)\": the actual outcome."], isStatic: true),
                name: "scenario\(i + 1)", parameters: [], isAsync: true, throwing: .untyped, result: .named("String"),
                body: [.returnStmt(actualOutcome(scenario))]
            )))
            members.append(.function(SwiftFunction(
                header: memberHeader(doc: ["\"\(title)\": the expected outcome."], isStatic: true),
                name: "expected\(i + 1)", parameters: [], result: .named("String"),
                body: [.returnStmt(expectedOutcome(scenario))]
            )))
        }
        let tests = scenarios.enumerated().map { i, scenario -> SwiftDecl in
            let title = swiftString(scenario.declaration.title.value)
            let subject = swiftString(scenario.symbol.subject?.name ?? "")
            let check: SwiftExpr = if case .rejected(nil, _)? = scenario.declaration.then {
                .verbatim("try ScenarioText.expectRejected(try await EVDLScenarios.scenario\(i + 1)(), scenario: \(title), subject: \(subject))")
            } else {
                .verbatim("try ScenarioText.expect(try await EVDLScenarios.scenario\(i + 1)(), equals: EVDLScenarios.expected\(i + 1)(), scenario: \(title), subject: \(subject))")
            }
            return .function(SwiftFunction(
                header: SwiftDeclHeader(attributes: ["Test(\(title))"], access: .none),
                name: "scenario\(i + 1)", parameters: [], isAsync: true, throwing: .untyped, body: [.expression(check)]
            ))
        }
        return aggregateDecisionStandIns(scenarios) + [
            .enumeration(SwiftTypeDecl(
                header: typeHeader(doc: ["The scenarios of the spec module, run against its generated code."]),
                name: "EVDLScenarios", members: members
            )),
            .structure(SwiftTypeDecl(
                header: SwiftDeclHeader(doc: ["One Swift Testing test per scenario of the spec module."], attributes: ["Suite(\"Scenarios of the spec\")"], access: .none),
                name: "EVDLScenarioTests", members: tests
            )),
        ]
    }

    /// `id(n)`, `date(s)` and `context.now` as the scenario literals write them, and every command type.
    private func scenarioSupport() -> [SwiftDecl] {
        let commandTypes: [SwiftExpr] = declaredAggregates.flatMap { aggregate in
            aggregate.commands.map { SwiftExpr.metatypeValue(messageType(namespace: aggregate.name.name, name: $0.name.name, isEvent: false)) }
        } + declaredServices.flatMap { service in
            service.commands.map { SwiftExpr.metatypeValue(messageType(namespace: service.name.name, name: $0.name.name, isEvent: false)) }
        }
        return [
            .property(SwiftProperty(header: memberHeader(doc: ["Every command type the module's sagas and policies may send."], isStatic: true),
                                    name: "commands", type: .array(.named("any RoutedCommand.Type")), kind: .constant(.array(commandTypes)))),
            .property(SwiftProperty(header: memberHeader(doc: ["The context of `now` in scenarios: `date(0)`."], isStatic: true),
                                    name: "context", type: .named("CommandContext"),
                                    kind: .constant(.call(.type(.named("CommandContext")), [SwiftArgument(label: "now", value: .verbatim("ScenarioValues.now"))])))),
            .function(SwiftFunction(header: memberHeader(doc: ["`id(n)`."], isStatic: true), name: "id",
                                    parameters: [SwiftParameter(label: "_", name: "n", type: .named("Int"))], result: .named("UUID"),
                                    body: [.returnStmt(.verbatim("ScenarioValues.id(n)"))])),
            .function(SwiftFunction(header: memberHeader(doc: ["`date(seconds)`."], isStatic: true), name: "date",
                                    parameters: [SwiftParameter(label: "_", name: "seconds", type: .named("Double"))], result: .named("Date"),
                                    body: [.returnStmt(.verbatim("ScenarioValues.date(seconds)"))])),
        ]
    }

    /// For each aggregate with commands decided in Swift that a scenario exercises: a stand-in for its Swift
    /// decisions that throws `ScenarioSwiftDecision` (scenarios check what the spec decides).
    private func aggregateDecisionStandIns(_ scenarios: [CheckedScenario]) -> [SwiftDecl] {
        let used = Set(scenarios.compactMap { s -> String? in if case .aggregate(let a)? = s.symbol.subject { a } else { nil } })
        return declaredAggregates.filter { used.contains($0.name.name) && !swiftDecidedCommands(of: $0).isEmpty }.map { aggregate in
            let functions = swiftDecisionRequirements(aggregate, commands: swiftDecidedCommands(of: aggregate)).map { requirement, command -> SwiftDecl in
                var function = requirement
                function.header = SwiftDeclHeader(access: .none)
                function.body = [.throwStmt(.call(.type(.named("ScenarioSwiftDecision")), [
                    SwiftArgument(label: "command", value: .string([.text("\(aggregate.name.name).\(command.name.name)")])),
                ]))]
                return .function(function)
            }
            return .extensionDecl(SwiftExtension(extendedType: .declared(aggregate.name.name), members: [
                .structure(SwiftTypeDecl(header: SwiftDeclHeader(doc: ["Stands in for the Swift decisions in scenarios."], access: .none),
                                         name: "ScenarioDecisions", conformances: [.named("SwiftDecisions")], members: functions)),
            ]))
        }
    }

    /// The aggregates of the module in declaration order (the first of a name).
    private var declaredAggregates: [AggregateDecl] {
        model.files.flatMap(\.declarations).compactMap { d -> AggregateDecl? in
            if case .aggregate(let a) = d, index.aggregates[a.name.name]?.span == a.span { a } else { nil }
        }
    }

    /// The services of the module in declaration order (the first of a name).
    private var declaredServices: [ServiceDecl] {
        model.files.flatMap(\.declarations).compactMap { d -> ServiceDecl? in
            if case .service(let s) = d, index.services[s.name.name]?.span == s.span { s } else { nil }
        }
    }

    /// A Swift string literal of `text`.
    func swiftString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
