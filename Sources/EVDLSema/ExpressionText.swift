import EVDLSyntax

/// An expression written back as EVDL text, without its places: for help lines (`for tag in event.tags`) and to
/// tell whether two clauses say the same thing (two projection handlers with the same `key` and `where`).
public enum ExpressionText {
    /// The expression as EVDL text; operators that nest are parenthesized.
    public static func text(_ e: Expr) -> String {
        if case .binary(let op, let l, let r) = e.kind { return nested(l) + " " + op.rawValue + " " + nested(r) }
        return nested(e)
    }

    private static func nested(_ e: Expr) -> String {
        switch e.kind {
        case .integer(let t), .decimal(let t): return t
        case .string(let segments):
            return "\"" + segments.map { segment -> String in
                switch segment {
                case .text(let t): t
                case .interpolation(let inner): "\\(" + text(inner) + ")"
                }
            }.joined() + "\""
        case .bool(let b): return b ? "true" : "false"
        case .nilLiteral: return "nil"
        case .name(let n): return n.name
        case .member(let base, let member): return text(base) + "." + member.name
        case .implicitMember(let n): return "." + n.name
        case .call(let callee, let arguments):
            return text(callee) + "(" + arguments.map { ($0.label.map { $0.name + ": " } ?? "") + text($0.value) }.joined(separator: ", ") + ")"
        case .subscripted(let base, let index): return text(base) + "[" + text(index) + "]"
        case .unary(let op, let x): return op.rawValue + nested(x)
        case .binary(let op, let l, let r): return "(" + nested(l) + " " + op.rawValue + " " + nested(r) + ")"
        case .array(let xs): return "[" + xs.map(text).joined(separator: ", ") + "]"
        case .dictionary(let entries):
            return entries.isEmpty ? "[:]" : "[" + entries.map { text($0.key) + ": " + text($0.value) }.joined(separator: ", ") + "]"
        case .parenthesized(let x): return "(" + text(x) + ")"
        case .duration(let d): return "\(d.value)\(d.unit.rawValue)"
        case .optionalMember(let base, let member): return text(base) + "?." + member.name
        case .closure(let parameter, let body): return "{ " + (parameter.map { $0.name + " in " } ?? "") + text(body) + " }"
        case .subscriptDefault(let base, let key, let fallback): return text(base) + "[" + text(key) + ", default: " + text(fallback) + "]"
        case .conditional(let c, let t, let o): return "(" + nested(c) + " ? " + nested(t) + " : " + nested(o) + ")"
        case .error: return "<error>"
        }
    }

    /// `tags` → `tag`, `lines` → `line`, `children` → `child`: a name for one element of a collection.
    public static func singular(_ collection: String) -> String {
        if collection.hasSuffix("ies"), collection.count > 3 { return String(collection.dropLast(3)) + "y" }
        if collection.hasSuffix("ren"), collection.count > 3 { return String(collection.dropLast(3)) }
        if collection.hasSuffix("s"), !collection.hasSuffix("ss"), collection.count > 1 { return String(collection.dropLast()) }
        return "element"
    }
}
