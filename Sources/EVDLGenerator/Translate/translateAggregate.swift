import EVDLSyntax

extension Translator {
    /// `aggregate Order { … }` → `struct Order: EventSourcedAggregate`, a namespace holding `State`, the command and
    /// event structs, `Command`, `Event`, `decide` and `evolve`. Commands without a `decide` block (`emits`) become
    /// requirements of `Order.SwiftDecisions`, which the user implements and passes to `Order(swiftDecisions:)`.
    func translateAggregate(_ aggregate: AggregateDecl) -> [SwiftDecl] {
        let name = aggregate.name.name
        let swiftDecided = swiftDecidedCommands(of: aggregate)
        var members: [SwiftDecl] = [
            .typeAlias(SwiftTypeAlias(
                header: memberHeader(doc: ["The type of the aggregate id (`\(aggregate.id?.name.name ?? "id")`)."]), name: "ID",
                type: aggregate.id.map { swiftType($0.type) } ?? .named("UUID")
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: ["The aggregate's name: the prefix of its stream ids and event type names."], isStatic: true),
                name: "name", type: .named("String"), kind: .constant(.string([.text(name)]))
            )),
            .property(SwiftProperty(
                header: memberHeader(doc: ["Take a snapshot every this many events (`nil`: never)."], isStatic: true),
                name: "snapshotEvery", type: .optional(.named("Int")),
                kind: .constant(aggregate.snapshotEvery.map { .integer(String($0)) } ?? .nilLiteral)
            )),
        ]
        if swiftDecided.isEmpty {
            members.append(.initializer(SwiftInitializer(
                header: memberHeader(doc: ["Creates the aggregate (every command is decided by the spec)."]), parameters: [], body: []
            )))
        } else {
            let commandList = swiftDecided.map { "`\($0.name.name)`" }.joined(separator: ", ")
            members.append(.property(SwiftProperty(
                header: memberHeader(doc: ["The Swift implementation of the commands the spec leaves to Swift (\(commandList))."]),
                name: "swiftDecisions", type: .named("any SwiftDecisions"), kind: .constant(nil)
            )))
            members.append(.initializer(SwiftInitializer(
                header: memberHeader(doc: ["Creates the aggregate with the Swift implementation of \(commandList)."]),
                parameters: [SwiftParameter(name: "swiftDecisions", type: .named("any SwiftDecisions"))],
                body: [.assign(target: .member(.verbatim("self"), "swiftDecisions"), op: "=", value: .identifier("swiftDecisions"))]
            )))
        }
        members.append(translateState(of: aggregate))
        members += aggregate.commands.map { translateCommand($0, of: aggregate) }
        members += aggregate.events.map { translateEvent($0, of: aggregate) }
        members.append(commandSet(of: aggregate))
        members.append(eventSet(of: aggregate))
        if !swiftDecided.isEmpty { members.append(swiftDecisionsProtocol(aggregate, commands: swiftDecided)) }
        members += upcastingMembers(aggregate)
        members.append(decideDispatch(aggregate))
        members += aggregate.decides.compactMap { translateDecide($0, of: aggregate) }
        members += translateEvolve(aggregate)
        return [.structure(SwiftTypeDecl(
            header: typeHeader(doc: docLines(aggregate.doc)), name: name,
            conformances: [.named("EventSourcedAggregate")], members: members
        ))]
    }

    /// Commands with no `decide` block, in written order.
    func swiftDecidedCommands(of aggregate: AggregateDecl) -> [CommandDecl] {
        let decided = Set(aggregate.decides.map(\.command.name))
        return aggregate.commands.filter { !decided.contains($0.name.name) }
    }

    /// The events a Swift-decided command may emit: `emits A` returns `[A]`, several return `[Event]`.
    private func swiftDecisionResult(_ command: CommandDecl, of aggregate: AggregateDecl) -> (type: SwiftType, caseName: String?) {
        if command.emits.count == 1, let event = index.event(command.emits[0].name, in: aggregate) {
            return (relativeTo(messageType(namespace: aggregate.name.name, name: event.name.name, isEvent: true)),
                    eventCaseNames(aggregate)[event.name.name])
        }
        return (.named("Event"), nil)
    }

    /// The requirements of `Order.SwiftDecisions`, one per command decided in Swift (with the command).
    func swiftDecisionRequirements(_ aggregate: AggregateDecl, commands: [CommandDecl]) -> [(SwiftFunction, CommandDecl)] {
        commands.map { command in
            let emits = command.emits.map { "`\($0.name)`" }.joined(separator: ", ")
            return (SwiftFunction(
                header: SwiftDeclHeader(doc: ["Decides `\(command.name.name)`" + (emits.isEmpty ? "." : "; it may emit \(emits).")], access: .none),
                name: "decide",
                parameters: decideParameters(commandType: relativeTo(messageType(namespace: aggregate.name.name, name: command.name.name, isEvent: false))),
                throwing: .untyped, result: .array(swiftDecisionResult(command, of: aggregate).type), body: nil
            ), command)
        }
    }

    private func swiftDecisionsProtocol(_ aggregate: AggregateDecl, commands: [CommandDecl]) -> SwiftDecl {
        let requirements = swiftDecisionRequirements(aggregate, commands: commands).map { SwiftDecl.function($0.0) }
        return .protocolDecl(SwiftTypeDecl(
            header: typeHeader(doc: [
                "The commands of `\(aggregate.name.name)` decided in Swift. Throw `CommandRejection` to reject one.",
            ]),
            name: "SwiftDecisions", conformances: [.named("Sendable")], members: requirements
        ))
    }

    /// `(_ command: C, state: State, context: CommandContext)`.
    func decideParameters(commandType: SwiftType) -> [SwiftParameter] {
        [
            SwiftParameter(label: "_", name: "command", type: commandType),
            SwiftParameter(name: "state", type: .named("State")),
            SwiftParameter(name: "context", type: .named("CommandContext")),
        ]
    }

    /// `func decide(_ command: Command, …)`: dispatches each command to its spec `decide` or to `swiftDecisions`.
    private func decideDispatch(_ aggregate: AggregateDecl) -> SwiftDecl {
        let caseNames = commandCaseNames(aggregate)
        let swiftDecided = Set(swiftDecidedCommands(of: aggregate).map(\.name.name))
        let forwarded: [SwiftArgument] = [
            SwiftArgument(value: .identifier("command")),
            SwiftArgument(label: "state", value: .identifier("state")),
            SwiftArgument(label: "context", value: .identifier("context")),
        ]
        let cases = aggregate.commands.map { command -> SwiftSwitchCase in
            let call: SwiftExpr
            if swiftDecided.contains(command.name.name) {
                let decided = SwiftExpr.call(.member(.identifier("swiftDecisions"), "decide"), forwarded)
                if let caseName = swiftDecisionResult(command, of: aggregate).caseName {
                    call = .tryExpr(.call(.member(decided, "map"), [SwiftArgument(value: .member(.type(.named("Event")), caseName))]))
                } else {
                    call = .tryExpr(decided)
                }
            } else {
                call = .tryExpr(.call(.member(.verbatim("Self"), "decide"), forwarded))
            }
            return SwiftSwitchCase(pattern: .enumCaseBinding(caseNames[command.name.name] ?? command.name.name, binding: "command"),
                                   body: [.returnStmt(call)])
        }
        return .function(SwiftFunction(
            header: memberHeader(doc: ["Decides which events `command` causes in `state`; throws `CommandRejection` when a `require` fails."]),
            name: "decide", parameters: decideParameters(commandType: .named("Command")),
            throwing: .untyped, result: .array(.named("Event")),
            // An aggregate without commands (its events written elsewhere, or kept for stored history) has an empty
            // `Command`, so the body is unreachable: any statement in it warns as never executed, and Swift needs none.
            body: cases.isEmpty ? [] : [.switchStmt(subject: .identifier("command"), cases: cases)]
        ))
    }
}
