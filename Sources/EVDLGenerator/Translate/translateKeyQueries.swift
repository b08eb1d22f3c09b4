import EVDLSema
import EVDLSyntax

extension Translator {
    /// A query whose `where` is `row.<key> == parameter` (or `parameter == row.<key>`), alone or as the first
    /// operand of `&&`, with the parameter of the key's type, reads one row by its key instead of scanning every
    /// row: `store.row(orderId, of: Self.self)` for `-> Projection?`, `store.rows(of: Self.self, key: orderId)` for
    /// `-> [Projection]`; the rest of an `&&` filters that row (`store.rows(of: Self.self, key: orderId) { row in
    /// … }.first`). Returns `nil` for any other filter.
    func keyLookup(_ query: QueryDecl, of projection: ProjectionDecl, single: Bool) -> SwiftExpr? {
        guard let filter = query.filter, let key = projection.key,
              let (parameter, rest) = keyEquality(filter, key: key.name.name),
              let declared = query.parameters.first(where: { $0.name.name == parameter }),
              index.semType(declared.type) == index.semType(key.type) else { return nil }
        let value = SwiftExpr.identifier(Naming.local(parameter))
        if single, rest == nil {
            return .call(.member(.identifier("store"), "row"), [
                SwiftArgument(value: value), SwiftArgument(label: "of", value: .metatypeValue(.named("Self"))),
            ])
        }
        var rows = SwiftExpr.call(.member(.identifier("store"), "rows"), [
            SwiftArgument(label: "of", value: .metatypeValue(.named("Self"))), SwiftArgument(label: "key", value: value),
        ])
        if let rest {
            let scope = ExpressionScope(context: .query(projection: projection, parameters: query.parameters))
            rows = .trailingClosure(rows, parameters: ["row"], body: translateExpression(rest, in: scope, expected: .bool))
        }
        return single ? .member(rows, "first") : rows
    }

    /// The parameter compared with `row.<key>` when `e` is that comparison, or `comparison && rest`, with the rest.
    private func keyEquality(_ e: Expr, key: String) -> (parameter: String, rest: Expr?)? {
        switch e.kind {
        case .parenthesized(let inner):
            return keyEquality(inner, key: key)
        case .binary(.equal, let lhs, let rhs):
            if isRowKey(lhs, key: key), let name = parameterName(rhs) { return (name, nil) }
            if isRowKey(rhs, key: key), let name = parameterName(lhs) { return (name, nil) }
            return nil
        case .binary(.and, let lhs, let rhs):
            guard let (name, nested) = keyEquality(lhs, key: key), nested == nil else { return nil }
            return (name, rhs)
        case .integer, .decimal, .string, .bool, .nilLiteral, .name, .member, .implicitMember, .call, .subscripted, .unary,
             .binary, .array, .dictionary, .duration, .optionalMember, .closure, .subscriptDefault, .conditional, .error:
            return nil
        }
    }

    private func isRowKey(_ e: Expr, key: String) -> Bool {
        if case .member(let base, let member) = e.kind, case .name(let b) = base.kind, b.name == "row", member.name == key {
            if let resolution = model.resolutions[e.id] { return resolution == .identity(key) }
            return true
        }
        return false
    }

    private func parameterName(_ e: Expr) -> String? {
        guard case .name(let n) = e.kind else { return nil }
        if let resolution = model.resolutions[e.id] {
            if case .parameter(let name) = resolution { return name }
            return nil
        }
        return n.name
    }
}
