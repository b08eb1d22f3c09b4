import EVDLSyntax

extension Checker {
    /// Warnings: `let` and `if let` constants never read, events never emitted, events without `apply` whose data the state keeps, service commands never
    /// invoked or sent, and types and enums never used.
    func checkUnused() {
        for local in declaredLocals where !usedLocals.contains(local.span) && local.name != "_" {
            report(SemaDiagnostics.unusedLocal(local.name, at: local.span))
        }
        for d in aggregateDecls {
            guard let agg = symbols.aggregates[d.name.name], agg.nameSpan == d.name.span else { continue }
            var emitted: Set<String> = []
            for command in agg.commands.values { emitted.formUnion(command.emittedEvents) }
            for name in agg.eventOrder {
                let event = agg.events[name]!
                if !emitted.contains(name) {
                    report(SemaDiagnostics.eventNeverEmitted(event.qualifiedName, at: event.nameSpan))
                }
                if !event.hasApply, let field = event.fields.fields.first(where: { agg.state[$0.name] != nil }) {
                    report(SemaDiagnostics.eventWithoutApply(event.qualifiedName, field: field.name, aggregate: agg.name,
                                                             at: event.nameSpan))
                }
            }
        }
        for d in serviceDecls {
            guard let service = symbols.services[d.name.name], service.nameSpan == d.name.span else { continue }
            for name in service.commandOrder where !usedServiceCommands.contains("\(service.name).\(name)") {
                report(SemaDiagnostics.serviceCommandUnused("\(service.name).\(name)", at: service.commands[name]!.nameSpan))
            }
        }
        for declaration in declarationOrder {
            switch declaration {
            case .type(let d):
                if topLevel[d.name.name]?.span == d.name.span, !usedTypes.contains(d.name.name) {
                    report(SemaDiagnostics.unusedType("type", d.name.name, at: d.name.span))
                }
            case .enumeration(let d):
                if topLevel[d.name.name]?.span == d.name.span, !usedTypes.contains(d.name.name) {
                    report(SemaDiagnostics.unusedType("enum", d.name.name, at: d.name.span))
                }
            case .aggregate, .service, .projection, .saga, .policy, .publish, .scenario:
                break
            }
        }
    }
}

extension Checker {
    /// Records that a `let` or `if let` constant is read (for EVDL0705 and the generator's `_`).
    func markUsed(_ binding: Binding) {
        if let declaration = binding.declaration { usedLocals.insert(declaration) }
    }
}
