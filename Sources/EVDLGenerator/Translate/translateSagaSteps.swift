import EVDLSyntax

extension Translator {
    /// `enum Steps`: one `SagaStep` per `step`, named like it: its invoked command, the binding of its result,
    /// its compensation (a command, `.nothing`, or none for the pivot), its retry policy and its timeout.
    func sagaSteps(_ saga: SagaDecl) -> SwiftDecl {
        let name = saga.name.name
        let scope = ExpressionScope(context: .saga(saga))
        let pivot = saga.steps.firstIndex { $0.compensate == nil }
        let steps = saga.steps.enumerated().map { i, step -> SwiftDecl in
            .property(SwiftProperty(
                header: memberHeader(doc: docLines(step.doc) + [stepSummary(step, afterPivot: pivot.map { i > $0 } ?? false)], isStatic: true),
                name: step.name.name, type: sagaGeneric("SagaStep", name),
                kind: .constant(.call(.verbatim("SagaStep"), stepArguments(step, in: scope)))
            ))
        }
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: ["The steps of `\(name)`, in the order `steps` runs them."]), name: "Steps", members: steps
        ))
    }

    private func stepArguments(_ step: SagaStep, in scope: ExpressionScope) -> [SwiftArgument] {
        var arguments = [SwiftArgument(value: .string([.text(step.name.name)]))]
        if let invoke = step.invoke {
            arguments.append(SwiftArgument(label: "invoke", value: commandBuilder(commandValue(invoke, in: scope))))
        }
        if let binding = step.binding {
            arguments.append(SwiftArgument(label: "as", value: .closure(parameters: ["results", "result"], body: [
                .assign(target: .member(.identifier("results"), binding.name), op: "=", value: .identifier("result")),
            ])))
        }
        switch step.compensate {
        case .command(let literal)?:
            arguments.append(SwiftArgument(label: "compensate", value: .call(.implicitMember("command"), [
                SwiftArgument(value: commandBuilder(commandValue(literal, in: scope))),
            ])))
        case .nothing?:
            arguments.append(SwiftArgument(label: "compensate", value: .implicitMember("nothing")))
        case nil:
            break  // the pivot: `SagaStep`'s default
        }
        switch step.retry {
        case .times(let count, _)?:
            arguments.append(SwiftArgument(label: "retry", value: .call(.implicitMember("times"), [SwiftArgument(value: .integer(String(count)))])))
        case .forever?:
            arguments.append(SwiftArgument(label: "retry", value: .implicitMember("forever")))
        case nil:
            break
        }
        if let timeout = step.timeout {
            arguments.append(SwiftArgument(label: "timeout", value: durationValue(timeout)))
        }
        return arguments
    }

    /// "`chargePayment`: invokes `Payment.Charge`; undone by `Payment.Refund`." and the like.
    private func stepSummary(_ step: SagaStep, afterPivot: Bool) -> String {
        var text = "`\(step.name.name)`"
        if let invoke = step.invoke { text += ": invokes `\(invoke.name)`" }
        if let binding = step.binding { text += " (`as \(binding.name)`)" }
        switch step.compensate {
        case .command(let literal)?: text += "; undone by `\(literal.name)`"
        case .nothing?: text += "; nothing to undo"
        case nil: text += afterPivot ? "; runs after the pivot, so nothing undoes it" : "; the pivot, which cannot be undone"
        }
        switch step.retry {
        case .times(let count, _)?: text += "; retried up to \(count) time\(count == 1 ? "" : "s")"
        case .forever?: text += "; retried until it succeeds"
        case nil: break
        }
        if let timeout = step.timeout { text += "; each attempt limited to \(timeout.value)\(timeout.unit.rawValue)" }
        return text + "."
    }
}
