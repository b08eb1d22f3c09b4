import EVDLSema
import EVDLSyntax

extension Translator {
    /// `state { … }` → `Order.State`: fields with their spec defaults, `init()` for the initial state, a memberwise
    /// initializer, and a fingerprint of the shape so snapshots of an older shape are ignored.
    func translateState(of aggregate: AggregateDecl) -> SwiftDecl {
        let fields = generatedFields(aggregate.state?.fields ?? [])
        var members: [SwiftDecl] = [
            .property(SwiftProperty(
                header: memberHeader(doc: ["A fingerprint of the state's shape (FNV-1a of `\(shapeDescription(fields))`)."], isStatic: true),
                name: "shapeFingerprint", type: .named("String"), kind: .constant(.string([.text(fnv1a(shapeDescription(fields)))]))
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
    func shapeDescription(_ fields: [GeneratedField]) -> String {
        fields.map { "\($0.name):\(shape(of: $0.semType, visiting: []))" }.joined(separator: ",")
    }

    private func shape(of t: SemType, visiting: Set<String>) -> String {
        switch t {
        case .array(let element): return "[\(shape(of: element, visiting: visiting))]"
        case .dictionary(let key, let value): return "[\(shape(of: key, visiting: visiting)):\(shape(of: value, visiting: visiting))]"
        case .optional(let wrapped): return "\(shape(of: wrapped, visiting: visiting))?"
        case .enumeration(let name):
            return name + "(" + (index.enums[name]?.cases.map(\.name.name).joined(separator: "|") ?? "") + ")"
        case .record(let name):
            guard !visiting.contains(name), let d = index.types[name] else { return name }
            let inner = d.fields.map { "\($0.name.name):\(shape(of: index.semType($0.type), visiting: visiting.union([name])))" }
            return name + "{" + inner.joined(separator: ",") + "}"
        case .int, .double, .decimal, .string, .bool, .uuid, .date, .message, .nilLiteral, .emptyCollection, .error, .result:
            return t.description
        }
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
