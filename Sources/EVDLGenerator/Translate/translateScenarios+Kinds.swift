import EVDLSema
import EVDLSyntax

/// The actual and expected outcome of each kind of scenario, as Swift expressions over the runtime's scenario
/// drivers (`AggregateScenario`, `ProjectionScenario`, `SagaScenario`, `PolicyScenario`) and `ScenarioText`.
extension Translator {
    /// Literals in scenarios: `id`, `date` and `context` are the members `EVDLScenarios` declares.
    private var scenarioScope: ExpressionScope { ExpressionScope(context: .constant) }

    /// The expression computing a scenario's actual outcome.
    func actualOutcome(_ s: CheckedScenario) -> SwiftExpr {
        let d = s.declaration
        let title = SwiftArgument(value: .verbatim(swiftString(d.title.value)))
        switch s.symbol.subject {
        case .aggregate(let name)?:
            guard let aggregate = index.aggregates[name], let when = d.when, let command = sentCommand(when.name) else { break }
            let value: SwiftExpr = swiftDecidedCommands(of: aggregate).isEmpty
                ? .call(.type(.declared(name)), [])
                : .call(.type(.declared(name)), [SwiftArgument(label: "swiftDecisions", value: .verbatim("\(name).ScenarioDecisions()"))])
            let events = d.given.compactMap { eventCase($0, of: aggregate) }
            let commandCase = commandCaseNames(aggregate)[command.declaration.name.name] ?? command.declaration.name.name
            let scenario = SwiftExpr.call(.type(.named("AggregateScenario")), [title, SwiftArgument(label: "aggregate", value: value),
                                                                             SwiftArgument(label: "context", value: .identifier("context"))])
            let given = SwiftExpr.call(.member(scenario, "given"), [SwiftArgument(value: .array(events))])
            let outcome = SwiftExpr.call(.member(given, "when"), [SwiftArgument(value: .call(.implicitMember(commandCase), [SwiftArgument(value: commandValue(when, in: scenarioScope))]))])
            return .member(outcome, "canonicalText")
        case .projection(let name)?:
            guard let projection = index.projections[name] else { break }
            var scenario = SwiftExpr.call(.type(.named("ProjectionScenario")), [title, SwiftArgument(label: "projection", value: .metatypeValue(.declared(name)))])
            if !d.given.isEmpty { scenario = .call(.member(scenario, "given"), d.given.compactMap { eventValue($0).map { SwiftArgument(value: $0) } }) }
            guard let query = d.query, let decl = projection.queries.first(where: { $0.name.name == query.name.name }) else {
                return .tryExpr(.awaitExpr(.call(.member(scenario, "rows"), [])))
            }
            var arguments = decl.parameters.compactMap { p -> SwiftArgument? in
                guard let given = query.arguments.first(where: { $0.label?.name == p.name.name }) else { return nil }
                return SwiftArgument(label: p.name.name, value: translateExpression(given.value, in: scenarioScope, expected: index.semType(p.type)))
            }
            arguments.append(SwiftArgument(label: "in", value: .identifier("store")))
            let run = SwiftExpr.closure(parameters: ["store"], body: [.returnStmt(.tryExpr(.awaitExpr(.call(.member(.type(.declared(name)), query.name.name), arguments))))])
            return .tryExpr(.awaitExpr(.call(.member(scenario, "query"), [SwiftArgument(value: run)])))
        case .saga(let name)?:
            guard let when = d.when else { break }
            let scenario = withReplies(.call(.type(.named("SagaScenario")), [title, SwiftArgument(label: "saga", value: .metatypeValue(.declared(name)))]), d.replies)
            let commands = SwiftArgument(label: "commands", value: .identifier("commands"))
            if when.name.parts.count == 1, when.name.last.name == name, let saga = sagaDecl(name) {
                let fields = (saga.input?.fields ?? []).map { ($0.name.name, index.semType($0.type)) }
                let input = SwiftExpr.call(.type(.member(.declared(name), "Input")), messageArguments(when, fields: fields, in: scenarioScope))
                return .tryExpr(.awaitExpr(.call(.member(scenario, "when"), [SwiftArgument(label: "input", value: input), commands])))
            }
            guard let event = eventValue(when) else { break }
            return .tryExpr(.awaitExpr(.call(.member(scenario, "when"), [SwiftArgument(value: event), commands])))
        case .policy(let name)?:
            guard let when = d.when, let event = eventValue(when) else { break }
            let scenario = withReplies(.call(.type(.named("PolicyScenario")), [title, SwiftArgument(label: "policy", value: .metatypeValue(.declared(name)))]), d.replies)
            return .tryExpr(.awaitExpr(.call(.member(scenario, "when"), [SwiftArgument(value: event), SwiftArgument(label: "commands", value: .identifier("commands"))])))
        case nil:
            break
        }
        return .string([.text("error: the scenario could not be generated")])
    }

    /// The expression rendering a scenario's expected outcome.
    func expectedOutcome(_ s: CheckedScenario) -> SwiftExpr {
        let d = s.declaration
        func lines(_ values: [SwiftExpr], sorted: Bool = false) -> SwiftExpr {
            let array = SwiftExpr.array(values)
            return .call(.verbatim("ScenarioText.lines"), [SwiftArgument(value: sorted ? .call(.member(array, "sorted"), []) : array)])
        }
        func rendered(_ value: SwiftExpr) -> SwiftExpr { .call(.verbatim("ScenarioText.value"), [SwiftArgument(value: value)]) }
        switch d.then {
        case .nothing?:
            return .string([.text("nothing")])
        case .rejected(let message?, _)?:
            return .binary(.add, .string([.text("rejected ")]), .call(.verbatim("ScenarioText.string"), [SwiftArgument(value: .string([.text(message.value)]))]))
        case .rejected(nil, _)?, nil:
            return .string([.text("rejected")])
        case .saga(let messages, let outcome, _)?:
            let sent = messages.map { rendered(commandValue($0, in: scenarioScope)) }
            return .call(.member(.array(sent + [.string([.text(outcome.word.rawValue)])]), "joined"), [SwiftArgument(label: "separator", value: .string([.text("\n")]))])
        case .events?, .sends?:
            switch s.symbol.subject {
            case .projection(let projection)?:
                let rows = (d.then?.messages ?? []).compactMap { rowValue($0, of: projection) }.map { row in
                    SwiftExpr.call(.verbatim("ScenarioText.row"), [SwiftArgument(value: row), SwiftArgument(label: "of", value: .metatypeValue(.declared(projection)))])
                }
                return lines(rows, sorted: d.query == nil)
            case .policy?:
                return lines((d.then?.sends ?? []).map { send in
                    let command = rendered(commandValue(send.command, in: scenarioScope))
                    guard let delay = send.delay else { return command }
                    let milliseconds = delay.unit == .milliseconds
                    let duration = SwiftExpr.call(.member(.type(.named("Duration")), milliseconds ? "milliseconds" : "seconds"),
                                                  [SwiftArgument(value: .integer(String(milliseconds ? delay.totalMilliseconds : delay.totalMilliseconds / 1000)))])
                    return .binary(.add, .binary(.add, .binary(.add, .string([.text("after ")]), rendered(duration)), .string([.text(" ")])), command)
                })
            case .aggregate?, .saga?, nil:
                return lines((d.then?.messages ?? []).compactMap { eventValue($0) }.map(rendered))
            }
        }
    }

    /// `OrderSummary.Row(orderId: id(1), …)`.
    private func rowValue(_ literal: MessageLiteral, of name: String) -> SwiftExpr? {
        guard let projection = index.projections[name] else { return nil }
        var fields: [(String, SemType)] = []
        if let key = projection.key { fields.append((key.name.name, index.semType(key.type))) }
        fields += (projection.row?.fields ?? []).map { ($0.name.name, index.semType($0.type)) }
        return .call(.type(.member(.declared(name), "Row")), messageArguments(literal, fields: fields, in: scenarioScope))
    }

    /// `Order.OrderPlaced(orderId: id(1), …)`.
    private func eventValue(_ literal: MessageLiteral) -> SwiftExpr? {
        guard let (aggregate, event) = namedEvent(literal.name) else { return nil }
        var fields: [(String, SemType)] = []
        if let id = aggregate.id { fields.append((id.name.name, index.semType(id.type))) }
        fields += event.fields.map { ($0.name.name, index.semType($0.type)) }
        return .call(.type(eventType(aggregate, event)), messageArguments(literal, fields: fields, in: scenarioScope))
    }

    /// `.orderPlaced(Order.OrderPlaced(…))`: an event of `aggregate` as a case of its `Event` set.
    private func eventCase(_ literal: MessageLiteral, of aggregate: AggregateDecl) -> SwiftExpr? {
        guard let value = eventValue(literal), let caseName = eventCaseNames(aggregate)[literal.name.last.name] else { return nil }
        return .call(.implicitMember(caseName), [SwiftArgument(value: value)])
    }

    /// `scenario.given(.replies(Payment.Charge.self, Payment.ChargeResult(…)), .fails(…), …)`.
    private func withReplies(_ scenario: SwiftExpr, _ replies: [ScenarioReply]) -> SwiftExpr {
        guard !replies.isEmpty else { return scenario }
        let arguments = replies.compactMap { reply -> SwiftArgument? in
            guard let command = sentCommand(reply.command) else { return nil }
            let type = SwiftArgument(value: .metatypeValue(messageType(namespace: command.owner, name: command.declaration.name.name, isEvent: false)))
            switch reply.kind {
            case .replies(let fields?):
                guard let resultType = serviceResultType(service: command.owner, command: command.declaration.name.name) else { return nil }
                let literal = MessageLiteral(name: reply.command, arguments: fields, span: reply.span)
                let result = SwiftExpr.call(.type(resultType), messageArguments(literal, fields: (command.declaration.result ?? []).map {
                    ($0.name.name, index.semType($0.type))
                }, in: scenarioScope))
                return SwiftArgument(value: .call(.implicitMember("replies"), [type, SwiftArgument(value: result)]))
            case .replies(nil):
                return SwiftArgument(value: .call(.implicitMember("replies"), [type]))
            case .fails(let reason):
                return SwiftArgument(value: .call(.implicitMember("fails"), [type, SwiftArgument(value: .string([.text(reason.value)]))]))
            case .timesOut:
                return SwiftArgument(value: .call(.implicitMember("timesOut"), [type]))
            }
        }
        return .call(.member(scenario, "given"), arguments)
    }

    /// The saga declaration named `name`.
    private func sagaDecl(_ name: String) -> SagaDecl? {
        for file in model.files {
            for case .saga(let d) in file.declarations where d.name.name == name { return d }
        }
        return nil
    }
}
