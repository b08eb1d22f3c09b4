import EVDLSema
import EVDLSyntax

/// Reads the contracts of a checked spec module: what `evdlc lock` writes and `evdlc check --against` compares.
public enum ContractExtractor {
    /// The contracts of a module checked without errors. Enums and types are included when a stored payload or a
    /// consumer holds them (events, saga inputs and results, service commands and results), with the types inside them.
    public static func contracts(of model: SemanticModel) -> ContractLock {
        let symbols = model.symbols
        let renames = Renames(model.files)
        var contracts: [Contract] = []
        var stored = Reachable(symbols)
        var visible = Reachable(symbols)

        for aggregate in symbols.aggregates.values {
            for event in aggregate.events.values {
                var members: [ContractMember] = []
                if let id = event.identity { members.append(member(.identity, id, was: nil)) }
                let was = renames.of("event \(event.qualifiedName)")
                members += event.fields.fields.map { member(.field, $0, was: was[$0.name]) }
                contracts.append(Contract(kind: .event, name: event.qualifiedName, version: event.version, members: members, span: event.nameSpan))
                stored.add(event.fields)
            }
            if aggregate.snapshotEvery != nil {
                contracts.append(Contract(kind: .state, name: aggregate.name,
                                          members: aggregate.state.fields.map { member(.field, $0, was: nil) }, span: aggregate.nameSpan))
            }
        }
        for service in symbols.services.values {
            for command in service.commands.values {
                var members = command.fields.fields.map { member(.field, $0, was: renames.of("service \(command.qualifiedName)")[$0.name]) }
                let resultRenames = renames.of("result \(command.qualifiedName)")
                members += (command.result?.fields ?? []).map { member(.result, $0, was: resultRenames[$0.name]) }
                contracts.append(Contract(kind: .service, name: command.qualifiedName, members: members, span: command.nameSpan))
                stored.add(command.fields)
                visible.add(command.fields)
                if let result = command.result {
                    stored.add(result)
                    visible.add(result)
                }
            }
        }
        for saga in symbols.sagas.values {
            var members = saga.input.fields.map { member(.input, $0, was: renames.of("saga \(saga.name)")[$0.name]) }
            for step in saga.steps {
                guard let binding = step.binding, let type = step.bindingType else { continue }
                members.append(ContractMember(role: .result, name: binding, type: type.description, span: step.declarationSpan))
            }
            contracts.append(Contract(kind: .saga, name: saga.name, members: members, span: saga.nameSpan))
            stored.add(saga.input)
        }
        var topics: [String: [(String, Span)]] = [:]
        for route in symbols.publishes {
            guard case .aggregateEvent(let aggregate, let event)? = route.event else { continue }
            topics["\(aggregate).\(event)", default: []].append((route.topic, route.declarationSpan))
            if let published = symbols.aggregates[aggregate]?.events[event] { visible.add(published.fields) }
        }
        for (event, routes) in topics {
            let span = routes.map(\.1).min { $0.start < $1.start }
            var seen: Set<String> = []
            let members = routes.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
                .map { ContractMember(role: .topic, name: $0.0, span: $0.1) }
            contracts.append(Contract(kind: .publish, name: event, members: members, span: span))
        }
        for projection in symbols.projections.values {
            var members: [ContractMember] = []
            if let key = projection.key { members.append(member(.key, key, was: nil)) }
            members += projection.row.fields.map { member(.row, $0, was: nil) }
            contracts.append(Contract(kind: .projection, name: projection.name, members: members, span: projection.nameSpan))
        }
        for name in stored.records {
            guard let record = symbols.records[name] else { continue }
            let was = renames.of("type \(name)")
            contracts.append(Contract(kind: .record, name: name, members: record.fields.fields.map { member(.field, $0, was: was[$0.name]) },
                                      span: record.nameSpan))
        }
        var caseSpans: [String: [String: Span]] = [:]
        for file in model.files {
            for case .enumeration(let declaration) in file.declarations {
                caseSpans[declaration.name.name] = Dictionary(declaration.cases.map { ($0.name.name, $0.name.span) }, uniquingKeysWith: { a, _ in a })
            }
        }
        for name in stored.enums.union(visible.enums) {
            guard let enumeration = symbols.enums[name] else { continue }
            let members = enumeration.cases.map { ContractMember(role: .enumCase, name: $0, span: caseSpans[name]?[$0]) }
            contracts.append(Contract(kind: .enumeration, name: name, members: members, span: enumeration.nameSpan))
        }
        return ContractLock(contracts: contracts, consumerVisibleEnums: visible.enums)
    }

    private static func member(_ role: MemberRole, _ field: FieldSymbol, was previous: String?) -> ContractMember {
        ContractMember(role: role, name: field.name, type: field.type.description, hasDefault: field.hasDefault,
                       previousName: previous, span: field.nameSpan)
    }
}

/// The declared types and enums reachable from some fields.
private struct Reachable {
    let symbols: SymbolTable
    var records: Set<String> = []
    var enums: Set<String> = []

    init(_ symbols: SymbolTable) { self.symbols = symbols }

    mutating func add(_ fields: FieldList) {
        for field in fields.fields { add(field.type) }
    }

    mutating func add(_ type: SemType) {
        switch type {
        case .array(let element), .optional(let element): add(element)
        case .dictionary(let key, let value):
            add(key)
            add(value)
        case .record(let name):
            guard records.insert(name).inserted, let record = symbols.records[name] else { return }
            add(record.fields)
        case .enumeration(let name): enums.insert(name)
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .message, .nilLiteral, .emptyCollection, .error, .result:
            return
        }
    }
}

/// The `was` names of a module's fields, by owner (`event Account.Deposited`, `type Line`, `saga Checkout`,
/// `service Payment.Charge`, `result Payment.Charge`) and field.
private struct Renames {
    private var byOwner: [String: [String: String]] = [:]

    init(_ files: [SpecFile]) {
        for file in files {
            for declaration in file.declarations {
                switch declaration {
                case .type(let d): add("type \(d.name.name)", d.fields)
                case .aggregate(let d):
                    for case .event(let event) in d.members { add("event \(d.name.name).\(event.name.name)", event.fields) }
                case .service(let d):
                    for command in d.commands {
                        add("service \(d.name.name).\(command.name.name)", command.fields)
                        add("result \(d.name.name).\(command.name.name)", command.result ?? [])
                    }
                case .saga(let d):
                    for case .input(let block) in d.members { add("saga \(d.name.name)", block.fields) }
                case .enumeration, .projection, .policy, .publish, .scenario: continue
                }
            }
        }
    }

    private mutating func add(_ owner: String, _ fields: [FieldDecl]) {
        for field in fields {
            if let previous = field.previousName { byOwner[owner, default: [:]][field.name.name] = previous.name }
        }
    }

    func of(_ owner: String) -> [String: String] { byOwner[owner] ?? [:] }
}
