import EVDLSyntax

/// Builds the diagrams of a checked spec module from its trees.
struct FlowGraphBuilder {
    let specs: [SpecFile]
    private var aggregates: [AggregateDecl] = []
    private var services: [ServiceDecl] = []
    private var enums: [String: EnumDecl] = [:]

    init(specs: [SpecFile]) {
        self.specs = specs
        for spec in specs {
            for declaration in spec.declarations {
                switch declaration {
                case .aggregate(let aggregate): aggregates.append(aggregate)
                case .service(let service): services.append(service)
                case .enumeration(let decl): enums[decl.name.name] = decl
                case .type, .projection, .saga, .policy, .publish, .scenario: break
                }
            }
        }
    }

    var aggregateNames: [String] { aggregates.map(\.name.name) }

    var sagaNames: [String] { declarations.compactMap { if case .saga(let saga) = $0 { saga.name.name } else { nil } } }

    private var declarations: [Declaration] { specs.flatMap(\.declarations) }

    // MARK: Names

    /// The node of an event named `Aggregate.Event`, or `Event` when one aggregate has it.
    func eventNode(_ name: QualifiedName) -> String? {
        resolve(name, in: aggregates.map { ($0.name.name, $0.events.map(\.name.name)) }).map { GraphID.make("event", $0, $1) }
    }

    /// The node of a command of an aggregate or a service.
    func commandNode(_ name: QualifiedName) -> String? {
        let owners = aggregates.map { ($0.name.name, $0.commands.map(\.name.name)) } + services.map { ($0.name.name, $0.commands.map(\.name.name)) }
        return resolve(name, in: owners).map { GraphID.make("command", $0, $1) }
    }

    private func resolve(_ name: QualifiedName, in owners: [(String, [String])]) -> (String, String)? {
        let last = name.last.name
        if let qualifier = name.qualifier?.name {
            return owners.first { $0.0 == qualifier && $0.1.contains(last) }.map { ($0.0, last) }
        }
        let matches = owners.filter { $0.1.contains(last) }
        return matches.count == 1 ? (matches[0].0, last) : nil
    }

    // MARK: The event flow

    /// Commands and events in a cluster per aggregate and service; projections, policies, sagas and topics around
    /// them. `only` keeps the edges that touch one aggregate's nodes (and the nodes they join).
    func flow(only aggregate: String? = nil) -> FlowDiagram {
        var diagram = FlowDiagram(title: "Event flow", id: "flow")
        for decl in aggregates {
            let owner = decl.name.name
            var nodes = decl.commands.map { GraphNode(id: GraphID.make("command", owner, $0.name.name), label: $0.name.name, kind: .command) }
            nodes += decl.events.map { GraphNode(id: GraphID.make("event", owner, $0.name.name), label: $0.name.name, kind: .event) }
            diagram.clusters.append(GraphCluster(id: GraphID.make("aggregate", owner), label: "aggregate \(owner)", nodes: nodes))
            for command in decl.commands {
                let from = GraphID.make("command", owner, command.name.name)
                var emitted = command.emits.map(\.name)
                for decide in decl.decides where decide.command.name == command.name.name {
                    emitted += EmitCollector.events(in: decide.body).map(\.last.name)
                }
                for event in unique(emitted) where decl.events.contains(where: { $0.name.name == event }) {
                    diagram.edges.append(GraphEdge(from: from, to: GraphID.make("event", owner, event), label: nil))
                }
            }
        }
        for service in services {
            let nodes = service.commands.map { GraphNode(id: GraphID.make("command", service.name.name, $0.name.name), label: $0.name.name, kind: .command) }
            diagram.clusters.append(GraphCluster(id: GraphID.make("service", service.name.name), label: "service \(service.name.name)", nodes: nodes))
        }
        for declaration in declarations {
            switch declaration {
            case .projection(let projection):
                let id = GraphID.make("projection", projection.name.name)
                diagram.nodes.append(GraphNode(id: id, label: projection.name.name, kind: .projection))
                for handler in projection.handlers {
                    if let event = eventNode(handler.event) { diagram.edges.append(GraphEdge(from: event, to: id, label: nil)) }
                }
            case .policy(let policy):
                let id = GraphID.make("policy", policy.name.name)
                diagram.nodes.append(GraphNode(id: id, label: policy.name.name, kind: .policy))
                if let trigger = policy.trigger, let event = eventNode(trigger) { diagram.edges.append(GraphEdge(from: event, to: id, label: nil)) }
                for send in policy.sends {
                    if let command = commandNode(send.command.name) {
                        diagram.edges.append(GraphEdge(from: id, to: command, label: send.delay.map { "after \($0.value)\($0.unit.rawValue)" }))
                    }
                }
            case .saga(let saga):
                let id = GraphID.make("saga", saga.name.name)
                diagram.nodes.append(GraphNode(id: id, label: saga.name.name, kind: .saga))
                if let start = saga.start, let event = eventNode(start.trigger.name) { diagram.edges.append(GraphEdge(from: event, to: id, label: "starts")) }
                for step in saga.steps {
                    if let invoke = step.invoke, let command = commandNode(invoke.name) {
                        diagram.edges.append(GraphEdge(from: id, to: command, label: step.name.name))
                    }
                    if case .command(let literal)? = step.compensate, let command = commandNode(literal.name) {
                        diagram.edges.append(GraphEdge(from: id, to: command, label: "undo \(step.name.name)", dashed: true))
                    }
                }
                for action in saga.failureActions {
                    if let command = commandNode(action.name) { diagram.edges.append(GraphEdge(from: id, to: command, label: "on failure", dashed: true)) }
                }
            case .publish(let publish):
                let id = GraphID.make("topic", publish.topic.value)
                if !diagram.nodes.contains(where: { $0.id == id }) {
                    diagram.nodes.append(GraphNode(id: id, label: publish.topic.value, kind: .topic))
                }
                if let event = eventNode(publish.event) { diagram.edges.append(GraphEdge(from: event, to: id, label: "publish")) }
            case .type, .enumeration, .aggregate, .service, .scenario:
                break
            }
        }
        diagram.edges = unique(diagram.edges)
        guard let aggregate else { return diagram }
        return restricted(diagram, to: aggregate)
    }

    /// The part of the flow that touches one aggregate: its cluster, the edges from or to its nodes, their other ends.
    private func restricted(_ diagram: FlowDiagram, to aggregate: String) -> FlowDiagram {
        let clusterID = GraphID.make("aggregate", aggregate)
        let own = Set(diagram.clusters.first { $0.id == clusterID }?.nodes.map(\.id) ?? [])
        var result = diagram
        result.title = "Event flow of \(aggregate)"
        result.edges = diagram.edges.filter { own.contains($0.from) || own.contains($0.to) }
        let kept = own.union(result.edges.flatMap { [$0.from, $0.to] })
        result.nodes = diagram.nodes.filter { kept.contains($0.id) }
        result.clusters = diagram.clusters.compactMap { cluster in
            let nodes = cluster.nodes.filter { kept.contains($0.id) }
            return nodes.isEmpty ? nil : GraphCluster(id: cluster.id, label: cluster.label, nodes: nodes)
        }
        return result
    }

    // MARK: Sagas

    /// A saga's steps in order, each with its compensation; the pivot (the first step without `compensate`) marked.
    func saga(named name: String) -> FlowDiagram? {
        guard let saga = declarations.lazy.compactMap({ if case .saga(let s) = $0, s.name.name == name { s } else { nil } }).first else { return nil }
        var diagram = FlowDiagram(title: "Saga \(name)", id: GraphID.make("saga", name))
        let start = GraphID.make("saga", name, "start")
        diagram.nodes.append(GraphNode(id: start, label: "start on \(saga.start.map { $0.trigger.name.description } ?? "?")", kind: .start))
        var previous = start
        let pivot = saga.steps.first { $0.compensate == nil }?.name.name
        for step in saga.steps {
            let id = GraphID.make("saga", name, "step", step.name.name)
            var lines = [step.name.name + (step.name.name == pivot ? " (pivot)" : "")]
            if let invoke = step.invoke { lines.append("invoke " + invoke.name.description) }
            var limits: [String] = []
            switch step.retry {
            case .times(let count, _)?: limits.append("retry \(count)")
            case .forever?: limits.append("retry forever")
            case nil: break
            }
            if let timeout = step.timeout { limits.append("timeout \(timeout.value)\(timeout.unit.rawValue)") }
            if case .nothing? = step.compensate { limits.append("nothing to undo") }
            if !limits.isEmpty { lines.append(limits.joined(separator: ", ")) }
            diagram.nodes.append(GraphNode(id: id, label: lines.joined(separator: "\n"), kind: step.name.name == pivot ? .pivot : .step))
            diagram.edges.append(GraphEdge(from: previous, to: id, label: nil))
            if case .command(let literal)? = step.compensate {
                let undo = GraphID.make("saga", name, "undo", step.name.name)
                diagram.nodes.append(GraphNode(id: undo, label: "compensate " + literal.name.description, kind: .compensation))
                diagram.edges.append(GraphEdge(from: id, to: undo, label: "undo", dashed: true))
            }
            previous = id
        }
        let done = GraphID.make("saga", name, "done")
        diagram.nodes.append(GraphNode(id: done, label: "done", kind: .start))
        diagram.edges.append(GraphEdge(from: previous, to: done, label: nil))
        if !saga.failureActions.isEmpty {
            let failure = GraphID.make("saga", name, "failure")
            let actions = saga.failureActions.map { "invoke " + $0.name.description }
            diagram.nodes.append(GraphNode(id: failure, label: (["on failure"] + actions).joined(separator: "\n"), kind: .failure))
            diagram.edges.append(GraphEdge(from: start, to: failure, label: "a step fails: undo, then", dashed: true))
        }
        return diagram
    }

    // MARK: State diagrams

    /// One state diagram per state field of an enum type that an `apply` block assigns a case to.
    func stateDiagrams(of aggregate: String) -> [StateDiagram] {
        guard let decl = aggregates.first(where: { $0.name.name == aggregate }) else { return [] }
        return StateMachineExtractor(aggregate: decl, enums: enums).diagrams()
    }

    private func unique<T: Hashable>(_ items: [T]) -> [T] {
        var seen: Set<T> = []
        return items.filter { seen.insert($0).inserted }
    }
}

/// The events a block emits, in order, also inside `if`, `if let` and `switch`.
enum EmitCollector {
    static func events(in block: Block) -> [QualifiedName] {
        block.statements.flatMap(events(in:))
    }

    static func events(in statement: Stmt) -> [QualifiedName] {
        switch statement.kind {
        case .emit(let literal): [literal.name]
        case .ifElse(_, let then, let otherwise), .ifLet(_, let then, let otherwise): events(in: then) + (otherwise.map(events(in:)) ?? [])
        case .switchStmt(_, let cases): cases.flatMap { events(in: $0.body) }
        case .require, .assign, .letBinding, .delete, .call, .error: []
        }
    }

    static func events(in branch: ElseBranch) -> [QualifiedName] {
        switch branch {
        case .block(let block): events(in: block)
        case .elseIf(let statement): events(in: statement)
        }
    }
}
