import EVDLSyntax

/// `evdlc graph [paths…]`: diagrams of a spec module in Mermaid or Graphviz DOT — the event flow, each saga's steps,
/// the state machine of each aggregate.
enum GraphCommand {
    /// The diagram formats.
    enum Format: String, CaseIterable {
        case mermaid, dot
    }

    /// The kinds of diagram `--only` selects.
    enum Only: String, CaseIterable {
        case flow, sagas, states
    }

    /// The command line of `graph`.
    static let definition = CommandDefinition(
        name: "graph", summary: "Draw the event flow, the sagas and the state machines as Mermaid or Graphviz DOT.",
        argumentsSynopsis: "[paths…]", minimumArguments: 0, maximumArguments: nil,
        options: [
            OptionDefinition("format", value: "FORMAT", allowed: Format.allCases.map(\.rawValue), help: "mermaid (Markdown with one mermaid block per diagram; the default) or dot (one Graphviz graph)."),
            OptionDefinition("aggregate", value: "NAME", help: "Only what touches this aggregate: its part of the event flow and its state machine."),
            OptionDefinition("saga", value: "NAME", help: "Only this saga's steps."),
            OptionDefinition("only", value: "KIND", allowed: Only.allCases.map(\.rawValue), help: "Only the event flow, the sagas or the state machines."),
        ],
        discussion: """
            The event flow: each aggregate's commands and the events its decisions emit, services and their \
            commands, and the projections, policies, sagas and published topics that events reach. A saga: its \
            steps in order, each compensation (dashed), the pivot (the first step without `compensate`) marked, and \
            what runs on failure. A state machine: for each state field of an enum type, the cases the `apply` \
            blocks move it to, from the states the `decide` blocks allow (`require status == placed`, `if`, \
            `switch`), starting at the field's default.

            Render DOT with Graphviz: `evdlc graph --format dot Sources | dot -Tsvg > flow.svg`.

            Exit status: 0 drawn, 1 the specs have errors (printed on standard error), 2 wrong command line, an \
            unreadable input, or no aggregate or saga of the name given.
            """)

    /// Runs the command and returns its exit status.
    static func run(_ arguments: ParsedArguments, context: DriverContext) -> ExitStatus {
        let outcome = CheckCommand.check(arguments.positionals, warningsAsErrors: false, context: context)
        if outcome.hasErrors {
            context.standardError.write(PlainDiagnosticRenderer().render(outcome.diagnostics.filter { $0.severity == .error }, sources: outcome.sources))
            return outcome.exitStatus
        }
        let builder = FlowGraphBuilder(specs: outcome.specs)
        let aggregate = arguments.values["aggregate"]
        let saga = arguments.values["saga"]
        if let aggregate, !builder.aggregateNames.contains(aggregate) {
            context.standardError.write("error: no aggregate `\(aggregate)` in the specs (aggregates: \(builder.aggregateNames.joined(separator: ", ")))\n")
            return .usage
        }
        if let saga, !builder.sagaNames.contains(saga) {
            context.standardError.write("error: no saga `\(saga)` in the specs (sagas: \(builder.sagaNames.joined(separator: ", ")))\n")
            return .usage
        }
        let only = arguments.values["only"].flatMap(Only.init(rawValue:))
        var document = GraphDocument()
        let everything = aggregate == nil && saga == nil
        if only == nil || only == .flow, everything || aggregate != nil {
            document.flow = builder.flow(only: aggregate)
        }
        if only == nil || only == .sagas {
            let names = everything ? builder.sagaNames : (saga.map { [$0] } ?? [])
            document.sagas = names.compactMap(builder.saga(named:))
        }
        if only == nil || only == .states {
            let names = everything ? builder.aggregateNames : (aggregate.map { [$0] } ?? [])
            document.states = names.flatMap(builder.stateDiagrams(of:))
        }
        switch arguments.values["format"].flatMap(Format.init(rawValue:)) ?? .mermaid {
        case .mermaid: context.standardOutput.write(MermaidGraphRenderer.render(document))
        case .dot: context.standardOutput.write(DOTGraphRenderer.render(document))
        }
        context.retainUntilExit(outcome)
        return .success
    }
}
