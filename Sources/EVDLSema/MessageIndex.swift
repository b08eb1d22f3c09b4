import EVDLSyntax

/// The checker's reference-typed view of one command or event, for lookups that copy nothing.
final class MessageEntry {
    let target: MessageTarget
    let kind: MessageKind
    let owner: String
    let name: String
    let qualifiedName: String
    /// Where the message's name was declared.
    let nameSpan: Span
    /// The aggregate id (aggregate messages only).
    let identity: FieldSymbol?
    /// The declared fields (without the id).
    let fields: FieldList
    /// Whether the command declares a result (`-> { … }`).
    let hasResult: Bool
    /// The valid events of the command's `emits` list (aggregate commands; set when the aggregate is checked).
    var emits: [String] = []
    /// Where `emits` names its first event, if the command has an `emits` list.
    var emitsSpan: Span?
    /// The names written in the command's `emits` list, valid or not (empty for events and service commands).
    let declaredEmits: [Identifier]
    /// Events emitted by `emit` statements in the command's decide, in first-seen order.
    var emittedByDecide: [String] = []

    init(target: MessageTarget, kind: MessageKind, owner: String, name: String, nameSpan: Span, identity: FieldSymbol?,
         fields: FieldList, hasResult: Bool, emitsSpan: Span?, declaredEmits: [Identifier] = []) {
        self.target = target
        self.kind = kind
        self.owner = owner
        self.name = name
        self.qualifiedName = "\(owner).\(name)"
        self.nameSpan = nameSpan
        self.identity = identity
        self.fields = fields
        self.hasResult = hasResult
        self.emitsSpan = emitsSpan
        self.declaredEmits = declaredEmits
    }

    /// The field with a name, the id included.
    func field(_ name: String) -> FieldSymbol? {
        if let identity, identity.name == name { return identity }
        return fields[name]
    }

    /// The `event` (or `command`) context value.
    var context: ContextValue {
        ContextValue(type: .message(qualifiedName), members: fields, kind: kind == .event ? .event : .command, assignable: false,
                     identity: identity)
    }
}

extension Checker {
    /// Builds the message index from the resolved symbols.
    func buildMessageIndex() {
        messages.reserveCapacity(symbols.aggregates.count + symbols.services.count)
        for (name, agg) in symbols.aggregates {
            var entries: [String: MessageEntry] = [:]
            entries.reserveCapacity(agg.commands.count + agg.events.count)
            for (n, c) in agg.commands {
                entries[n] = MessageEntry(target: .aggregateCommand(aggregate: name, command: n), kind: .command, owner: name, name: n,
                                          nameSpan: c.nameSpan, identity: c.identity, fields: c.fields,
                                          hasResult: c.result != nil, emitsSpan: c.declaredEmits.first?.span,
                                          declaredEmits: c.declaredEmits)
            }
            for (n, e) in agg.events {
                entries[n] = MessageEntry(target: .aggregateEvent(aggregate: name, event: n), kind: .event, owner: name, name: n,
                                          nameSpan: e.nameSpan, identity: e.identity, fields: e.fields,
                                          hasResult: false, emitsSpan: nil)
            }
            messages[name] = entries
        }
        for (name, service) in symbols.services {
            var entries: [String: MessageEntry] = [:]
            entries.reserveCapacity(service.commands.count)
            for (n, c) in service.commands {
                entries[n] = MessageEntry(target: .serviceCommand(service: name, command: n), kind: .command, owner: name, name: n,
                                          nameSpan: c.nameSpan, identity: nil, fields: c.fields,
                                          hasResult: c.result != nil, emitsSpan: nil)
            }
            messages[name] = entries
        }
    }

    /// The entry a target names.
    func entry(_ target: MessageTarget) -> MessageEntry? {
        switch target {
        case .aggregateCommand(let a, let n), .aggregateEvent(let a, let n), .serviceCommand(let a, let n): messages[a]?[n]
        }
    }
}
