import EVDLSema
import EVDLSyntax

/// Where an expression stands: what `command`, `event` and `state` name there, and the bindings in scope.
struct WalkContext {
    /// The command being decided (`Owner.Name`).
    var command: String?
    /// The event being applied or handled (`Owner.Name`).
    var event: String?
    /// The aggregate or projection whose state or row fields bare names read.
    var stateOwner: String?
    /// The saga whose input bare names read.
    var saga: String?
    /// Names bound by `let`, `if let`, closures, handler elements, step and send bindings, query parameters → keys.
    var scopes: [[String: String]] = [[:]]

    func lookup(_ name: String) -> String? {
        for scope in scopes.reversed() { if let key = scope[name] { return key } }
        return nil
    }
}

/// Walks the declarations of a checked module and fills a ``SymbolIndex``.
struct SymbolIndexBuilder {
    let model: SemanticModel
    let sources: SourceManager
    var index = SymbolIndex()

    init(model: SemanticModel, sources: SourceManager) {
        self.model = model
        self.sources = sources
    }

    var symbols: SymbolTable { model.symbols }

    func text(_ span: Span) -> String { sources[span.file].text(of: span) }

    mutating func declare(_ key: String, _ id: Identifier, _ category: SymbolCategory, full: Span? = nil, detail: String,
                          doc: DocComment? = nil, namespace: String, parent: String? = nil) {
        index.declare(SymbolInfo(key: key, name: id.name, category: category, span: id.span, fullSpan: full ?? id.span,
                                 detail: detail, doc: doc?.lines ?? [], namespace: namespace, parent: parent))
    }

    mutating func reference(_ key: String?, at span: Span, role: OccurrenceRole = .reference) {
        guard let key else { return }
        index.add(Occurrence(span: span, key: key, role: role))
    }

    // MARK: Declarations

    mutating func visit(_ declaration: Declaration) {
        switch declaration {
        case .type(let d):
            declare("d:\(d.name.name)", d.name, .type, full: d.span, detail: "type \(d.name.name)", doc: d.doc, namespace: "top")
            fields(d.fields, prefix: "f:\(d.name.name)", parent: "d:\(d.name.name)")
        case .enumeration(let d):
            let cases = d.cases.map(\.name.name).joined(separator: ", ")
            declare("d:\(d.name.name)", d.name, .enumeration, full: d.span, detail: "enum \(d.name.name) { \(cases) }", doc: d.doc, namespace: "top")
            for c in d.cases {
                declare("c:\(d.name.name).\(c.name.name)", c.name, .enumCase, detail: "case \(d.name.name).\(c.name.name)", doc: c.doc,
                        namespace: "cases:\(d.name.name)", parent: "d:\(d.name.name)")
            }
        case .aggregate(let d): aggregate(d)
        case .service(let d):
            declare("d:\(d.name.name)", d.name, .service, full: d.span, detail: "service \(d.name.name)", doc: d.doc, namespace: "top")
            for c in d.commands { command(c, owner: d.name.name, aggregate: nil) }
        case .projection(let d): projection(d)
        case .saga(let d): saga(d)
        case .policy(let d): policy(d)
        case .publish(let d):
            messageName(d.event)
        case .scenario(let d):
            var context = WalkContext()
            if let subject = d.subject { reference("d:\(subject.name)", at: subject.span) }
            for literal in d.given { message(literal, &context) }
            for reply in d.replies { messageName(reply.command) }
            if let when = d.when { message(when, &context) }
            if let query = d.query {
                if let subject = d.subject { reference("q:\(subject.name).\(query.name.name)", at: query.name.span) }
                for argument in query.arguments {
                    if let label = argument.label, let subject = d.subject {
                        reference("p:\(subject.name).\(query.name.name).\(label.name)", at: label.span)
                    }
                    expression(argument.value, &context)
                }
            }
            for literal in d.then?.messages ?? [] { message(literal, &context) }
        }
    }

    mutating func fields(_ fields: [FieldDecl], prefix: String, parent: String, context: WalkContext = WalkContext()) {
        var context = context
        for f in fields {
            declare("\(prefix).\(f.name.name)", f.name, .field, full: f.span, detail: "\(f.name.name): \(text(f.type.span))", doc: f.doc,
                    namespace: "fields:\(prefix)", parent: parent)
            typeReferences(f.type)
            if let value = f.defaultValue { expression(value, &context) }
        }
    }

    mutating func typeReferences(_ type: TypeExpr) {
        switch type.kind {
        case .named(let id):
            if symbols.records[id.name] != nil || symbols.enums[id.name] != nil { reference("d:\(id.name)", at: id.span) }
        case .array(let t), .optional(let t): typeReferences(t)
        case .dictionary(let k, let v):
            typeReferences(k)
            typeReferences(v)
        case .error: break
        }
    }

    mutating func aggregate(_ d: AggregateDecl) {
        let a = d.name.name
        declare("d:\(a)", d.name, .aggregate, full: d.span, detail: "aggregate \(a)", doc: d.doc, namespace: "top")
        for member in d.members {
            switch member {
            case .id(let id):
                declare("i:\(a)", id.name, .identity, full: id.span, detail: "id \(id.name.name): \(text(id.type.span))",
                        namespace: "fields:s:\(a)", parent: "d:\(a)")
                typeReferences(id.type)
            case .snapshot: break
            case .state(let block): fields(block.fields, prefix: "s:\(a)", parent: "d:\(a)")
            case .command(let c): command(c, owner: a, aggregate: a)
            case .event(let e):
                let key = "m:\(a).\(e.name.name)"
                declare(key, e.name, .event, full: e.span, detail: "event \(a).\(e.name.name)" + (e.version > 1 ? " v\(e.version)" : ""),
                        doc: e.doc, namespace: "messages:\(a)", parent: "d:\(a)")
                fields(e.fields, prefix: "f:\(a).\(e.name.name)", parent: key)
            case .decide(let decide):
                let key = "\(a).\(decide.command.name)"
                reference("m:\(key)", at: decide.command.span)
                var context = WalkContext(command: key, stateOwner: a)
                block(decide.body, &context)
            case .apply(let apply):
                let key = "\(a).\(apply.event.name)"
                reference("m:\(key)", at: apply.event.span)
                var context = WalkContext(event: key, stateOwner: a)
                block(apply.body, &context)
            }
        }
    }

    mutating func command(_ c: CommandDecl, owner: String, aggregate: String?) {
        let key = "m:\(owner).\(c.name.name)"
        declare(key, c.name, .command, full: c.span, detail: "command \(owner).\(c.name.name)", doc: c.doc,
                namespace: "messages:\(owner)", parent: "d:\(owner)")
        for e in c.emits { reference("m:\(owner).\(e.name)", at: e.span) }
        fields(c.fields, prefix: "f:\(owner).\(c.name.name)", parent: key)
        if let result = c.result { fields(result, prefix: "r:\(owner).\(c.name.name)", parent: key) }
    }

    mutating func projection(_ d: ProjectionDecl) {
        let p = d.name.name
        declare("d:\(p)", d.name, .projection, full: d.span, detail: "projection \(p)", doc: d.doc, namespace: "top")
        for member in d.members {
            switch member {
            case .key(let id):
                declare("i:\(p)", id.name, .identity, full: id.span, detail: "key \(id.name.name): \(text(id.type.span))",
                        namespace: "fields:s:\(p)", parent: "d:\(p)")
                typeReferences(id.type)
            case .row(let block): fields(block.fields, prefix: "s:\(p)", parent: "d:\(p)")
            case .on(let handler):
                let event = messageName(handler.event)
                var context = WalkContext(event: event, stateOwner: p)
                if let elements = handler.elements { expression(elements, &context) }
                if let element = handler.element { bindLocal(element, &context, detail: handler.elements.flatMap { elementType(of: $0) }) }
                if let key = handler.key { expression(key, &context) }
                if let filter = handler.filter { expression(filter, &context) }
                block(handler.body, &context)
            case .query(let q):
                let key = "q:\(p).\(q.name.name)"
                declare(key, q.name, .query, full: q.span, detail: "query \(q.name.name) -> \(text(q.result.span))", doc: q.doc,
                        namespace: "queries:\(p)", parent: "d:\(p)")
                var context = WalkContext(stateOwner: p)
                for parameter in q.parameters {
                    let pk = "p:\(p).\(q.name.name).\(parameter.name.name)"
                    declare(pk, parameter.name, .parameter, detail: "\(parameter.name.name): \(text(parameter.type.span))",
                            namespace: "parameters:\(key)", parent: key)
                    typeReferences(parameter.type)
                    context.scopes[0][parameter.name.name] = pk
                }
                typeReferences(q.result)
                if let filter = q.filter { expression(filter, &context) }
            }
        }
    }

    mutating func saga(_ d: SagaDecl) {
        let s = d.name.name
        declare("d:\(s)", d.name, .saga, full: d.span, detail: "saga \(s)", doc: d.doc, namespace: "top")
        var context = WalkContext(saga: s)
        for member in d.members {
            switch member {
            case .input(let block): fields(block.fields, prefix: "in:\(s)", parent: "d:\(s)")
            case .start(let start):
                var startContext = WalkContext(event: nil, saga: nil)
                startContext.event = model.messageTargets[start.trigger.name.span].map(Self.qualified)
                message(start.trigger, &startContext, labelsPrefix: "in:\(s)")
            case .step(let step):
                declare("st:\(s).\(step.name.name)", step.name, .step, full: step.span, detail: "step \(step.name.name)", doc: step.doc,
                        namespace: "steps:\(s)", parent: "d:\(s)")
                if let invoke = step.invoke { message(invoke, &context) }
                // The binding is in scope in the step's own compensation and in the later steps.
                if let binding = step.binding {
                    let type = step.invoke.flatMap { model.messageTargets[$0.name.span] }.map { "\(Self.qualified($0)).Result" }
                    bindLocal(binding, &context, detail: type)
                }
                if case .command(let literal)? = step.compensate { message(literal, &context) }
            case .onFailure(let actions, _):
                for action in actions { message(action, &context) }
            }
        }
    }

    mutating func policy(_ d: PolicyDecl) {
        declare("d:\(d.name.name)", d.name, .policy, full: d.span, detail: "policy \(d.name.name)", doc: d.doc, namespace: "top")
        var context = WalkContext()
        if let trigger = d.trigger { context.event = messageName(trigger) }
        if let filter = d.filter { expression(filter, &context) }
        for send in d.sends {
            message(send.command, &context)
            if let binding = send.binding {
                let type = model.messageTargets[send.command.name.span].map { "\(Self.qualified($0)).Result" }
                bindLocal(binding, &context, detail: type)
            }
        }
    }

    /// `Owner.Name` of a message target.
    static func qualified(_ target: MessageTarget) -> String {
        switch target {
        case .aggregateCommand(let a, let c): "\(a).\(c)"
        case .aggregateEvent(let a, let e): "\(a).\(e)"
        case .serviceCommand(let s, let c): "\(s).\(c)"
        }
    }

    /// Records the parts of a message name; returns the message's `Owner.Name` when the checker resolved it.
    @discardableResult
    mutating func messageName(_ name: QualifiedName) -> String? {
        guard let target = model.messageTargets[name.span] else { return nil }
        let qualified = Self.qualified(target)
        if let qualifier = name.qualifier { reference("d:\(qualifier.name)", at: qualifier.span) }
        reference("m:\(qualified)", at: name.last.span)
        return qualified
    }

    /// The key of a field of a message (`Owner.Name`), falling back to the aggregate's id.
    func messageField(_ message: String, _ field: String) -> String? {
        let parts = message.split(separator: ".").map(String.init)
        guard parts.count == 2 else { return nil }
        let key = "f:\(message).\(field)"
        if index.symbols[key] != nil { return key }
        if let aggregate = symbols.aggregates[parts[0]], aggregate.identity?.name == field { return "i:\(parts[0])" }
        return nil
    }

    /// A message literal: its name, its labels (fields of the message, or of `labelsPrefix`), its values.
    mutating func message(_ literal: MessageLiteral, _ context: inout WalkContext, labelsPrefix: String? = nil) {
        // A projection scenario's expected row, `Projection { key: …, field: … }`, names the projection and its row.
        if literal.name.parts.count == 1, symbols.projections[literal.name.last.name] != nil, model.messageTargets[literal.name.span] == nil {
            let projection = literal.name.last.name
            reference("d:\(projection)", at: literal.name.last.span)
            for argument in literal.arguments {
                let key = symbols.projections[projection]?.key?.name == argument.label.name ? "i:\(projection)" : "s:\(projection).\(argument.label.name)"
                reference(key, at: argument.label.span)
                if let value = argument.value { expression(value, &context) }
            }
            return
        }
        let qualified = messageName(literal.name)
        for argument in literal.arguments {
            var fieldKey: String?
            if let labelsPrefix {
                fieldKey = "\(labelsPrefix).\(argument.label.name)"
            } else if let qualified {
                fieldKey = messageField(qualified, argument.label.name)
            }
            if let value = argument.value {
                reference(fieldKey, at: argument.label.span)
                expression(value, &context)
            } else {
                reference(fieldKey, at: argument.label.span, role: .shorthandLabel)
                if let resolution = model.shorthandResolutions[argument.label.span] {
                    reference(key(for: resolution, base: nil, context), at: argument.label.span, role: .shorthandValue)
                }
            }
        }
    }

    mutating func bindLocal(_ name: Identifier, _ context: inout WalkContext, detail type: String?) {
        let key = "l:\(name.span.file.index):\(name.span.start)"
        declare(key, name, .local, detail: type.map { "\(name.name): \($0)" } ?? name.name, namespace: key)
        context.scopes[context.scopes.count - 1][name.name] = key
    }

    func elementType(of collection: Expr) -> String? {
        guard case .array(let element)? = model.expressionTypes[collection.id] else { return nil }
        return element.description
    }
}
