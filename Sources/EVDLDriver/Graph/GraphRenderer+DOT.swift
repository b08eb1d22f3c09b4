/// Prints diagrams as one Graphviz DOT graph (`dot -Tsvg` renders it): a cluster per diagram, and inside the event
/// flow a cluster per aggregate and service.
enum DOTGraphRenderer {
    static func render(_ document: GraphDocument) -> String {
        var out = """
            digraph evdl {
              rankdir=LR;
              compound=true;
              node [fontname="Helvetica", fontsize=11];
              edge [fontname="Helvetica", fontsize=9];

            """
        if let flow = document.flow { out += flowchart(flow) }
        for saga in document.sagas { out += flowchart(saga) }
        for machine in document.states { out += states(machine) }
        return out + "}\n"
    }

    private static func flowchart(_ diagram: FlowDiagram) -> String {
        var out = "  subgraph cluster_\(diagram.id) {\n    label=\(quoted(diagram.title));\n    fontname=\"Helvetica-Bold\";\n"
        for cluster in diagram.clusters {
            out += "    subgraph cluster_\(cluster.id) {\n      label=\(quoted(cluster.label));\n      style=rounded;\n"
            for node in cluster.nodes { out += "      " + declaration(node) + "\n" }
            out += "    }\n"
        }
        for node in diagram.nodes { out += "    " + declaration(node) + "\n" }
        for edge in diagram.edges {
            var attributes: [String] = []
            if let label = edge.label { attributes.append("label=\(quoted(label))") }
            if edge.dashed { attributes.append("style=dashed") }
            out += "    \(edge.from) -> \(edge.to)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";\n"
        }
        return out + "  }\n"
    }

    private static func states(_ machine: StateDiagram) -> String {
        var out = "  subgraph cluster_\(machine.id) {\n    label=\(quoted("States of " + machine.title));\n    fontname=\"Helvetica-Bold\";\n"
        if machine.initial != nil { out += "    \(machine.id)__start [shape=point, width=0.15];\n" }
        for state in machine.states { out += "    \(machine.id)_\(state) [label=\(quoted(state)), shape=box, style=rounded];\n" }
        if let initial = machine.initial { out += "    \(machine.id)__start -> \(machine.id)_\(initial);\n" }
        for transition in machine.transitions {
            out += "    \(machine.id)_\(transition.from) -> \(machine.id)_\(transition.to) [label=\(quoted(transition.event))];\n"
        }
        return out + "  }\n"
    }

    private static func declaration(_ node: GraphNode) -> String {
        "\(node.id) [label=\(quoted(node.label)), \(style(node.kind))];"
    }

    private static func style(_ kind: GraphNodeKind) -> String {
        switch kind {
        case .command: "shape=box, style=\"rounded,filled\", fillcolor=\"#dbeafe\", color=\"#2563eb\""
        case .event: "shape=box, style=filled, fillcolor=\"#ffedd5\", color=\"#ea580c\""
        case .projection: "shape=cylinder, style=filled, fillcolor=\"#dcfce7\", color=\"#16a34a\""
        case .policy: "shape=hexagon, style=filled, fillcolor=\"#f3e8ff\", color=\"#9333ea\""
        case .saga: "shape=component, style=filled, fillcolor=\"#fef9c3\", color=\"#ca8a04\""
        case .topic: "shape=cds, style=filled, fillcolor=\"#e0f2fe\", color=\"#0284c7\""
        case .step: "shape=box, style=rounded"
        case .pivot: "shape=hexagon, style=filled, fillcolor=\"#fee2e2\", color=\"#dc2626\", penwidth=2"
        case .compensation: "shape=box, style=\"rounded,dashed\", color=\"#737373\""
        case .failure: "shape=octagon, style=filled, fillcolor=\"#fee2e2\", color=\"#b91c1c\""
        case .start: "shape=ellipse"
        case .state: "shape=box, style=rounded"
        }
    }

    /// A DOT string: backslashes and quotes escaped, line breaks as `\n`.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
