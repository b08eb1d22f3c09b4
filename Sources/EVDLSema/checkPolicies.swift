import EVDLSyntax

extension Checker {
    /// Checks every policy: the trigger event, the `where` filter, and each command sent (with its delay).
    func checkPolicies() {
        for d in policyDecls where topLevel[d.name.name]?.span == d.name.span {
            var symbol = PolicySymbol(name: d.name.name, trigger: nil, sends: [], declarationSpan: d.span)
            var scope = Scope(.policy)
            var event: MessageEntry?
            if let trigger = d.trigger, let found = resolveMessage(trigger, expecting: .event, within: nil) {
                symbol.trigger = found.target
                event = found
            }
            if let event { scope.contextValues = ["event": event.context, "recorded": RecordedMetadata.context(at: d.span)] }
            if let filter = d.filter, event != nil { checkCondition(filter, scope, clause: "where") }
            let bindings = policyBindings(d)
            for binding in bindings { scope.pending[binding.name.name] = (binding.name.span, "bound by a later send; sends run in written order") }
            for (i, send) in d.sends.enumerated() {
                if let delay = send.delay, delay.totalMilliseconds <= 0 { report(SemaDiagnostics.invalidDelay(at: delay.span)) }
                let command = resolveMessage(send.command.name, expecting: .command, within: nil)
                symbol.sends.append(command?.target)
                if let command {
                    noteUse(command.target)
                    if event != nil { checkMessageArguments(send.command, entry: command, scope, identityAutoFilled: false) }
                }
                // The result is in scope for the sends after this one.
                guard let binding = bindings.first(where: { $0.send == i }) else { continue }
                scope.pending[binding.name.name] = nil
                var type = SemType.error
                if send.delay != nil {
                    report(SemaDiagnostics.bindingOnDelayedSend(binding.name.name, at: binding.name.span))
                } else if let command {
                    if command.hasResult {
                        type = .result(command.qualifiedName)
                    } else {
                        report(SemaDiagnostics.policyBindingWithoutResult(command.qualifiedName, at: binding.name.span))
                    }
                }
                _ = scope.declareLocal(binding.name.name, type: type, span: binding.name.span)
            }
            symbols.policies[d.name.name] = symbol
        }
    }

    /// The `as` bindings of a policy's sends, with the index of their send; a name bound twice is reported and
    /// keeps its first binding.
    private func policyBindings(_ d: PolicyDecl) -> [(name: Identifier, send: Int)] {
        var result: [(name: Identifier, send: Int)] = []
        for (i, send) in d.sends.enumerated() {
            guard let binding = send.binding else { continue }
            if let first = result.first(where: { $0.name.name == binding.name }) {
                report(SemaDiagnostics.duplicatePolicyBinding(binding.name, at: binding.span, first: first.name.span))
                continue
            }
            result.append((binding, i))
        }
        return result
    }

    /// Checks every `publish`: an event, a non-empty topic, no route twice.
    func checkPublishes() {
        var routes: [String: Span] = [:]
        for d in publishDecls {
            let event = resolveMessage(d.event, expecting: .event, within: nil)
            symbols.publishes.append(PublishSymbol(event: event?.target, topic: d.topic.value, declarationSpan: d.span))
            if d.topic.value.allSatisfy(\.isWhitespace) {
                report(SemaDiagnostics.emptyTopic(at: d.topic.span))
                continue
            }
            guard let event else { continue }
            let key = event.qualifiedName + "\u{0}" + d.topic.value
            if let first = routes[key] {
                report(SemaDiagnostics.duplicateRoute(event.qualifiedName, topic: d.topic.value, at: d.span, first: first))
            } else {
                routes[key] = d.span
            }
        }
    }

    /// Warns about cycles event → policy → command → event (through the events each command can emit).
    /// Strongly connected components (Tarjan), one warning per cyclic component, with one cycle as the path.
    func checkPolicyCycles() {
        // Nodes are events (qualified names). Edges: event --policy sends command--> each event the command emits.
        struct Edge { var to: String; var policy: String; var command: String; var span: Span }
        var edges: [String: [Edge]] = [:]
        var nodes: [String] = []
        for d in policyDecls {
            guard let policy = symbols.policies[d.name.name], policy.declarationSpan == d.span,
                  let trigger = policy.trigger, let event = entry(trigger) else { continue }
            for case let target? in policy.sends {
                guard let command = symbols.command(target), case .aggregate(let a) = command.owner else { continue }
                for emitted in command.emittedEvents {
                    if edges[event.qualifiedName] == nil { nodes.append(event.qualifiedName) }
                    edges[event.qualifiedName, default: []].append(
                        Edge(to: "\(a).\(emitted)", policy: policy.name, command: command.qualifiedName, span: d.trigger?.span ?? d.name.span))
                }
            }
        }
        guard !edges.isEmpty else { return }
        // Tarjan's algorithm, iterative.
        var index: [String: Int] = [:]
        var low: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var counter = 0
        var components: [[String]] = []
        for root in nodes where index[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            index[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack.insert(root)
            while let (node, next) = work.last {
                let out = edges[node] ?? []
                if next < out.count {
                    work[work.count - 1].next += 1
                    let to = out[next].to
                    if index[to] == nil {
                        index[to] = counter; low[to] = counter; counter += 1
                        stack.append(to); onStack.insert(to)
                        work.append((to, 0))
                    } else if onStack.contains(to) {
                        low[node] = min(low[node]!, index[to]!)
                    }
                    continue
                }
                work.removeLast()
                if let parent = work.last { low[parent.node] = min(low[parent.node]!, low[node]!) }
                if low[node] == index[node] {
                    var component: [String] = []
                    while let top = stack.popLast() {
                        onStack.remove(top)
                        component.append(top)
                        if top == node { break }
                    }
                    components.append(component)
                }
            }
        }
        var order: [String: Int] = [:]
        for (i, node) in nodes.enumerated() { order[node] = i }
        for component in components {
            let members = Set(component)
            let start = component.min { (order[$0] ?? Int.max, $0) < (order[$1] ?? Int.max, $1) } ?? component[0]
            let selfLoop = (edges[start] ?? []).contains { $0.to == start }
            guard component.count > 1 || selfLoop else { continue }
            // Breadth-first search inside the component for the shortest way back to `start`.
            var previous: [String: (from: String, edge: Edge)] = [:]
            var queue = [start]
            var head = 0
            var closing: Edge?
            var closingFrom = start
            search: while head < queue.count {
                let node = queue[head]; head += 1
                for edge in edges[node] ?? [] where members.contains(edge.to) {
                    if edge.to == start { closing = edge; closingFrom = node; break search }
                    if previous[edge.to] == nil && edge.to != start {
                        previous[edge.to] = (node, edge)
                        queue.append(edge.to)
                    }
                }
            }
            guard let closing else { continue }
            var path: [Edge] = [closing]
            var node = closingFrom
            while node != start, let step = previous[node] {
                path.append(step.edge)
                node = step.from
            }
            path.reverse()
            var text = "`\(start)`"
            var notes: [DiagnosticNote] = []
            for edge in path {
                text += " → `\(edge.policy)` sends `\(edge.command)` → `\(edge.to)`"
                notes.append(DiagnosticNote("policy `\(edge.policy)` sends `\(edge.command)`, which can emit `\(edge.to)`", at: edge.span))
            }
            report(SemaDiagnostics.policyCycle(path: text, at: path[0].span, notes: notes))
        }
    }
}
