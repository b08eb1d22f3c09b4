import EVDLSyntax

/// A saga step's `as` binding.
private struct StepBinding {
    var name: String
    var step: Int
    var stepName: String
    var span: Span
    var field: FieldSymbol
}

extension Checker {
    /// Checks every saga: input, `start on`, steps (invoke, binding, compensation, the pivot rule, what each step
    /// may read), timeouts, and `on failure`.
    func checkSagas() {
        for d in sagaDecls where topLevel[d.name.name]?.span == d.name.span {
            guard var saga = symbols.sagas[d.name.name] else { continue }
            checkSagaMembers(d, &saga)
            symbols.sagas[d.name.name] = saga
        }
    }

    private func checkSagaMembers(_ d: SagaDecl, _ saga: inout SagaSymbol) {
        let name = d.name.name
        var inputSeen: Span?
        var startSeen: Span?
        for member in d.members {
            switch member {
            case .input(let block):
                if let inputSeen {
                    report(SemaDiagnostics.duplicateMember("block", "input", in: "saga `\(name)`", at: block.span, first: inputSeen))
                }
                inputSeen = inputSeen ?? block.span
            case .start(let start):
                if let startSeen {
                    report(SemaDiagnostics.duplicateMember("clause", "start on", in: "saga `\(name)`", at: start.span, first: startSeen))
                }
                startSeen = startSeen ?? start.span
            case .step, .onFailure: break
            }
        }
        if d.input == nil { report(SemaDiagnostics.missingSagaInput(name, at: d.name.span)) }
        if let start = d.start {
            let trigger = start.trigger
            if let event = resolveMessage(trigger.name, expecting: .event, within: nil) {
                saga.trigger = event.target
                var scope = Scope(.sagaStart)
                scope.contextValues = ["event": event.context]
                checkFieldArguments(trigger.arguments, identity: nil, identityAutoFilled: false, fields: saga.input,
                                    owner: "the input of `\(name)`", missingAt: trigger.name.span, scope)
            }
        } else {
            report(SemaDiagnostics.missingSagaStart(name, at: d.name.span))
        }

        let steps = d.steps
        var bindings: [StepBinding] = []
        var bindingIndex: [String: Int] = [:]
        var stepNames: [String: Span] = [:]
        var invokes: [MessageEntry?] = []
        for (i, step) in steps.enumerated() {
            if let first = stepNames[step.name.name] {
                report(SemaDiagnostics.duplicateMember("step", step.name.name, in: "saga `\(name)`", at: step.name.span, first: first))
            } else {
                stepNames[step.name.name] = step.name.span
            }
            var target: MessageEntry?
            if let invoke = step.invoke {
                target = resolveMessage(invoke.name, expecting: .command, within: nil)
            }  // a step without `invoke` is reported by the parser
            invokes.append(target)
            guard let binding = step.binding else { continue }
            if let input = saga.input[binding.name] {
                report(SemaDiagnostics.duplicateMember("name", binding.name, in: "saga `\(name)`", at: binding.span, first: input.nameSpan,
                                                       firstNote: "an input field of that name is declared here"))
                continue
            }
            if let j = bindingIndex[binding.name] {
                report(SemaDiagnostics.duplicateMember("binding", binding.name, in: "saga `\(name)`", at: binding.span, first: bindings[j].span))
                continue
            }
            var type = SemType.error
            if let command = target {
                if command.hasResult {
                    type = .result(command.qualifiedName)
                } else {
                    report(SemaDiagnostics.bindingWithoutResult(command.qualifiedName, at: binding.span, declared: command.nameSpan))
                }
            }
            let field = FieldSymbol(name: binding.name, type: type, hasDefault: false, nameSpan: binding.span)
            bindingIndex[binding.name] = bindings.count
            bindings.append(StepBinding(name: binding.name, step: i, stepName: step.name.name, span: binding.span, field: field))
        }

        // What each step reads: its invoke sees the bindings of earlier steps; its compensation also its own.
        var pivot: SagaStep?
        var produced = FieldList()
        var nextBinding = 0
        for (i, step) in steps.enumerated() {
            var symbol = SagaStepSymbol(name: step.name.name, invoke: invokes[i]?.target, binding: nil, bindingType: nil, compensation: nil,
                                        compensatesNothing: false, isPivot: false, declarationSpan: step.span)
            var scope = sagaScope(saga.input, produced: produced)
            for b in bindings[nextBinding...] {
                scope.pending[b.name] = (b.span, b.step == i ? "the step's own result does not exist before it completes"
                                                             : "produced by step `\(b.stepName)`, which runs later")
            }
            if let invoke = step.invoke {
                if let command = invokes[i] {
                    noteUse(command.target)
                    checkMessageArguments(invoke, entry: command, scope, identityAutoFilled: false)
                } else {
                    checkArgumentValuesOnly(invoke, scope)
                }
            }
            while nextBinding < bindings.count, bindings[nextBinding].step == i {
                let b = bindings[nextBinding]
                produced.append(b.field)
                scope.pending[b.name] = nil
                scope.layers[1] = NameLayer(fields: produced, kind: .stepResult, assignable: false)
                symbol.binding = b.name
                symbol.bindingType = b.field.type.containsError ? nil : b.field.type
                nextBinding += 1
            }
            switch step.compensate {
            case .command(let literal)?:
                if let command = resolveMessage(literal.name, expecting: .command, within: nil) {
                    symbol.compensation = command.target
                    noteUse(command.target)
                    checkMessageArguments(literal, entry: command, scope, identityAutoFilled: false)
                } else {
                    checkArgumentValuesOnly(literal, scope)
                }
            case .nothing?:
                symbol.compensatesNothing = true
            case nil:
                break
            }
            if let timeout = step.timeout, timeout.totalMilliseconds <= 0 {
                report(SemaDiagnostics.invalidTimeout(at: timeout.span))
            }
            var retriesForever = false
            if case .forever? = step.retry { retriesForever = true }
            if let pivot {
                if step.compensate == nil && !retriesForever {
                    report(SemaDiagnostics.multiplePivots(step.name.name, at: step.name.span, pivot: pivot.name.name, pivotSpan: pivot.name.span))
                } else if !retriesForever {
                    report(SemaDiagnostics.stepAfterPivot(step.name.name, at: step.name.span, pivot: pivot.name.name, pivotSpan: pivot.name.span))
                }
            } else if step.compensate == nil {
                pivot = step
                symbol.isPivot = true
            }
            saga.steps.append(symbol)
        }

        // `on failure` runs after compensation: no step result is known to exist.
        var failureScope = sagaScope(saga.input, produced: FieldList())
        for b in bindings {
            failureScope.pending[b.name] = (b.span, "`on failure` runs when steps may not have completed")
        }
        for action in d.failureActions {
            let command = resolveMessage(action.name, expecting: .command, within: nil)
            saga.failureActions.append(command?.target)
            if let command {
                noteUse(command.target)
                checkMessageArguments(action, entry: command, failureScope, identityAutoFilled: false)
            } else {
                checkArgumentValuesOnly(action, failureScope)
            }
        }
    }

    private func sagaScope(_ input: FieldList, produced: FieldList) -> Scope {
        var scope = Scope(.saga)
        scope.layers = [
            NameLayer(fields: input, kind: .sagaInput, assignable: false),
            NameLayer(fields: produced, kind: .stepResult, assignable: false),
        ]
        return scope
    }

    /// Remembers that a service command is invoked or sent.
    func noteUse(_ target: MessageTarget) {
        if case .serviceCommand(let s, let c) = target { usedServiceCommands.insert("\(s).\(c)") }
    }
}
