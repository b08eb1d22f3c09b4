import EVDLSyntax

/// What tells two `on` handlers of one event apart: the rows they change (`for`, `key`) and which events they
/// take (`where`). Two handlers of the same event with the same shape are one handler written twice (EVDL0207);
/// handlers that differ in any of these run one after the other, in written order.
struct HandlerShape: Hashable {
    var event: MessageTarget
    var element: String?
    var elements: String?
    var key: String?
    var filter: String?
}

extension Checker {
    /// Checks one `on Event [for x in collection] [key expr] [where cond] { … }` of a projection: the event, the
    /// collection (an array; `x` is in scope in the key, the filter and the body), the key (the projection key's
    /// type, never optional: a row key must always be there), the filter (`Bool`) and the body (row fields
    /// assignable, `event`, `row` and `recorded` readable).
    func checkHandler(_ handler: ProjectionHandler, _ projection: ProjectionSymbol, handled: inout [HandlerShape: Span]) -> ProjectionHandlerSymbol {
        var result = ProjectionHandlerSymbol(event: nil, key: nil, deletes: false, declarationSpan: handler.span)
        guard let event = resolveMessage(handler.event, expecting: .event, within: nil) else { return result }
        result.event = event.target
        let shape = HandlerShape(event: event.target, element: handler.element?.name, elements: handler.elements.map(ExpressionText.text),
                                 key: handler.key.map(ExpressionText.text), filter: handler.filter.map(ExpressionText.text))
        if let first = handled[shape] {
            report(SemaDiagnostics.duplicateProjectionHandler(event.qualifiedName, at: handler.event.span, first: first))
        } else {
            handled[shape] = handler.event.span
        }

        // The clauses before the body read `event`, `recorded` and the element.
        var clauseScope = Scope(.projectionKey)
        clauseScope.contextValues = ["event": event.context, "recorded": RecordedMetadata.context(at: handler.span)]
        var element: (name: Identifier, type: SemType)?
        if let name = handler.element, let elements = handler.elements {
            let collection = check(elements, clauseScope)
            var elementType = SemType.error
            switch collection {
            case .array(let t): elementType = t
            case .error: break
            case .int, .double, .decimal, .string, .bool, .uuid, .date, .duration, .dictionary, .optional, .record, .enumeration,
                 .message, .nilLiteral, .emptyCollection, .result:
                report(SemaDiagnostics.handlerElementsNotCollection(collection, at: elements.span))
            }
            if let hidden = hiddenName(name.name, projection) {
                report(SemaDiagnostics.handlerElementShadows(name.name, at: name.span, what: hidden))
            }
            element = (name, elementType)
            _ = clauseScope.declareLocal(name.name, type: elementType, span: name.span)
        }
        if let keyExpr = handler.key {
            let t = check(keyExpr, clauseScope, expected: projection.key?.type)
            if let key = projection.key, t != key.type, !t.containsError, !key.type.containsError {
                if case .optional(let wrapped) = t, wrapped == key.type {
                    report(SemaDiagnostics.optionalProjectionKey(t, at: keyExpr.span, element: elementSuggestion(keyExpr, handler: handler)))
                } else {
                    report(SemaDiagnostics.keyMismatch(projection: projection.name, key: key.type, found: t, at: keyExpr.span))
                }
            }
            result.key = .expression(keyExpr)
        } else if let key = projection.key {
            if let field = event.field(key.name) {
                if field.type != key.type && !field.type.containsError && !key.type.containsError {
                    report(SemaDiagnostics.keyFieldTypeDiffers(event.qualifiedName, key: key.name, fieldType: field.type, projection: projection.name, keyType: key.type, at: handler.event.span))
                } else {
                    result.key = .eventField(key.name)
                }
            } else {
                report(SemaDiagnostics.eventLacksKeyField(event.qualifiedName, key: key.name, projection: projection.name, at: handler.event.span))
            }
        }
        if let filter = handler.filter { checkCondition(filter, clauseScope, clause: "where") }

        var scope = Scope(.projectionHandler)
        scope.layers = [
            NameLayer(fields: projection.row, kind: .state, assignable: true),
            NameLayer(fields: FieldList(single: projection.key), kind: .identity, assignable: false),
        ]
        scope.contextValues = [
            "event": event.context,
            "row": ContextValue(type: .record("\(projection.name).Row"), members: projection.row, kind: .state, assignable: true),
            "recorded": RecordedMetadata.context(at: handler.span),
        ]
        if let element { _ = scope.declareLocal(element.name.name, type: element.type, span: element.name.span) }
        checkBlock(handler.body, &scope)
        result.deletes = scope.deletes
        return result
    }

    /// What an element named `name` would hide in a handler of `projection`, if anything. (It may be named like
    /// the projection's key, `for tag in event.tags key tag`: the key is read-only and equal to it.)
    private func hiddenName(_ name: String, _ projection: ProjectionSymbol) -> String? {
        if projection.row.contains(name) { return "the row field `\(name)`" }
        if name == "event" || name == "row" || name == "recorded" { return "`\(name)`" }
        return nil
    }

    /// For `key event.tags[0]` (an element of a collection, optional since the collection may be empty): the
    /// collection and a name for its element, for the help `for tag in event.tags key tag`.
    private func elementSuggestion(_ keyExpr: Expr, handler: ProjectionHandler) -> (collection: String, name: String)? {
        guard handler.element == nil else { return nil }
        var collection: Expr?
        switch keyExpr.kind {
        case .subscripted(let base, _): collection = base
        case .member(let base, let member) where member.name == "first" || member.name == "last": collection = base
        case .integer, .decimal, .string, .bool, .nilLiteral, .name, .member, .implicitMember, .call, .unary, .binary, .array,
             .dictionary, .parenthesized, .duration, .optionalMember, .closure, .subscriptDefault, .conditional, .error:
            collection = nil
        }
        guard let collection, case .array? = expressionTypes[collection.id] else { return nil }
        let last: String
        switch collection.kind {
        case .member(_, let member): last = member.name
        case .name(let n): last = n.name
        case .integer, .decimal, .string, .bool, .nilLiteral, .implicitMember, .call, .subscripted, .unary, .binary, .array,
             .dictionary, .parenthesized, .duration, .optionalMember, .closure, .subscriptDefault, .conditional, .error:
            last = "elements"
        }
        return (ExpressionText.text(collection), ExpressionText.singular(last))
    }
}
