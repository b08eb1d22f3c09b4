import EVDLSema
import EVDLSyntax

extension Translator {
    /// `query byStatus(status: OrderStatus) -> [OrderSummary] where row.status == status` →
    /// `static func byStatus(status: OrderStatus, in store: some ReadModelStore) async throws -> [Row]`, reading
    /// the rows in insertion order; a `Projection?` result returns the first match. A filter that is exactly
    /// `row.<key> == parameter` reads the row by its key (see `keyLookup`).
    func translateQuery(_ query: QueryDecl, of projection: ProjectionDecl) -> SwiftDecl {
        let scope = ExpressionScope(context: .query(projection: projection, parameters: query.parameters))
        let single: Bool
        switch query.result.kind {
        case .optional: single = true
        case .named, .array, .dictionary, .error: single = false
        }
        var rows = SwiftExpr.call(.member(.identifier("store"), "rows"), [
            SwiftArgument(label: "of", value: .metatypeValue(.named("Self"))),
        ])
        if let filter = query.filter {
            rows = .trailingClosure(rows, parameters: ["row"], body: translateExpression(filter, in: scope, expected: .bool))
        }
        if single { rows = .member(rows, "first") }
        if let lookup = keyLookup(query, of: projection, single: single) { rows = lookup }
        var parameters = query.parameters.map { p in
            SwiftParameter(label: p.name.name, name: Naming.local(p.name.name), type: swiftType(p.type))
        }
        parameters.append(SwiftParameter(label: "in", name: "store", type: .opaque(.named("ReadModelStore"))))
        let doc = query.doc.map(docLines) ?? ["The rows of `\(projection.name.name)`" + (query.filter == nil ? "." : " that match the query `\(query.name.name)`.")]
        return .function(SwiftFunction(
            header: memberHeader(doc: doc, isStatic: true), name: query.name.name, parameters: parameters,
            isAsync: true, throwing: .untyped, result: single ? .optional(.named("Row")) : .array(.named("Row")),
            body: [.returnStmt(.tryExpr(.awaitExpr(rows)))]
        ))
    }
}
