import EVDLSema
import EVDLSyntax

extension Translator {
    /// `saga Checkout { … }` → `enum Checkout: SagaDefinition`: its `Input`, the `Results` bound by `as` (persisted
    /// with the saga's history), the start trigger, the steps (in `Checkout.Steps`, listed in order by `steps`) and
    /// the `on failure` commands. The runtime's `SagaOrchestrator<Checkout>` drives it.
    func translateSaga(_ saga: SagaDecl) -> [SwiftDecl] {
        let name = saga.name.name
        var members: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The saga's name: part of its history streams' names and its idempotency keys."], isStatic: true),
                name: "name", type: .named("String"), kind: .constant(.string([.text(name)]))
            )),
            sagaInput(saga),
            sagaResults(saga),
        ]
        members += sagaStart(saga)
        members.append(sagaSteps(saga))
        members.append(.property(SwiftProperty(
            header: memberHeader(doc: ["The steps, in order."], isStatic: true),
            name: "steps", type: .array(sagaGeneric("SagaStep", name)),
            kind: .constant(.array(saga.steps.map { .member(.type(.declared("Steps")), $0.name.name) }))
        )))
        let failure = saga.failureActions
        if !failure.isEmpty {
            let scope = ExpressionScope(context: .saga(saga))
            members.append(.property(SwiftProperty(
                header: memberHeader(doc: ["The `on failure` commands, sent in order once the saga has compensated what it could."], isStatic: true),
                name: "onFailure", type: .array(sagaGeneric("SagaCommand", name)),
                kind: .constant(.array(failure.map { action in
                    .call(.verbatim("SagaCommand"), [SwiftArgument(value: commandBuilder(commandValue(action, in: scope)))])
                }))
            )))
        }
        return [.enumeration(SwiftTypeDecl(
            header: typeHeader(doc: docLines(saga.doc).isEmpty ? ["The saga `\(name)`, driven by `SagaOrchestrator<\(name)>`."] : docLines(saga.doc)),
            name: name, conformances: [.named("SagaDefinition")], members: members
        ))]
    }

    /// `SagaStep<Checkout>`.
    func sagaGeneric(_ runtimeType: String, _ saga: String) -> SwiftType {
        .generic(.named(runtimeType), [.declared(saga)])
    }

    /// `{ input, results in try Payment.Refund(…) }`: builds a command from the input and the results so far.
    /// Parameters the command does not read are `_`; reading a bound result may throw, so it is marked `try`.
    func commandBuilder(_ command: SwiftExpr) -> SwiftExpr {
        let readsInput = SwiftExprFacts.mentions(command, "input")
        let readsResults = SwiftExprFacts.mentions(command, "results")
        return .closure(
            parameters: [readsInput ? "input" : "_", readsResults ? "results" : "_"],
            body: [.expression(SwiftExprFacts.readsBoundResult(command) ? .tryExpr(command) : command)]
        )
    }

    /// `struct Input`, read straight from the stored JSON when an instance is loaded.
    private func sagaInput(_ saga: SagaDecl) -> SwiftDecl {
        let fields = saga.input?.fields ?? []
        var type = valueStruct(
            name: "Input", doc: ["The input of `\(saga.name.name)`, stored in the first event of each instance's history."],
            fields: generatedFields(fields),
            conformances: [.named("Sendable"), .named("Codable"), .named("Hashable"), .named("JSONPayloadDecodable")], extraMembers: []
        )
        type.members += decodingMembers(generatedFields(fields), declared: fields)
        type.members.append(jsonObjectInitializer(generatedFields(fields), declared: fields))
        return .structure(type)
    }

    /// `struct Results: SagaResults`: one optional field per `as` binding, in step order.
    private func sagaResults(_ saga: SagaDecl) -> SwiftDecl {
        var members: [SwiftDecl] = []
        for step in saga.steps {
            guard let binding = step.binding, let invoke = step.invoke, let command = sentCommand(invoke.name),
                  let type = serviceResultType(service: command.owner, command: command.declaration.name.name) else { continue }
            members.append(.property(SwiftProperty(
                header: memberHeader(doc: ["The result of step `\(step.name.name)` (`as \(binding.name)`), once it completed."]),
                name: binding.name, type: .optional(type), kind: .stored(nil)
            )))
        }
        members.append(.initializer(SwiftInitializer(header: memberHeader(doc: ["No step has completed yet."]), parameters: [], body: [])))
        return .structure(SwiftTypeDecl(
            header: typeHeader(doc: ["The results bound by the steps of `\(saga.name.name)`, persisted with each instance's history."]),
            name: "Results", conformances: [.named("SagaResults"), .named("Hashable")], members: members
        ))
    }

    /// `startEventTypes` and `input(startedBy:codec:)` for `start on Order.OrderPlaced { … }`.
    private func sagaStart(_ saga: SagaDecl) -> [SwiftDecl] {
        guard let start = saga.start, let (aggregate, event) = namedEvent(start.trigger.name) else { return [] }
        let typeName = SwiftExpr.member(.type(eventType(aggregate, event)), "typeName")
        let scope = ExpressionScope(context: .sagaStart(aggregate: aggregate.name.name, event: event))
        let fields = (saga.input?.fields ?? []).map { ($0.name.name, index.semType($0.type)) }
        let input = SwiftExpr.call(.type(.declared("Input")), messageArguments(start.trigger, fields: fields, in: scope))
        return [
            .property(SwiftProperty(
                header: memberHeader(doc: ["The type names of the events that start an instance (`start on`)."], isStatic: true),
                name: "startEventTypes", type: .generic(.named("Set"), [.named("String")]),
                kind: .constant(.array([typeName]))
            )),
            .function(SwiftFunction(
                header: memberHeader(doc: ["The input of the instance `recorded` starts, or `nil` when it starts none."], isStatic: true),
                name: "input",
                parameters: [
                    SwiftParameter(label: "startedBy", name: "recorded", type: .named("RecordedEvent")),
                    SwiftParameter(name: "codec", type: .named("PayloadCodec")),
                ],
                throwing: .untyped, result: .optional(.declared("Input")),
                body: [.switchStmt(subject: .member(.identifier("recorded"), "typeName"), cases: [
                    SwiftSwitchCase(pattern: .value(typeName), body: [
                        decodeRecordedEvent(eventType(aggregate, event), used: SwiftExprFacts.mentions(input, "event")),
                        .returnStmt(input),
                    ]),
                    SwiftSwitchCase(pattern: .defaultCase, body: [.returnStmt(.nilLiteral)]),
                ])]
            )),
        ]
    }
}
