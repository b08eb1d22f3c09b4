import EVDLSema
import EVDLSyntax

/// One field of a record-like type: its name, checked type and default value (as written).
struct FieldLayout: Sendable {
    var name: String
    var type: SemType
    var defaultValue: Expr?
}

/// The shapes the interpreter builds values of: declared types, messages (identity first, then the declared
/// fields, as generated Swift orders them), command results, aggregate states and projection rows.
struct Layouts: Sendable {
    /// By type name as values carry it (`LineItem`, `Order.OrderPlaced`, `Payment.Charge.Result`, `OrderSummary`).
    private(set) var fields: [String: [FieldLayout]] = [:]
    private var types: [String: [String: SemType]] = [:]

    init(model: SemanticModel) {
        var defaults: [String: [String: Expr]] = [:]
        func collect(_ owner: String, _ decls: [FieldDecl]) {
            var map: [String: Expr] = [:]
            for f in decls { if let d = f.defaultValue { map[f.name.name] = d } }
            defaults[owner] = map
        }
        for file in model.files {
            for declaration in file.declarations {
                switch declaration {
                case .type(let t): collect(t.name.name, t.fields)
                case .aggregate(let a):
                    for c in a.commands {
                        collect("\(a.name.name).\(c.name.name)", c.fields)
                        if let r = c.result { collect("\(a.name.name).\(c.name.name).Result", r) }
                    }
                    for e in a.events { collect("\(a.name.name).\(e.name.name)", e.fields) }
                    if let s = a.state { collect("\(a.name.name).State", s.fields) }
                case .service(let s):
                    for c in s.commands {
                        collect("\(s.name.name).\(c.name.name)", c.fields)
                        if let r = c.result { collect("\(s.name.name).\(c.name.name).Result", r) }
                    }
                case .projection(let p): if let row = p.row { collect(p.name.name, row.fields) }
                case .saga(let s): if let input = s.input { collect(s.name.name, input.fields) }
                case .enumeration, .policy, .publish, .scenario: break
                }
            }
        }
        let symbols = model.symbols
        func add(_ name: String, identity: FieldSymbol?, _ list: FieldList?) {
            var layout: [FieldLayout] = []
            if let identity { layout.append(FieldLayout(name: identity.name, type: identity.type, defaultValue: nil)) }
            for f in list?.fields ?? [] { layout.append(FieldLayout(name: f.name, type: f.type, defaultValue: defaults[name]?[f.name])) }
            fields[name] = layout
            types[name] = Dictionary(layout.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        }
        for (name, r) in symbols.records { add(name, identity: nil, r.fields) }
        for (_, a) in symbols.aggregates {
            for (_, c) in a.commands {
                add(c.qualifiedName, identity: c.identity, c.fields)
                if let r = c.result { add(c.qualifiedName + ".Result", identity: nil, r) }
            }
            for (_, e) in a.events { add(e.qualifiedName, identity: e.identity, e.fields) }
            add(a.name + ".State", identity: nil, a.state)
        }
        for (_, s) in symbols.services {
            for (_, c) in s.commands {
                add(c.qualifiedName, identity: c.identity, c.fields)
                if let r = c.result { add(c.qualifiedName + ".Result", identity: nil, r) }
            }
        }
        for (_, p) in symbols.projections { add(p.name, identity: p.key, p.row) }
        for (_, s) in symbols.sagas { add(s.name, identity: nil, s.input) }
    }

    /// The field types of a type, by field name.
    func fieldTypes(of typeName: String) -> [String: SemType]? { types[typeName] }

    /// The type of one field.
    func type(of field: String, in typeName: String) -> SemType? { types[typeName]?[field] }
}
