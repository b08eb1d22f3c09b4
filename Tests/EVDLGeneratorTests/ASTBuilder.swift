import EVDLSyntax

/// Builds small spec trees directly, so translator tests do not depend on the parser. Every node gets a fresh
/// expression id and an empty span in file 0.
final class ASTBuilder {
    private var next = 0
    let file = FileID(index: 0)
    var span: Span { Span(file: file, start: 0, end: 0) }

    func ident(_ name: String) -> Identifier { Identifier(name, span: span) }
    func qualified(_ parts: String...) -> QualifiedName { QualifiedName(parts: parts.map(ident), span: span) }

    func expr(_ kind: Expr.Kind) -> Expr {
        next += 1
        return Expr(id: ExprID(file: file, index: next), kind: kind, span: span)
    }
    func name(_ n: String) -> Expr { expr(.name(ident(n))) }
    func member(_ base: Expr, _ m: String) -> Expr { expr(.member(base: base, member: ident(m))) }
    func int(_ text: String) -> Expr { expr(.integer(text)) }
    func decimal(_ text: String) -> Expr { expr(.decimal(text)) }
    func string(_ segments: StringSegment...) -> Expr { expr(.string(segments)) }
    func binary(_ op: BinaryOperator, _ l: Expr, _ r: Expr) -> Expr { expr(.binary(op, l, r)) }
    func not(_ e: Expr) -> Expr { expr(.unary(.not, e)) }

    func type(_ name: String) -> TypeExpr { TypeExpr(.named(ident(name)), span: span) }
    func optional(_ t: TypeExpr) -> TypeExpr { TypeExpr(.optional(t), span: span) }
    func array(_ t: TypeExpr) -> TypeExpr { TypeExpr(.array(t), span: span) }
    func field(_ name: String, _ t: TypeExpr, _ defaultValue: Expr? = nil, doc: [String] = []) -> FieldDecl {
        FieldDecl(doc: doc.isEmpty ? nil : DocComment(lines: doc, span: span), name: ident(name), type: t, defaultValue: defaultValue, span: span)
    }

    func stmt(_ kind: Stmt.Kind) -> Stmt { Stmt(kind: kind, span: span) }
    func block(_ statements: Stmt...) -> Block { Block(statements: statements, span: span) }
    func require(_ condition: Expr, _ message: Expr) -> Stmt { stmt(.require(condition: condition, message: message)) }
    func emit(_ event: String, _ arguments: (String, Expr?)...) -> Stmt {
        stmt(.emit(MessageLiteral(name: qualified(event), arguments: arguments.map { FieldArgument(label: ident($0.0), value: $0.1, span: span) }, span: span)))
    }
    func assign(_ target: Expr, _ op: AssignmentOperator, _ value: Expr) -> Stmt { stmt(.assign(target: target, op: op, value: value)) }
    func assign(_ target: Expr, _ value: Expr) -> Stmt { assign(target, .assign, value) }
    func ifElse(_ condition: Expr, _ then: Block, _ otherwise: Block? = nil) -> Stmt {
        stmt(.ifElse(condition: condition, then: then, else: otherwise.map { .block($0) }))
    }
    func letBinding(_ name: String, _ value: Expr) -> Stmt { stmt(.letBinding(name: ident(name), type: nil, value: value)) }
    var delete: Stmt { stmt(.delete) }
    func doc(_ lines: String...) -> DocComment { DocComment(lines: lines, span: span) }
}
