import EVDLSyntax

/// Collects every expression node of parsed files, so tests can find one by where it was written.
struct ExpressionWalker {
    private(set) var expressions: [Expr] = []

    init(_ files: [SpecFile]) {
        for file in files {
            for declaration in file.declarations { visit(declaration) }
        }
    }

    /// The expression written exactly at `range` (the outermost one, if several share the span).
    func expression(at range: Range<Int>) -> Expr? {
        expressions.first { $0.span.start == range.lowerBound && $0.span.end == range.upperBound }
    }

    private mutating func visit(_ declaration: Declaration) {
        switch declaration {
        case .type(let d): d.fields.forEach { visit($0) }
        case .enumeration: break
        case .aggregate(let d):
            for member in d.members {
                switch member {
                case .id, .snapshot: break
                case .state(let block): block.fields.forEach { visit($0) }
                case .command(let c): c.fields.forEach { visit($0) }; c.result?.forEach { visit($0) }
                case .event(let e): e.fields.forEach { visit($0) }
                case .decide(let x): visit(x.body)
                case .apply(let x): visit(x.body)
                }
            }
        case .service(let d): d.commands.forEach { c in c.fields.forEach { visit($0) } }
        case .projection(let d):
            for member in d.members {
                switch member {
                case .key: break
                case .row(let block): block.fields.forEach { visit($0) }
                case .on(let h): if let x = h.elements { visit(x) }; if let k = h.key { visit(k) }; if let f = h.filter { visit(f) }; visit(h.body)
                case .query(let q): if let f = q.filter { visit(f) }
                }
            }
        case .saga(let d):
            for member in d.members {
                switch member {
                case .input(let block): block.fields.forEach { visit($0) }
                case .start(let s): visit(s.trigger)
                case .step(let step):
                    if let i = step.invoke { visit(i) }
                    if case .command(let c)? = step.compensate { visit(c) }
                case .onFailure(let actions, _): actions.forEach { visit($0) }
                }
            }
        case .policy(let d):
            if let f = d.filter { visit(f) }
            d.sends.forEach { visit($0.command) }
        case .publish: break
        case .scenario(let d):
            d.given.forEach { visit($0) }
            if let w = d.when { visit(w) }
            if case .events(let events, _)? = d.then { events.forEach { visit($0) } }
        }
    }

    private mutating func visit(_ field: FieldDecl) { if let v = field.defaultValue { visit(v) } }
    private mutating func visit(_ literal: MessageLiteral) { literal.arguments.forEach { if let v = $0.value { visit(v) } } }
    private mutating func visit(_ block: Block) { block.statements.forEach { visit($0) } }

    private mutating func visit(_ s: Stmt) {
        switch s.kind {
        case .require(let c, let m): visit(c); visit(m)
        case .emit(let literal): visit(literal)
        case .ifElse(let c, let then, let other):
            visit(c); visit(then)
            switch other {
            case .block(let b)?: visit(b)
            case .elseIf(let nested)?: visit(nested)
            case nil: break
            }
        case .assign(let t, _, let v): visit(t); visit(v)
        case .letBinding(_, _, let v): visit(v)
        case .call(let c): visit(c)
        case .ifLet(let bindings, let then, let other):
            bindings.forEach { visit($0.value) }; visit(then)
            switch other {
            case .block(let b)?: visit(b)
            case .elseIf(let nested)?: visit(nested)
            case nil: break
            }
        case .switchStmt(let subject, let cases):
            visit(subject)
            for c in cases { c.patterns.forEach { visit($0) }; visit(c.body) }
        case .delete, .error: break
        }
    }

    private mutating func visit(_ e: Expr) {
        expressions.append(e)
        switch e.kind {
        case .integer, .decimal, .bool, .nilLiteral, .name, .implicitMember, .duration, .error: break
        case .optionalMember(let base, _): visit(base)
        case .closure(_, let body): visit(body)
        case .subscriptDefault(let base, let key, let fallback): visit(base); visit(key); visit(fallback)
        case .conditional(let c, let t, let o): visit(c); visit(t); visit(o)
        case .string(let segments): for case .interpolation(let x) in segments { visit(x) }
        case .member(let base, _): visit(base)
        case .call(let callee, let args): visit(callee); args.forEach { visit($0.value) }
        case .subscripted(let base, let index): visit(base); visit(index)
        case .unary(_, let x): visit(x)
        case .binary(_, let l, let r): visit(l); visit(r)
        case .array(let xs): xs.forEach { visit($0) }
        case .dictionary(let entries): entries.forEach { visit($0.key); visit($0.value) }
        case .parenthesized(let x): visit(x)
        }
    }
}
