import EVDLSema
import EVDLSyntax

/// Dictionary literals that cannot trap: Swift's `[k: v, …]` traps when two keys are equal at run time.
extension Translator {
    /// `[k: v, …]` whose keys may be equal at run time (not all distinct literals): Swift's dictionary literal traps
    /// on a repeated key, so it is `SpecMath.dictionary(keys: [k, …], values: [v, …])`, the last value winning, as
    /// `evdlc test` reads it. `nil` when the literal cannot repeat a key.
    func uniquedDictionary(_ entries: [DictionaryEntry], keyType: SemType?, valueType: SemType?, in scope: ExpressionScope) -> SwiftExpr? {
        guard entries.count > 1 else { return nil }
        let literalKeys = entries.compactMap { Self.literalKey($0.key) }
        if literalKeys.count == entries.count, Set(literalKeys).count == entries.count { return nil }
        return .call(.member(.verbatim("SpecMath"), "dictionary"), [
            SwiftArgument(label: "keys", value: .array(entries.map { translateExpression($0.key, in: scope, expected: keyType) })),
            SwiftArgument(label: "values", value: .array(entries.map { translateExpression($0.value, in: scope, expected: valueType) })),
        ])
    }

    /// The value of a literal key (`1`, `"a"`, `.cash`, `true`) as text that tells equal keys, or `nil`.
    private static func literalKey(_ key: Expr) -> String? {
        if case .integer(let text) = key.kind { return Int(text.filter { $0 != "_" }).map { "int \($0)" } }
        if case .string(let segments) = key.kind, segments.count <= 1 {
            if segments.isEmpty { return "string " }
            if case .text(let text) = segments[0] { return "string " + text }
        }
        if case .implicitMember(let name) = key.kind { return "case " + name.name }
        if case .bool(let value) = key.kind { return "bool \(value)" }
        return nil
    }
}
