import EVDLSema
import EVDLSyntax

extension Translator {
    /// `state { … }` → `Order.State`: fields with their spec defaults, `init()` for the initial state, a memberwise
    /// initializer, and a fingerprint of the shape so snapshots of an older shape are ignored.
    func translateState(of aggregate: AggregateDecl) -> SwiftDecl {
        let fields = generatedFields(aggregate.state?.fields ?? [])
        let shape = shapeDescription(fields)
        var members: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["A fingerprint of the state's shape (FNV-1a of `\(shape)`)."], isStatic: true),
                name: "shapeFingerprint", type: .named("String"), kind: .constant(.string([.text(fnv1a(shape))]))
            )),
        ]
        for field in fields {
            members.append(.property(SwiftProperty(
                header: memberHeader(doc: field.doc), name: field.name, type: swiftType(field.semType),
                kind: .stored(field.defaultValue.map { translateConstant($0, expected: field.semType) } ?? implicitDefault(field.semType))
            )))
        }
        members.append(.initializer(SwiftInitializer(
            header: memberHeader(doc: ["The initial state, before any event."]), parameters: [], body: []
        )))
        if !fields.isEmpty {
            members.append(.initializer(memberwiseInitializer(fields, withDefaults: false)))
        }
        members.append(jsonObjectInitializer(fields, declared: aggregate.state?.fields ?? []))
        return .structure(SwiftTypeDecl(
            header: typeHeader(doc: ["The state of `\(aggregate.name.name)`, rebuilt by replaying its events."]), name: "State",
            conformances: [.named("AggregateState"), .named("Hashable"), .named("JSONPayloadDecodable")], members: members
        ))
    }

    /// Optionals start as `nil` even without a written default; other fields need one (the checker says so).
    private func implicitDefault(_ t: SemType) -> SwiftExpr? {
        if case .optional = t { return .nilLiteral }
        return nil
    }

    /// `status:OrderStatus(draft|placed),items:[LineItem{sku:String,…}]`: names and types, nested declared types
    /// spelled out, so that changing `LineItem` also changes the fingerprint of every state holding one.
    ///
    /// Spelling nested types out repeats a type each time it is used, which grows exponentially when types hold a
    /// type twice (`type T2 { a: T1, b: T1 }`, …). Past `shapeSpellingLimit` bytes the description switches to
    /// `compactShapeDescription`, which names each reachable type once.
    func shapeDescription(_ fields: [GeneratedField]) -> String {
        var text = ""
        for (i, field) in fields.enumerated() {
            if i > 0 { text += "," }
            text += field.name + ":"
            guard appendShape(of: field.semType, visiting: [], to: &text) else { return compactShapeDescription(fields) }
        }
        return text
    }

    /// The longest spelled-out shape description.
    static var shapeSpellingLimit: Int { 65_536 }

    /// Appends the spelled-out shape of `t`; false (and stops) once the text passes `shapeSpellingLimit`.
    private func appendShape(of t: SemType, visiting: Set<String>, to text: inout String) -> Bool {
        guard text.utf8.count <= Self.shapeSpellingLimit else { return false }
        switch t {
        case .array(let element):
            text += "["
            guard appendShape(of: element, visiting: visiting, to: &text) else { return false }
            text += "]"
        case .dictionary(let key, let value):
            text += "["
            guard appendShape(of: key, visiting: visiting, to: &text) else { return false }
            text += ":"
            guard appendShape(of: value, visiting: visiting, to: &text) else { return false }
            text += "]"
        case .optional(let wrapped):
            guard appendShape(of: wrapped, visiting: visiting, to: &text) else { return false }
            text += "?"
        case .enumeration(let name):
            text += name + "(" + (index.enums[name]?.cases.map(\.name.name).joined(separator: "|") ?? "") + ")"
        case .record(let name):
            guard !visiting.contains(name), let d = index.types[name] else {
                text += name
                return true
            }
            text += name + "{"
            for (i, field) in d.fields.enumerated() {
                if i > 0 { text += "," }
                text += field.name.name + ":"
                guard appendShape(of: index.semType(field.type), visiting: visiting.union([name]), to: &text) else { return false }
            }
            text += "}"
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .message, .nilLiteral, .emptyCollection, .error, .result:
            text += t.description
        }
        return text.utf8.count <= Self.shapeSpellingLimit
    }

    /// `shape:status:OrderStatus,items:[LineItem];LineItem{sku:String,…};OrderStatus(draft|placed)`: the fields
    /// with declared types by name, then every declared type they reach, once each, by name.
    func compactShapeDescription(_ fields: [GeneratedField]) -> String {
        var reached: Set<String> = []
        var pending: [String] = []
        func named(_ t: SemType) -> String {
            switch t {
            case .array(let element): return "[\(named(element))]"
            case .dictionary(let key, let value): return "[\(named(key)):\(named(value))]"
            case .optional(let wrapped): return "\(named(wrapped))?"
            case .enumeration(let name), .record(let name):
                if reached.insert(name).inserted { pending.append(name) }
                return name
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .message, .nilLiteral, .emptyCollection, .error, .result:
                return t.description
            }
        }
        let top = fields.map { "\($0.name):\(named($0.semType))" }.joined(separator: ",")
        var definitions: [String: String] = [:]
        while let name = pending.popLast() {
            if let d = index.types[name] {
                definitions[name] = name + "{" + d.fields.map { "\($0.name.name):\(named(index.semType($0.type)))" }.joined(separator: ",") + "}"
            } else if let d = index.enums[name] {
                definitions[name] = name + "(" + d.cases.map(\.name.name).joined(separator: "|") + ")"
            } else {
                definitions[name] = name
            }
        }
        return (["shape:" + top] + definitions.keys.sorted().compactMap { definitions[$0] }).joined(separator: ";")
    }

    /// 64-bit FNV-1a of the UTF-8 bytes, as 16 hex digits: stable across runs and machines (unlike `hashValue`).
    func fnv1a(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
