import EVDLSyntax

/// The diagnostics of `evdlc check --against` and `evdlc lock` (`EVDL0810`–`EVDL0892`): what a spec change would
/// break for stored data and consumers. Each is at the spec's place when there is one, with a note at the lock's line
/// (or the other way round for what the spec no longer has), and names the subject an `accept` line takes.
public enum EvolutionDiagnostics {
    static let contractRemoved = DiagnosticCode("EVDL0810")
    static let versionLowered = DiagnosticCode("EVDL0811")
    static let versionSkipped = DiagnosticCode("EVDL0812")
    static let valueMissing = DiagnosticCode("EVDL0813")
    static let typeChanged = DiagnosticCode("EVDL0814")
    static let changedWithoutVersion = DiagnosticCode("EVDL0815")
    static let caseRemoved = DiagnosticCode("EVDL0816")
    static let caseAdded = DiagnosticCode("EVDL0817")
    static let serviceChanged = DiagnosticCode("EVDL0818")
    static let routeRemoved = DiagnosticCode("EVDL0819")
    static let rebuildableChanged = DiagnosticCode("EVDL0820")
    static let invalidLock = DiagnosticCode("EVDL0890")
    static let acceptanceWithoutReason = DiagnosticCode("EVDL0891")
    static let acceptanceUnused = DiagnosticCode("EVDL0892")

    /// Every code, in order.
    public static let allCodes: [DiagnosticCode] = [
        contractRemoved, versionLowered, versionSkipped, valueMissing, typeChanged, changedWithoutVersion, caseRemoved,
        caseAdded, serviceChanged, routeRemoved, rebuildableChanged, invalidLock, acceptanceWithoutReason, acceptanceUnused,
    ]

    private static func finding(
        _ severity: Severity, _ code: DiagnosticCode, _ message: String, subject: String, spec: Span?, lock: Span?,
        label: String, lockNote: String = "locked here", help: String
    ) -> EvolutionFinding {
        var notes: [DiagnosticNote] = []
        let primary = spec ?? lock
        if spec != nil, let lock { notes.append(DiagnosticNote(lockNote, at: lock)) }
        let accept = severity == .error ? "; to accept this break on purpose, add `accept \(code) \(subject): <why>` to the lock" : ""
        return EvolutionFinding(
            diagnostic: Diagnostic(severity, code, message, at: primary, label: label, notes: notes, help: help + accept),
            subject: subject)
    }

    static func removed(_ locked: Contract, what consequence: String) -> EvolutionFinding {
        let noun = locked.kind == .event ? "event type" : locked.kind == .service ? "service command" : locked.kind.rawValue
        return finding(.error, contractRemoved, "\(noun) `\(locked.name)` is in the lock but no longer in the spec",
                       subject: "\(locked.kind.rawValue) \(locked.name)", spec: nil, lock: locked.span,
                       label: "removed or renamed", help: "\(consequence); keep it (it may stop being used), or rename it back")
    }

    static func versionLowered(_ now: Contract, locked: Contract) -> EvolutionFinding {
        finding(.error, versionLowered, "`\(now.name)` is v\(now.version ?? 1), lower than the locked v\(locked.version ?? 1)",
                subject: "event \(now.name)", spec: now.span, lock: locked.span, label: "version lowered",
                help: "stored v\(locked.version ?? 1) payloads would be \"newer than this code knows\"; write `v\((locked.version ?? 1) + 1)` for a new shape")
    }

    static func versionSkipped(_ now: Contract, locked: Contract) -> EvolutionFinding {
        finding(.warning, versionSkipped, "`\(now.name)` goes from the locked v\(locked.version ?? 1) to v\(now.version ?? 1)",
                subject: "event \(now.name)", spec: now.span, lock: locked.span, label: "versions skipped",
                help: "no payload was stored with the versions in between; number the next version v\((locked.version ?? 1) + 1) unless an earlier branch used them")
    }

    static func valueMissing(_ field: ContractMember, of now: Contract, in stored: String, storedAt: Contract) -> EvolutionFinding {
        finding(.error, valueMissing, "field `\(field.name)` of `\(now.name)` has no value in \(stored)",
                subject: "field \(now.name).\(field.name)", spec: field.span, lock: storedAt.span,
                label: "added without a default, or renamed without `was`", lockNote: "the stored shape, without `\(field.name)`",
                help: "give it a default (`= …`) or an optional type, or write `was <oldName>` if it was renamed")
    }

    static func typeChanged(_ field: ContractMember, of now: Contract, stored: ContractMember, in where_: String) -> EvolutionFinding {
        finding(.error, typeChanged, "field `\(field.name)` of `\(now.name)` is `\(field.type)`, but \(where_) hold `\(stored.name)` as `\(stored.type)`",
                subject: "field \(now.name).\(field.name)", spec: field.span, lock: stored.span, label: "retyped",
                lockNote: "stored as `\(stored.type)` here",
                help: "keep the type (an optional of it, or `Decimal`/`Double` for an `Int`, also reads it), or add a field with a new name and a default")
    }

    static func changedWithoutVersion(_ now: Contract, field: ContractMember) -> EvolutionFinding {
        finding(.error, changedWithoutVersion,
                "field `\(field.name)` of `\(now.name)` was removed or renamed, but the event is still v\(now.version ?? 1)",
                subject: "field \(now.name).\(field.name)", spec: now.span, lock: field.span, label: "changed shape, same version",
                lockNote: "locked with `\(field.name)` here",
                help: "stored v\(now.version ?? 1) payloads and consumers hold `\(field.name)`; give the new shape a new version (`v\((now.version ?? 1) + 1)`)")
    }

    static func caseRemoved(_ removed: ContractMember, of now: Contract) -> EvolutionFinding {
        finding(.error, caseRemoved, "case `\(removed.name)` of `\(now.name)` is in the lock but no longer in the spec",
                subject: "case \(now.name).\(removed.name)", spec: now.span, lock: removed.span, label: "case removed or renamed",
                lockNote: "locked here",
                help: "stored payloads holding `\(removed.name)` could no longer be read; keep the case (a decide may refuse it)")
    }

    static func caseAdded(_ added: ContractMember, of now: Contract, locked: Contract) -> EvolutionFinding {
        finding(.warning, caseAdded, "new case `\(added.name)` of `\(now.name)` reaches consumers built from the lock",
                subject: "case \(now.name).\(added.name)", spec: added.span, lock: locked.span, label: "new case",
                lockNote: "the locked cases",
                help: "stored data reads it, but a published event or service call carrying it fails to decode in a consumer that does not know it yet; deploy consumers first, or accept it")
    }

    static func serviceChanged(_ now: Contract, field: ContractMember?, locked: ContractMember?, change: String) -> EvolutionFinding {
        let name = field?.name ?? locked?.name ?? ""
        return finding(.error, serviceChanged, "field `\(name)` of service command `\(now.name)` \(change)",
                       subject: "field \(now.name).\(name)", spec: field?.span ?? now.span, lock: locked?.span ?? now.span,
                       label: "the command's shape changed", lockNote: locked == nil ? "locked here" : "locked as `\(locked!.type)` here",
                       help: "the service's implementation and callers agree on this shape; add a new command, or add the field with a default")
    }

    static func routeRemoved(_ event: String, topic: ContractMember, now: Contract?) -> EvolutionFinding {
        let others = now?.members(.topic).map { "\"\($0.name)\"" } ?? []
        let message = others.isEmpty ? "`\(event)` is no longer published to \"\(topic.name)\""
            : "`\(event)` is now published to \(others.joined(separator: ", ")), no longer to \"\(topic.name)\""
        return finding(.error, routeRemoved, message, subject: "publish \(event) \"\(topic.name)\"", spec: now?.span, lock: topic.span,
                       label: "topic route changed", lockNote: "locked route",
                       help: "subscribers of \"\(topic.name)\" would stop receiving it; keep the route (publish to both while they move)")
    }

    static func rebuildableChanged(_ now: Contract, locked: Contract, changed: ContractMember?, gone: ContractMember?) -> EvolutionFinding {
        let what = changed.map { "`\($0.name)`" } ?? gone.map { "`\($0.name)` removed" } ?? "its fields"
        let (noun, consequence) = now.kind == .state
            ? ("the snapshotted state of `\(now.name)`", "snapshots of the older shape are ignored and the state is replayed from events")
            : ("the row of projection `\(now.name)`", "the read model must be rebuilt from events (reset its checkpoint)")
        return finding(.warning, rebuildableChanged, "\(noun) changed (\(what))", subject: "\(now.kind.rawValue) \(now.name)",
                       spec: changed?.span ?? now.span, lock: gone?.span ?? locked.span, label: "shape changed", lockNote: "the locked shape",
                       help: consequence)
    }

    static func invalidLock(_ problem: String, at span: Span) -> Diagnostic {
        Diagnostic(.error, invalidLock, "invalid lock file: \(problem)", at: span, label: "cannot read this line",
                   help: "rewrite the lock with `evdlc lock`; only `accept` lines are written by hand")
    }

    static func acceptanceWithoutReason(_ acceptance: Acceptance) -> Diagnostic {
        Diagnostic(.error, acceptanceWithoutReason, "`accept \(acceptance.code) \(acceptance.subject)` gives no reason", at: acceptance.span,
                   label: "no reason", help: "say why the break is safe after a colon: `accept \(acceptance.code) \(acceptance.subject): <why>`")
    }

    static func acceptanceUnused(_ acceptance: Acceptance) -> Diagnostic {
        Diagnostic(.warning, acceptanceUnused, "`accept \(acceptance.code) \(acceptance.subject)` accepts nothing the spec breaks", at: acceptance.span,
                   label: "nothing to accept", help: "remove the line (the next `evdlc lock` drops it), or correct the code or subject")
    }
}
