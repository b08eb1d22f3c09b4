import EVDLSema
import EVDLSyntax

/// One aggregate's `decide` and `apply` blocks, run by the interpreter as the generated `decide` and `evolve` run.
struct AggregateMachine {
    let evaluator: Evaluator
    let symbol: AggregateSymbol
    let decides: [String: DecideDecl]
    let applies: [String: ApplyDecl]

    init(_ declaration: AggregateDecl, symbol: AggregateSymbol, evaluator: Evaluator) {
        self.evaluator = evaluator
        self.symbol = symbol
        var decides: [String: DecideDecl] = [:]
        var applies: [String: ApplyDecl] = [:]
        // Keyed by the qualified names messages carry (`Order.OrderPlaced`), so that no lookup splits a name.
        let prefix = declaration.name.name + "."
        for d in declaration.decides where decides[prefix + d.command.name] == nil { decides[prefix + d.command.name] = d }
        for a in declaration.applies where applies[prefix + a.event.name] == nil { applies[prefix + a.event.name] = a }
        self.decides = decides
        self.applies = applies
    }

    /// What deciding a command led to.
    enum Decision {
        case accepted([Value.Fields])
        case rejected(String)
        /// A rejection by the command's existence rule, before `decide` (`aggregateNotFound`, `aggregateAlreadyExists`).
        case existence(code: String, message: String)
        /// The command is decided in Swift.
        case notInterpreted
    }

    /// The state before any event.
    func initialState(now: Value) throws(Stop) -> Value.Fields {
        try evaluator.build(symbol.name + ".State", given: [:], Frame(now: now), at: symbol.nameSpan)
    }

    /// The state after `event` (an event without `apply` leaves it as it is).
    func apply(_ event: Value.Fields, to state: Value.Fields, now: Value) throws(Stop) -> Value.Fields {
        guard let apply = applies[event.typeName] else { return state }
        let f = Frame(now: now)
        f.state = state
        f.event = event
        if let id = symbol.identity?.name { f.identity = event[id] ?? .none }
        try evaluator.run(apply.body, f)
        return f.state ?? state
    }

    /// Decides `command` on `state`, meeting a stream of `version` events.
    func decide(_ command: Value.Fields, state: Value.Fields, version: Int, now: Value) throws(Stop) -> Decision {
        guard let commandSymbol = symbol.commands[String(command.typeName.dropFirst(symbol.name.count + 1))] else { return .notInterpreted }
        let id: Value = symbol.identity.flatMap { command[$0.name] } ?? .none
        let idText = ValueText.swiftDescription(id, type: symbol.identity?.type, layouts: evaluator.layouts)
        switch commandSymbol.existence {
        case .existing where version == 0:
            return .existence(code: "aggregateNotFound",
                              message: "`\(command.typeName)` needs an existing `\(symbol.name)`, but `\(symbol.name)` `\(idText)` does not exist")
        case .creates where version > 0:
            return .existence(code: "aggregateAlreadyExists",
                              message: "`\(command.typeName)` creates `\(symbol.name)` `\(idText)`, which already exists (version \(version))")
        case .existing, .creates, .createsIfMissing:
            break
        }
        guard let decide = decides[command.typeName] else { return .notInterpreted }
        let f = Frame(now: now)
        f.command = command
        f.state = state
        f.identity = id
        f.fillsIdentity = true
        do {
            try evaluator.run(decide.body, f)
        } catch let stop {
            if case .rejected(let message) = stop.kind { return .rejected(message) }
            throw stop
        }
        return .accepted(f.emitted)
    }
}
