import EVDLSyntax

/// The built-in type names.
let builtinTypes: [String: SemType] = [
    "Int": .int, "Double": .double, "Decimal": .decimal, "String": .string, "Bool": .bool, "UUID": .uuid, "Date": .date,
    "Duration": .duration,
]

extension Checker {
    /// Pass 1: every top-level name (one namespace for types, enums, aggregates, services, projections, sagas
    /// and policies), enum cases, and the owners of every command and event name.
    func collectDeclarations() {
        topLevel.reserveCapacity(declarationCount)
        for declaration in declarationOrder {
            switch declaration {
            case .type(let d): declare(d.name, .type)
            case .enumeration(let d):
                if declare(d.name, .enumeration) { collectEnum(d) }
            case .aggregate(let d):
                if declare(d.name, .aggregate) { collectAggregateMessages(d) }
            case .service(let d):
                if declare(d.name, .service) { collectServiceMessages(d) }
            case .projection(let d): declare(d.name, .projection)
            case .saga(let d): declare(d.name, .saga)
            case .policy(let d): declare(d.name, .policy)
            case .publish, .scenario: break
            }
        }
    }

    /// Records a top-level name; reports a duplicate (or a clash with a built-in type) and returns `false` then.
    @discardableResult
    func declare(_ name: Identifier, _ kind: DeclarationKind) -> Bool {
        if builtinTypes[name.name] != nil {
            report(SemaDiagnostics.duplicateDeclaration(kind.keyword, name.name, at: name.span, first: nil))
            return false
        }
        if let first = topLevel[name.name] {
            report(SemaDiagnostics.duplicateDeclaration(kind.keyword, name.name, at: name.span, first: first.span))
            return false
        }
        topLevel[name.name] = (kind, name.span)
        return true
    }

    private func collectEnum(_ d: EnumDecl) {
        var cases: [String] = []
        var seen: [String: Span] = [:]
        for c in d.cases {
            if let first = seen[c.name.name] {
                report(SemaDiagnostics.duplicateMember("case", c.name.name, in: "enum `\(d.name.name)`", at: c.name.span, first: first))
                continue
            }
            seen[c.name.name] = c.name.span
            cases.append(c.name.name)
            caseOwners[c.name.name, default: []].append(d.name.name)
        }
        symbols.enums[d.name.name] = EnumSymbol(name: d.name.name, cases: cases, caseSet: Set(cases), nameSpan: d.name.span)
    }

    private func collectAggregateMessages(_ d: AggregateDecl) {
        var seen: [String: Span] = [:]
        for member in d.members {
            switch member {
            case .command(let c):
                if let first = seen[c.name.name] {
                    report(SemaDiagnostics.duplicateMember("command or event", c.name.name, in: "aggregate `\(d.name.name)`", at: c.name.span, first: first))
                    continue
                }
                seen[c.name.name] = c.name.span
                commandOwners[c.name.name, default: []].append(.aggregate(d.name.name))
            case .event(let e):
                if let first = seen[e.name.name] {
                    report(SemaDiagnostics.duplicateMember("command or event", e.name.name, in: "aggregate `\(d.name.name)`", at: e.name.span, first: first))
                    continue
                }
                seen[e.name.name] = e.name.span
                eventOwners[e.name.name, default: []].append(d.name.name)
            case .id, .snapshot, .state, .decide, .apply: break
            }
        }
    }

    private func collectServiceMessages(_ d: ServiceDecl) {
        var seen: [String: Span] = [:]
        for c in d.commands {
            if let first = seen[c.name.name] {
                report(SemaDiagnostics.duplicateMember("command", c.name.name, in: "service `\(d.name.name)`", at: c.name.span, first: first))
                continue
            }
            seen[c.name.name] = c.name.span
            commandOwners[c.name.name, default: []].append(.service(d.name.name))
        }
    }
}
