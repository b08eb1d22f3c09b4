import EVDLSyntax

extension Translator {
    /// `service Payment { … }` → `enum Payment` holding the command structs (`RoutedCommand`), the result structs of
    /// commands that declare `-> { … }`, and `routes(_:)`; plus `protocol PaymentService`, which the user
    /// implements in Swift and registers with a `CommandRouter` through `Payment.routes(service)`.
    func translateService(_ service: ServiceDecl) -> [SwiftDecl] {
        let name = service.name.name
        let resultNames = serviceResultNames(service)
        var members: [SwiftDecl] = []
        for command in service.commands {
            members.append(serviceCommand(command, of: service, resultName: resultNames[command.name.name]))
            if let result = command.result, let resultName = resultNames[command.name.name] {
                var type = valueStruct(
                    name: resultName, doc: ["What `\(name).\(command.name.name)` returns; a saga step binds it with `as`."],
                    fields: generatedFields(result),
                    conformances: [.named("Sendable"), .named("Codable"), .named("Hashable"), .named("JSONPayloadDecodable")],
                    extraMembers: []
                )
                type.members += decodingMembers(generatedFields(result), declared: result)
                type.members.append(jsonObjectInitializer(generatedFields(result), declared: result))
                members.append(.structure(type))
            }
        }
        members.append(serviceRoutes(service))
        return [
            .enumeration(SwiftTypeDecl(header: typeHeader(doc: docLines(service.doc)), name: name, members: members)),
            serviceProtocol(service, resultNames: resultNames),
        ]
    }

    /// The name of the protocol the user implements for a service: `Payment` → `PaymentService`.
    func serviceProtocolName(_ service: String) -> String {
        service + "Service"
    }

    /// The Swift name of a service command's result struct (`Charge` → `ChargeResult`), unique in the namespace.
    func serviceResultNames(_ service: ServiceDecl) -> [String: String] {
        let commandNames = service.commands.map { Naming.messageTypeName($0.name.name, kindSuffix: "Command") }
        let withResults = service.commands.filter { $0.result != nil }
        let names = Naming.unique(withResults.map { $0.name.name + "Result" }, avoiding: Set(commandNames))
        return Dictionary(zip(withResults.map(\.name.name), names), uniquingKeysWith: { first, _ in first })
    }

    /// The Swift type of a service command's result, by the command's qualified name (`Payment.Charge`).
    func serviceResultType(_ qualified: String) -> SwiftType? {
        let parts = qualified.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return nil }
        return serviceResultType(service: parts[0], command: parts[1])
    }

    /// The Swift type of a service command's result.
    func serviceResultType(service: String, command: String) -> SwiftType? {
        guard let d = index.services[service], let name = serviceResultNames(d)[command] else { return nil }
        return .member(.declared(service), name)
    }

    /// The requirement names of a service's commands in its protocol, by command: `CreateShipment` →
    /// `createShipment` (made unique: `URL` and `Url` both lower to `url`).
    func serviceMethodNames(_ service: ServiceDecl) -> [String: String] {
        let names = service.commands.map(\.name.name)
        return Dictionary(zip(names, Naming.unique(names.map(Naming.lowerCamel))), uniquingKeysWith: { first, _ in first })
    }

    private func serviceCommand(_ command: CommandDecl, of service: ServiceDecl, resultName: String?) -> SwiftDecl {
        var constants: [SwiftDecl] = []
        if let resultName {
            constants.append(.typeAlias(SwiftTypeAlias(
                header: memberHeader(doc: ["What the service returns for this command."]), name: "Result", type: .declared(resultName)
            )))
        }
        constants.append(.property(SwiftProperty(
            header: memberHeader(doc: ["The command's stable name."], isStatic: true),
            name: "typeName", type: .named("String"), kind: .constant(.string([.text("\(service.name.name).\(command.name.name)")]))
        )))
        var type = valueStruct(
            name: Naming.messageTypeName(command.name.name, kindSuffix: "Command"), doc: docLines(command.doc),
            fields: generatedFields(command.fields),
            conformances: [.named("RoutedCommand"), .named("Hashable"), .named("JSONPayloadDecodable")], extraMembers: constants
        )
        type.members += decodingMembers(generatedFields(command.fields), declared: command.fields)
        type.members.append(jsonObjectInitializer(generatedFields(command.fields), declared: command.fields))
        return .structure(type)
    }

    /// `static func routes(_ service: any PaymentService) -> [CommandRoute]`: one route per command, to the
    /// implementation's method.
    private func serviceRoutes(_ service: ServiceDecl) -> SwiftDecl {
        let name = service.name.name
        let methods = serviceMethodNames(service)
        let routes = service.commands.map { command -> SwiftExpr in
            let method = methods[command.name.name] ?? Naming.lowerCamel(command.name.name)
            let call = SwiftExpr.tryExpr(.awaitExpr(.call(.member(.identifier("service"), method), [
                SwiftArgument(value: .identifier("command")), SwiftArgument(label: "envelope", value: .identifier("envelope")),
            ])))
            let body: [SwiftStmt] = command.result == nil ? [.expression(call), .returnStmt(.call(.verbatim("NoResult"), []))] : [.expression(call)]
            return .call(.implicitMember("service"), [
                SwiftArgument(value: .metatypeValue(.declared(Naming.messageTypeName(command.name.name, kindSuffix: "Command")))),
                SwiftArgument(label: "service", value: .string([.text(name)])),
                SwiftArgument(value: .closure(parameters: ["command", "envelope"], body: body)),
            ])
        }
        var body: [SwiftStmt] = [.returnStmt(.array([]))]
        if !routes.isEmpty {
            body = [.variable(name: "routes", type: .array(.named("CommandRoute")), value: .array([]))]
            body += routes.map { .expression(.call(.member(.identifier("routes"), "append"), [SwiftArgument(value: $0)])) }
            body.append(.returnStmt(.identifier("routes")))
        }
        return .function(SwiftFunction(
            header: memberHeader(doc: ["The routes of every command of `\(name)` to `service`, for a `CommandRouter`."], isStatic: true),
            name: "routes",
            parameters: [SwiftParameter(label: "_", name: "service", type: .named("any " + serviceProtocolName(name)))],
            result: .array(.named("CommandRoute")), body: body
        ))
    }

    /// `protocol PaymentService: Sendable`: one requirement per command, returning its result (or nothing).
    private func serviceProtocol(_ service: ServiceDecl, resultNames: [String: String]) -> SwiftDecl {
        let name = service.name.name
        let methods = serviceMethodNames(service)
        let requirements = service.commands.map { command -> SwiftDecl in
            let doc = docLines(command.doc).isEmpty ? ["Handles `\(name).\(command.name.name)`."] : docLines(command.doc)
            return .function(SwiftFunction(
                header: SwiftDeclHeader(doc: doc, access: .none), name: methods[command.name.name] ?? Naming.lowerCamel(command.name.name),
                parameters: [
                    SwiftParameter(label: "_", name: "command",
                                   type: .member(.declared(name), Naming.messageTypeName(command.name.name, kindSuffix: "Command"))),
                    SwiftParameter(name: "envelope", type: .named("CommandEnvelope")),
                ],
                isAsync: true, throwing: .untyped,
                result: resultNames[command.name.name].map { .member(.declared(name), $0) }, body: nil
            ))
        }
        return .protocolDecl(SwiftTypeDecl(
            header: typeHeader(doc: [
                "The Swift implementation of `\(name)`, registered with `\(name).routes(_:)`.",
                "",
                "Each command may be delivered more than once: apply a given `envelope.idempotencyKey` once and return",
                "its first result for repeats. Throw `CommandRejection` (or any `PermanentError`) for a refusal that",
                "retrying cannot change; any other error counts as transient and may be retried.",
            ]),
            name: serviceProtocolName(name), conformances: [.named("Sendable")], members: requirements
        ))
    }
}
