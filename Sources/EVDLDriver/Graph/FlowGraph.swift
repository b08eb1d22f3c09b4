import EVDLSyntax

/// What a node of a diagram stands for; renderers give each kind its own shape and colour.
enum GraphNodeKind: String, Sendable, CaseIterable {
    case command, event, projection, policy, saga, topic, step, pivot, compensation, failure, start, state
}

/// A node: a stable identifier (letters, digits, `_`) and the text shown.
struct GraphNode: Hashable, Sendable {
    var id: String
    var label: String
    var kind: GraphNodeKind
}

/// An edge between two nodes, with an optional label; dashed edges are compensations and failure paths.
struct GraphEdge: Hashable, Sendable {
    var from: String
    var to: String
    var label: String?
    var dashed: Bool = false
}

/// A group of nodes drawn together (an aggregate with its commands and events, a service).
struct GraphCluster: Hashable, Sendable {
    var id: String
    var label: String
    var nodes: [GraphNode]
}

/// One diagram: loose nodes, clusters and edges, in the order they are printed.
struct FlowDiagram: Sendable {
    var title: String
    var id: String
    var nodes: [GraphNode] = []
    var clusters: [GraphCluster] = []
    var edges: [GraphEdge] = []

    /// Every node, in clusters or not.
    var allNodes: [GraphNode] { clusters.flatMap(\.nodes) + nodes }
}

/// A state diagram: the cases of an enum field of an aggregate's state and the events that move between them.
struct StateDiagram: Sendable {
    var title: String
    var id: String
    /// The state the field starts in (its default value), if it has one.
    var initial: String?
    var states: [String]
    /// `(from, to, event)`, in the order the `apply` blocks are written.
    var transitions: [(from: String, to: String, event: String)]
}

/// The diagrams of a spec module: the event flow, one per saga, one state diagram per enum field of an aggregate.
struct GraphDocument: Sendable {
    var flow: FlowDiagram?
    var sagas: [FlowDiagram] = []
    var states: [StateDiagram] = []
}

/// Turns names into node identifiers that every renderer accepts.
enum GraphID {
    static func make(_ parts: String...) -> String {
        parts.map { part in
            String(part.unicodeScalars.map { scalar -> Character in
                switch scalar {
                case "a"..."z", "A"..."Z", "0"..."9": Character(scalar)
                default: "_"
                }
            })
        }.joined(separator: "_")
    }
}
