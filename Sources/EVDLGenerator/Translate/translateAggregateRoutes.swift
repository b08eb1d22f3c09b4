import EVDLSyntax

extension Translator {
    /// What lets sagas and policies send an aggregate's commands through a `CommandRouter`: each command struct
    /// conforms to `AggregateCommand` (its aggregate and its case of the command set), and
    /// `Order.routes(_ repository:)` lists the routes of every command to the aggregate's repository.
    func translateAggregateRoutes(_ aggregate: AggregateDecl) -> [SwiftDecl] {
        guard !aggregate.commands.isEmpty else { return [] }
        let name = aggregate.name.name
        let caseNames = commandCaseNames(aggregate)
        var result: [SwiftDecl] = aggregate.commands.map { command in
            .extensionDecl(SwiftExtension(
                header: SwiftDeclHeader(access: .none, isNonisolated: true),
                extendedType: messageType(namespace: name, name: command.name.name, isEvent: false),
                conformances: [.named("AggregateCommand")],
                members: [
                    .typeAlias(SwiftTypeAlias(header: memberHeader(doc: ["The aggregate that decides this command."]),
                                              name: "Aggregate", type: .declared(name))),
                    .property(SwiftProperty(
                        header: memberHeader(doc: ["This command as a case of `\(name).Command`."]),
                        name: "aggregateCommand", type: .member(.declared(name), "Command"),
                        kind: .computed([.returnStmt(.call(.implicitMember(caseNames[command.name.name] ?? command.name.name),
                                                           [SwiftArgument(value: .verbatim("self"))]))])
                    )),
                ]
            ))
        }
        let routes = aggregate.commands.map { command -> SwiftStmt in
            .expression(.call(.member(.identifier("routes"), "append"), [SwiftArgument(value: .call(.implicitMember("aggregate"), [
                SwiftArgument(value: .metatypeValue(relativeTo(messageType(namespace: name, name: command.name.name, isEvent: false)))),
                SwiftArgument(value: .identifier("repository")),
            ]))]))
        }
        result.append(.extensionDecl(SwiftExtension(
            header: SwiftDeclHeader(access: .none, isNonisolated: true), extendedType: .declared(name),
            members: [.function(SwiftFunction(
                header: memberHeader(doc: ["The routes of every command of `\(name)` to `repository`, for a `CommandRouter`."], isStatic: true),
                name: "routes",
                parameters: [SwiftParameter(label: "_", name: "repository", type: .generic(.named("Repository"), [.declared(name)]))],
                result: .array(.named("CommandRoute")),
                body: [.variable(name: "routes", type: .array(.named("CommandRoute")), value: .array([]))] + routes
                    + [.returnStmt(.identifier("routes"))]
            ))]
        )))
        return result
    }
}
