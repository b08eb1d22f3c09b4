import EVDLSyntax

extension Translator {
    /// `decide PlaceOrder { … }` → `static func decide(_ command: PlaceOrder, state: State, context: CommandContext)
    /// throws(CommandRejection) -> [Event]`: `require` becomes a `guard` throwing `CommandRejection` with the spec's
    /// message, `emit` appends to the result.
    func translateDecide(_ decide: DecideDecl, of aggregate: AggregateDecl) -> SwiftDecl? {
        guard let command = index.command(decide.command.name, in: aggregate) else { return nil }
        let scope = ExpressionScope(context: .decide(aggregate: aggregate, command: command))
        var statements = decide.body.statements
        var body: [SwiftStmt]
        // A block that ends with its only `emit` returns that event directly.
        if let last = statements.last, case .emit(let literal) = last.kind,
           !BlockFacts.emits(Block(statements: statements.dropLast(), span: decide.body.span)) {
            statements.removeLast()
            body = translateBlock(Block(statements: statements, span: decide.body.span), in: scope)
            body.append(.returnStmt(.array([emittedEvent(literal, in: scope)])))
        } else if BlockFacts.emits(decide.body) {
            body = [.variable(name: "events", type: .array(.named("Event")), value: .array([]))]
            body += translateBlock(decide.body, in: scope)
            body.append(.returnStmt(.identifier("events")))
        } else {
            body = translateBlock(decide.body, in: scope)
            body.append(.returnStmt(.array([])))
        }
        return .function(SwiftFunction(
            header: memberHeader(doc: ["Decides `\(command.name.name)` as the spec's `decide \(command.name.name)` says."], isStatic: true),
            name: "decide",
            parameters: decideParameters(commandType: relativeTo(messageType(namespace: aggregate.name.name, name: command.name.name, isEvent: false))),
            throwing: .typed(.named("CommandRejection")), result: .array(.named("Event")), body: body
        ))
    }
}
