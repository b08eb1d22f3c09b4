import EVDLSyntax

extension Checker {
    /// Checks every projection: handlers (event, key, body), queries (parameters, result, filter).
    func checkProjections() {
        for d in projectionDecls where topLevel[d.name.name]?.span == d.name.span {
            guard var projection = symbols.projections[d.name.name] else { continue }
            var handled: [HandlerShape: Span] = [:]
            var queryNames: [String: Span] = [:]
            for member in d.members {
                switch member {
                case .key, .row:
                    break
                case .on(let handler):
                    projection.handlers.append(checkHandler(handler, projection, handled: &handled))
                case .query(let query):
                    if let first = queryNames[query.name.name] {
                        report(SemaDiagnostics.duplicateMember("query", query.name.name, in: "projection `\(d.name.name)`", at: query.name.span, first: first))
                        continue
                    }
                    queryNames[query.name.name] = query.name.span
                    projection.queries.append(checkQuery(query, projection))
                }
            }
            symbols.projections[d.name.name] = projection
        }
    }

    private func checkQuery(_ query: QueryDecl, _ projection: ProjectionSymbol) -> QuerySymbol {
        var parameters = FieldList()
        for p in query.parameters {
            let field = FieldSymbol(name: p.name.name, type: resolveType(p.type, from: nil), hasDefault: false, nameSpan: p.name.span)
            if let first = parameters.append(field) {
                report(SemaDiagnostics.duplicateMember("parameter", p.name.name, in: "query `\(query.name.name)`", at: p.name.span, first: first.nameSpan))
            }
        }
        var shape: QueryShape?
        switch query.result.kind {
        case .array(let inner):
            if case .named(let n) = inner.kind, n.name == projection.name { shape = .list }
        case .optional(let inner):
            if case .named(let n) = inner.kind, n.name == projection.name { shape = .single }
        case .error:
            shape = nil
        case .named, .dictionary:
            break
        }
        if shape == nil, query.result.kind != .error {
            report(SemaDiagnostics.invalidQueryResult(describe(query.result), projection: projection.name, at: query.result.span))
        }
        if let filter = query.filter {
            var scope = Scope(.query)
            scope.layers = [NameLayer(fields: parameters, kind: .parameter, assignable: false)]
            scope.contextValues = [
                "row": ContextValue(type: .record("\(projection.name).Row"), members: projection.row, kind: .state, assignable: false,
                                    identity: projection.key, identityIsKey: true),
            ]
            checkCondition(filter, scope, clause: "where")
        }
        return QuerySymbol(name: query.name.name, parameters: parameters, shape: shape, nameSpan: query.name.span)
    }

    /// A written type as text.
    func describe(_ t: TypeExpr) -> String {
        switch t.kind {
        case .named(let id): id.name
        case .array(let e): "[\(describe(e))]"
        case .dictionary(let k, let v): "[\(describe(k)): \(describe(v))]"
        case .optional(let w): "\(describe(w))?"
        case .error: "<error>"
        }
    }
}
