import EVDLSyntax

/// Prints a parsed tree in a compact, span-free form so parser tests can compare what was built.
///
/// Declarations print one per line; members are indented. Expressions print fully parenthesised:
/// `(== status draft)`, `(. event total)`, `(call id 1)`.
enum TreePrinter {
    static func print(_ spec: SpecFile) -> String {
        spec.declarations.map(declaration).joined(separator: "\n")
    }

    static func declaration(_ d: Declaration) -> String {
        switch d {
        case .type(let t):
            return "type \(t.name)\(doc(t.doc)) {\(fields(t.fields))}"
        case .enumeration(let e):
            return "enum \(e.name)\(doc(e.doc)) {\(e.cases.map { $0.name.name + doc($0.doc) }.joined(separator: ", "))}"
        case .aggregate(let a):
            return "aggregate \(a.name)\(doc(a.doc))" + a.members.map { "\n  " + aggregateMember($0) }.joined()
        case .service(let s):
            return "service \(s.name)\(doc(s.doc))" + s.commands.map { "\n  " + command($0) }.joined()
        case .projection(let p):
            return "projection \(p.name)\(doc(p.doc))" + p.members.map { "\n  " + projectionMember($0) }.joined()
        case .saga(let s):
            return "saga \(s.name)\(doc(s.doc))" + s.members.map { "\n  " + sagaMember($0) }.joined()
        case .policy(let p):
            let trigger = p.trigger.map { "on \($0)" } ?? "on ?"
            let filter = p.filter.map { " where \(expr($0))" } ?? ""
            let sends = p.sends.map { send in
                "\n  " + (send.delay.map { "after \(duration($0)) " } ?? "") + "send " + message(send.command) + (send.binding.map { " as \($0)" } ?? "")
            }.joined()
            return "policy \(p.name)\(doc(p.doc))\n  \(trigger)\(filter)" + sends
        case .publish(let p):
            return "publish \(p.event) to \(quoted(p.topic.value))"
        case .scenario(let s):
            var out = "scenario \(quoted(s.title.value))" + (s.subject.map { " for \($0)" } ?? "")
            if !s.given.isEmpty || !s.replies.isEmpty {
                out += "\n  given " + (s.given.map(message) + s.replies.map(reply)).joined(separator: " ")
            }
            if let query = s.query {
                out += "\n  when \(query.name)(" + query.arguments.map { a in (a.label.map { "\($0): " } ?? "") + expr(a.value) }.joined(separator: ", ") + ")"
            } else if let when = s.when {
                out += "\n  when " + message(when)
            }
            out += "\n  then " + (s.then.map(outcome) ?? "?")
            return out
        }
    }

    static func doc(_ d: DocComment?) -> String {
        d.map { " /// " + $0.lines.joined(separator: " | ") } ?? ""
    }

    static func quoted(_ s: String) -> String { "\"" + s + "\"" }

    static func fields(_ fs: [FieldDecl]) -> String {
        fs.map(field).joined(separator: ", ")
    }

    static func field(_ f: FieldDecl) -> String {
        var out = "\(f.name): \(type(f.type))"
        if let d = f.defaultValue { out += " = \(expr(d))" }
        if let p = f.previousName { out += " was \(p)" }
        return out + doc(f.doc)
    }

    static func type(_ t: TypeExpr) -> String {
        switch t.kind {
        case .named(let n): n.name
        case .array(let e): "[\(type(e))]"
        case .dictionary(let k, let v): "[\(type(k)): \(type(v))]"
        case .optional(let w): "\(type(w))?"
        case .error: "<error>"
        }
    }

    static func duration(_ d: DurationLiteral) -> String { "\(d.value)\(d.unit.rawValue)" }

    static func command(_ c: CommandDecl) -> String {
        var out = "command \(c.name)" + (c.existence == .creates ? " creates" : c.existence == .createsIfMissing ? " creates if missing" : "")
        if !c.emits.isEmpty { out += " emits " + c.emits.map(\.name).joined(separator: ", ") }
        out += " {\(fields(c.fields))}"
        if let r = c.result { out += " -> {\(fields(r))}" }
        return out + doc(c.doc)
    }

    static func aggregateMember(_ m: AggregateMember) -> String {
        switch m {
        case .id(let i): "id \(i.name): \(type(i.type))"
        case .snapshot(let n, _): "snapshot every \(n)"
        case .state(let b): "state {\(fields(b.fields))}"
        case .command(let c): command(c)
        case .event(let e): "event \(e.name) v\(e.version) {\(fields(e.fields))}" + doc(e.doc)
        case .decide(let d): "decide \(d.command) \(block(d.body))"
        case .apply(let a): "apply \(a.event) \(block(a.body))"
        }
    }

    static func projectionMember(_ m: ProjectionMember) -> String {
        switch m {
        case .key(let k): "key \(k.name): \(type(k.type))"
        case .row(let b): "row {\(fields(b.fields))}"
        case .on(let h):
            "on \(h.event)" + (h.element.map { " for \($0) in " + (h.elements.map(expr) ?? "") } ?? "") + (h.key.map { " key \(expr($0))" } ?? "")
                + (h.filter.map { " where \(expr($0))" } ?? "") + " " + block(h.body)
        case .query(let q):
            "query \(q.name)(" + q.parameters.map { "\($0.name): \(type($0.type))" }.joined(separator: ", ") + ") -> "
                + type(q.result) + (q.filter.map { " where \(expr($0))" } ?? "") + doc(q.doc)
        }
    }

    static func sagaMember(_ m: SagaMember) -> String {
        switch m {
        case .input(let b): return "input {\(fields(b.fields))}"
        case .start(let s): return "start on \(message(s.trigger))"
        case .step(let s):
            var parts: [String] = []
            if let i = s.invoke { parts.append("invoke \(message(i))" + (s.binding.map { " as \($0)" } ?? "")) }
            switch s.compensate {
            case .command(let c)?: parts.append("compensate \(message(c))")
            case .nothing?: parts.append("compensate nothing")
            case nil: break
            }
            switch s.retry {
            case .times(let n, _)?: parts.append("retry \(n)")
            case .forever?: parts.append("retry forever")
            case nil: break
            }
            if let t = s.timeout { parts.append("timeout \(duration(t))") }
            return "step \(s.name)\(doc(s.doc)) {" + parts.joined(separator: "; ") + "}"
        case .onFailure(let actions, _):
            return "on failure {" + actions.map { "invoke " + message($0) }.joined(separator: "; ") + "}"
        }
    }

    static func message(_ m: MessageLiteral) -> String {
        "\(m.name) {" + m.arguments.map { a in a.label.name + (a.value.map { ": " + expr($0) } ?? "") }.joined(separator: ", ") + "}"
    }

    static func outcome(_ o: ScenarioOutcome) -> String {
        switch o {
        case .events(let ms, _): ms.map(message).joined(separator: " ")
        case .rejected(let m, _): "rejected" + (m.map { " " + quoted($0.value) } ?? "")
        case .nothing: "nothing"
        case .sends(let sends, _):
            sends.map { send in (send.delay.map { "after \(duration($0)) " } ?? "") + message(send.command) }.joined(separator: " ")
        case .saga(let ms, let end, _): (ms.map(message) + [end.word.rawValue]).joined(separator: " ")
        }
    }

    static func reply(_ r: ScenarioReply) -> String {
        switch r.kind {
        case .replies(let fields?): "\(r.command) replies {" + fields.map { a in a.label.name + (a.value.map { ": " + expr($0) } ?? "") }.joined(separator: ", ") + "}"
        case .replies(nil): "\(r.command) replies"
        case .fails(let reason): "\(r.command) fails \(quoted(reason.value))"
        case .timesOut: "\(r.command) times out"
        }
    }

    static func block(_ b: Block) -> String {
        "{" + b.statements.map(statement).joined(separator: "; ") + "}"
    }

    static func statement(_ s: Stmt) -> String {
        switch s.kind {
        case .require(let c, let m): "require \(expr(c)) else \(expr(m))"
        case .emit(let m): "emit \(message(m))"
        case .ifElse(let c, let t, let e):
            "if \(expr(c)) \(block(t))" + {
                switch e {
                case .block(let b)?: " else \(block(b))"
                case .elseIf(let s)?: " else \(statement(s))"
                case nil: ""
                }
            }()
        case .assign(let t, let op, let v): "\(expr(t)) \(op.rawValue) \(expr(v))"
        case .letBinding(let n, let t, let v): "let \(n)" + (t.map { ": " + type($0) } ?? "") + " = \(expr(v))"
        case .call(let c): "do \(expr(c))"
        case .ifLet(let bindings, let t, let e):
            "if " + bindings.map { "let \($0.name) = \(expr($0.value))" }.joined(separator: ", ") + " \(block(t))" + {
                switch e {
                case .block(let b)?: " else \(block(b))"
                case .elseIf(let s)?: " else \(statement(s))"
                case nil: ""
                }
            }()
        case .switchStmt(let subject, let cases):
            "switch \(expr(subject)) {" + cases.map { c in
                (c.isDefault ? "default" : "case " + c.patterns.map(expr).joined(separator: ", ")) + ": " + block(c.body)
            }.joined(separator: " ") + "}"
        case .delete: "delete"
        case .error: "<error>"
        }
    }

    static func expr(_ e: Expr) -> String {
        switch e.kind {
        case .integer(let t), .decimal(let t): t
        case .string(let segments):
            "\"" + segments.map { s in
                switch s {
                case .text(let t): t
                case .interpolation(let e): "\\(" + expr(e) + ")"
                }
            }.joined() + "\""
        case .bool(let b): b ? "true" : "false"
        case .nilLiteral: "nil"
        case .name(let n): n.name
        case .member(let b, let m): "(. \(expr(b)) \(m))"
        case .implicitMember(let m): ".\(m)"
        case .call(let c, let args):
            "(call \(expr(c))" + args.map { a in " " + (a.label.map { "\($0): " } ?? "") + expr(a.value) }.joined() + ")"
        case .subscripted(let b, let i): "(at \(expr(b)) \(expr(i)))"
        case .unary(let op, let o): "(\(op.rawValue) \(expr(o)))"
        case .binary(let op, let l, let r): "(\(op.rawValue) \(expr(l)) \(expr(r)))"
        case .array(let es): "[" + es.map(expr).joined(separator: ", ") + "]"
        case .dictionary(let es): es.isEmpty ? "[:]" : "[" + es.map { "\(expr($0.key)): \(expr($0.value))" }.joined(separator: ", ") + "]"
        case .parenthesized(let i): "(paren \(expr(i)))"
        case .duration(let d): "\(d.value)\(d.unit.rawValue)"
        case .optionalMember(let b, let m): "(?. \(expr(b)) \(m))"
        case .closure(let p, let body): "{" + (p.map { "\($0) in " } ?? "") + expr(body) + "}"
        case .subscriptDefault(let b, let k, let d): "(at \(expr(b)) \(expr(k)) default: \(expr(d)))"
        case .conditional(let c, let t, let o): "(?: \(expr(c)) \(expr(t)) \(expr(o)))"
        case .error: "<error>"
        }
    }
}
