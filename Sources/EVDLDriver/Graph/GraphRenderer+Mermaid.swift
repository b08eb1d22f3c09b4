/// Prints diagrams as Mermaid (rendered by GitHub, GitLab and most documentation tools): Markdown with one heading
/// and one fenced `mermaid` block per diagram — flowcharts for the event flow and the sagas, `stateDiagram-v2` for
/// the state machines.
enum MermaidGraphRenderer {
    static func render(_ document: GraphDocument) -> String {
        var blocks: [String] = []
        if let flow = document.flow { blocks.append(section(flow.title, flowchart(flow, direction: "LR"))) }
        for saga in document.sagas { blocks.append(section(saga.title, flowchart(saga, direction: "TB"))) }
        for machine in document.states { blocks.append(section("States of \(machine.title)", states(machine))) }
        return blocks.joined(separator: "\n")
    }

    private static func section(_ title: String, _ body: String) -> String {
        "## \(title)\n\n```mermaid\n\(body)```\n"
    }

    private static func flowchart(_ diagram: FlowDiagram, direction: String) -> String {
        var out = "flowchart \(direction)\n"
        for cluster in diagram.clusters {
            out += "  subgraph \(cluster.id)[\(quoted(cluster.label))]\n"
            for node in cluster.nodes { out += "    " + shape(node) + "\n" }
            out += "  end\n"
        }
        for node in diagram.nodes { out += "  " + shape(node) + "\n" }
        for edge in diagram.edges {
            let arrow = edge.dashed ? "-.->" : "-->"
            out += "  \(edge.from) \(arrow)" + (edge.label.map { "|\(quoted($0))|" } ?? "") + " \(edge.to)\n"
        }
        let nodes = diagram.allNodes
        for kind in GraphNodeKind.allCases {
            let members = nodes.filter { $0.kind == kind }.map(\.id)
            guard !members.isEmpty, let style = style(kind) else { continue }
            out += "  classDef \(kind.rawValue) \(style)\n"
            out += "  class \(members.joined(separator: ",")) \(kind.rawValue)\n"
        }
        return out
    }

    private static func states(_ machine: StateDiagram) -> String {
        var out = "stateDiagram-v2\n"
        if let initial = machine.initial { out += "  [*] --> \(initial)\n" }
        for transition in machine.transitions {
            out += "  \(transition.from) --> \(transition.to): \(transition.event)\n"
        }
        return out
    }

    private static func shape(_ node: GraphNode) -> String {
        let label = quoted(node.label)
        switch node.kind {
        case .command: return "\(node.id)([\(label)])"
        case .event, .step, .compensation, .failure, .state: return "\(node.id)[\(label)]"
        case .projection: return "\(node.id)[(\(label))]"
        case .policy, .pivot: return "\(node.id){{\(label)}}"
        case .saga: return "\(node.id)[[\(label)]]"
        case .topic: return "\(node.id)>\(label)]"
        case .start: return "\(node.id)((\(label)))"
        }
    }

    private static func style(_ kind: GraphNodeKind) -> String? {
        switch kind {
        case .command: "fill:#dbeafe,stroke:#2563eb"
        case .event: "fill:#ffedd5,stroke:#ea580c"
        case .projection: "fill:#dcfce7,stroke:#16a34a"
        case .policy: "fill:#f3e8ff,stroke:#9333ea"
        case .saga: "fill:#fef9c3,stroke:#ca8a04"
        case .topic: "fill:#e0f2fe,stroke:#0284c7"
        case .pivot: "fill:#fee2e2,stroke:#dc2626,stroke-width:3px"
        case .compensation: "fill:#f5f5f5,stroke:#737373,stroke-dasharray:4 3"
        case .failure: "fill:#fee2e2,stroke:#b91c1c"
        case .step, .start, .state: nil
        }
    }

    /// A label in double quotes: quotes as `#quot;`, line breaks as `<br/>`.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "\n": out += "<br/>"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
