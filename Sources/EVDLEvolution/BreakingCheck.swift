import EVDLSyntax

/// A break (or warning) the comparison found, with the subject an `accept` line names to accept it.
public struct EvolutionFinding: Sendable, Hashable {
    /// The diagnostic: at the spec's place when there is one, with a note at the lock's line.
    public var diagnostic: Diagnostic
    /// What an `accept` line names: `event Account.Closed`, `field Account.Deposited.memo`, `case Currency.chf`.
    public var subject: String
}

/// Compares a spec's contracts with the lock: what stored events, saga histories, snapshots, read models and
/// consumers would no longer read. Rules and codes are in `EvolutionDiagnostics`; README.md lists them.
public enum BreakingCheck {
    /// The findings of `current` (from the spec) against `locked` (from the lock file), accepted ones turned into
    /// notes that carry the reason, plus the lock's own problems with its acceptances.
    public static func compare(locked: ContractLock, current: ContractLock) -> [Diagnostic] {
        var findings: [EvolutionFinding] = []
        findings += events(locked, current)
        findings += records(locked, current)
        findings += enums(locked, current)
        findings += sagas(locked, current)
        findings += services(locked, current)
        findings += routes(locked, current)
        findings += rebuildable(locked, current)
        return accept(findings, locked.acceptances)
    }

    /// Turns each finding an `accept` line names into a note carrying the reason; reports acceptances without a
    /// reason (`EVDL0891`) and acceptances that name nothing found (`EVDL0892`).
    static func accept(_ findings: [EvolutionFinding], _ acceptances: [Acceptance]) -> [Diagnostic] {
        var used: Set<Int> = []
        var diagnostics: [Diagnostic] = []
        for finding in findings {
            var diagnostic = finding.diagnostic
            if let index = acceptances.firstIndex(where: { $0.code == diagnostic.code && $0.subject == finding.subject }) {
                used.insert(index)
                let acceptance = acceptances[index]
                if !acceptance.reason.isEmpty {
                    diagnostic.severity = .note
                    diagnostic.notes.append(DiagnosticNote("accepted in the lock: \(acceptance.reason)", at: acceptance.span))
                    diagnostic.help = nil
                }
            }
            diagnostics.append(diagnostic)
        }
        for (index, acceptance) in acceptances.enumerated() {
            if acceptance.reason.isEmpty {
                diagnostics.append(EvolutionDiagnostics.acceptanceWithoutReason(acceptance))
            } else if !used.contains(index) {
                diagnostics.append(EvolutionDiagnostics.acceptanceUnused(acceptance))
            }
        }
        return diagnostics
    }

    // MARK: Events

    private static func events(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        let lockedByName = Dictionary(grouping: locked.contracts(.event), by: \.name)
        for name in lockedByName.keys.sorted() {
            let versions = lockedByName[name]!.sorted { ($0.version ?? 0) < ($1.version ?? 0) }
            let latest = versions.last!
            guard let now = current.contracts(.event, name).first else {
                // A retired type's removal was accepted when it was retired; one declared again is checked below
                // against every retired version, whose payloads are still stored.
                if !versions.allSatisfy(\.retired) {
                    findings.append(EvolutionDiagnostics.removed(latest, what: "stored events of this type could no longer be read"))
                }
                continue
            }
            let lockedVersion = latest.version ?? 1, version = now.version ?? 1
            if version < lockedVersion {
                findings.append(EvolutionDiagnostics.versionLowered(now, locked: latest))
                continue
            }
            if version > lockedVersion + 1 { findings.append(EvolutionDiagnostics.versionSkipped(now, locked: latest)) }
            for stored in versions {
                findings += readingRule(now, roles: [.identity, .field], stored: stored, storedName: "stored `\(name)` v\(stored.version ?? 1) payloads")
            }
            if version == lockedVersion {
                for field in latest.members where now.member(field.role, field.name) == nil {
                    findings.append(EvolutionDiagnostics.changedWithoutVersion(now, field: field))
                }
            }
        }
        return findings
    }

    /// The rule the generated decoder follows: each field of `now` is read under its name, then under its earlier
    /// name (`was`), and takes its default (or `nil`) when neither is stored. A field found nowhere without a
    /// default cannot be read (`EVDL0813`); one stored as a type it cannot decode as cannot either (`EVDL0814`).
    static func readingRule(_ now: Contract, roles: Set<MemberRole>, stored: Contract, storedName: String) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for field in now.members where roles.contains(field.role) {
            let match = stored.members.first { roles.contains($0.role) && $0.name == field.name }
                ?? field.previousName.flatMap { previous in stored.members.first { roles.contains($0.role) && $0.name == previous } }
            guard let match else {
                if !field.hasDefault { findings.append(EvolutionDiagnostics.valueMissing(field, of: now, in: storedName, storedAt: stored)) }
                continue
            }
            guard let newType = TypeShape(field.type), let oldType = TypeShape(match.type) else { continue }
            if !newType.reads(oldType) {
                findings.append(EvolutionDiagnostics.typeChanged(field, of: now, stored: match, in: storedName))
            }
        }
        return findings
    }

    // MARK: Types and enums

    private static func records(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        locked.contracts(.record).flatMap { old -> [EvolutionFinding] in
            guard let now = current.contracts(.record, old.name).first else { return [] }
            return readingRule(now, roles: [.field], stored: old, storedName: "stored `\(old.name)` values")
        }
    }

    private static func enums(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for old in locked.contracts(.enumeration) {
            guard let now = current.contracts(.enumeration, old.name).first else { continue }
            for removed in old.members where now.member(.enumCase, removed.name) == nil {
                findings.append(EvolutionDiagnostics.caseRemoved(removed, of: now))
            }
            if current.consumerVisibleEnums.contains(now.name) {
                for added in now.members where old.member(.enumCase, added.name) == nil {
                    findings.append(EvolutionDiagnostics.caseAdded(added, of: now, locked: old))
                }
            }
        }
        return findings
    }

    // MARK: Sagas, services, routes

    private static func sagas(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for old in locked.contracts(.saga) {
            guard let now = current.contracts(.saga, old.name).first else {
                findings.append(EvolutionDiagnostics.removed(old, what: "sagas that are still running could not be resumed or compensated"))
                continue
            }
            findings += readingRule(now, roles: [.input], stored: old, storedName: "stored inputs of `\(old.name)`")
            for result in now.members(.result) {
                guard let stored = old.member(.result, result.name), stored.type != result.type else { continue }
                findings.append(EvolutionDiagnostics.typeChanged(result, of: now, stored: stored, in: "stored histories of `\(old.name)`"))
            }
        }
        return findings
    }

    private static func services(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for old in locked.contracts(.service) {
            guard let now = current.contracts(.service, old.name).first else {
                findings.append(EvolutionDiagnostics.removed(old, what: "its implementation and saga histories that invoked it would be orphaned"))
                continue
            }
            for field in old.members(.field) {
                if let kept = now.member(.field, field.name) {
                    if kept.type != field.type { findings.append(EvolutionDiagnostics.serviceChanged(now, field: kept, locked: field, change: "is now `\(kept.type)` (was `\(field.type)`)")) }
                } else {
                    findings.append(EvolutionDiagnostics.serviceChanged(now, field: nil, locked: field, change: "was removed"))
                }
            }
            for field in now.members(.field) where old.member(.field, field.name) == nil && !field.hasDefault {
                findings.append(EvolutionDiagnostics.serviceChanged(now, field: field, locked: nil, change: "was added without a default"))
            }
            findings += readingRule(now, roles: [.result], stored: old, storedName: "stored results of `\(old.name)` (saga histories)")
        }
        return findings
    }

    private static func routes(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for old in locked.contracts(.publish) {
            let now = current.contracts(.publish, old.name).first
            for topic in old.members(.topic) where now?.member(.topic, topic.name) == nil {
                findings.append(EvolutionDiagnostics.routeRemoved(old.name, topic: topic, now: now))
            }
        }
        return findings
    }

    // MARK: Snapshots and read models

    private static func rebuildable(_ locked: ContractLock, _ current: ContractLock) -> [EvolutionFinding] {
        var findings: [EvolutionFinding] = []
        for kind in [ContractKind.state, .projection] {
            for old in locked.contracts(kind) {
                guard let now = current.contracts(kind, old.name).first else { continue }
                let key: (ContractMember) -> String = { "\($0.role.rawValue) \($0.name): \($0.type)" }
                let before = Set(old.members.map(key)), after = Set(now.members.map(key))
                guard before != after else { continue }
                let changed = now.members.first { !before.contains(key($0)) }
                let gone = old.members.first { !after.contains(key($0)) }
                findings.append(EvolutionDiagnostics.rebuildableChanged(now, locked: old, changed: changed, gone: gone))
            }
        }
        return findings
    }
}
