import EVDLSyntax

/// The event-evolution rules one spec can decide on its own (`EVDL0801`–`EVDL0803`).
///
/// A spec declares only the current version of each event, so rules that compare two versions (a field added
/// without a default, a field retyped, a version lowered) need the earlier shape: they are checked against the
/// contract lock by `evdlc check --against` (`EVDL0810` and up, in `EVDLEvolution`).
extension Checker {
    /// Checks every `was` in the spec: it renames a field of an event that has an earlier version, it names a field
    /// that is no longer there, and no two fields were renamed from the same name.
    func checkEvolution() {
        for aggregate in aggregateDecls {
            for member in aggregate.members {
                guard case .event(let event) = member else { continue }
                checkRenames(event.fields, owner: "\(aggregate.name.name).\(event.name.name)",
                             earlierVersions: event.version > 1 ? nil : event)
            }
        }
        for record in typeDecls { checkRenames(record.fields, owner: record.name.name, earlierVersions: nil) }
        for service in serviceDecls {
            for command in service.commands {
                checkRenames(command.fields, owner: "\(service.name.name).\(command.name.name)", earlierVersions: nil)
                checkRenames(command.result ?? [], owner: "the result of `\(service.name.name).\(command.name.name)`", earlierVersions: nil)
            }
        }
        for saga in sagaDecls {
            for case .input(let block) in saga.members {
                checkRenames(block.fields, owner: "the input of `\(saga.name.name)`", earlierVersions: nil)
            }
        }
    }

    /// `was` rules over one field list. `firstVersion` is the event when it is at version 1 (nothing to rename from).
    private func checkRenames(_ fields: [FieldDecl], owner: String, earlierVersions firstVersion: EventDecl?) {
        var renamedFrom: [String: Span] = [:]
        let current = Dictionary(fields.map { ($0.name.name, $0.name.span) }, uniquingKeysWith: { first, _ in first })
        for field in fields {
            guard let previous = field.previousName else { continue }
            if let event = firstVersion {
                report(SemaDiagnostics.renameInFirstVersion(field.name.name, from: previous.name, event: event.name.name, at: previous.span))
                continue
            }
            if previous.name == field.name.name {
                report(SemaDiagnostics.renameToItself(field.name.name, at: previous.span))
            } else if let still = current[previous.name] {
                report(SemaDiagnostics.renameFromCurrentField(field.name.name, from: previous.name, owner: owner, at: previous.span, declared: still))
            } else if let first = renamedFrom[previous.name] {
                report(SemaDiagnostics.renamedTwice(previous.name, owner: owner, at: previous.span, first: first))
            } else {
                renamedFrom[previous.name] = previous.span
            }
        }
    }
}
