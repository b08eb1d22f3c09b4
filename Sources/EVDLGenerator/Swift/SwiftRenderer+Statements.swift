extension SwiftRenderer {
    func write(_ statements: [SwiftStmt], into writer: inout CodeWriter) {
        for statement in statements { write(statement, into: &writer) }
    }

    func write(_ statement: SwiftStmt, into writer: inout CodeWriter) {
        switch statement {
        case .expression(let e):
            writer.line(expression(e))
        case .constant(let name, let t, let value):
            writer.line("let " + bound(name) + (t.map { ": " + type($0) } ?? "") + " = " + expression(value))
        case .variable(let name, let t, let value):
            writer.line("var " + Naming.escaped(name) + (t.map { ": " + type($0) } ?? "") + " = " + expression(value))
        case .assign(let target, let op, let value):
            writer.line(expression(target) + " " + op + " " + expression(value))
        case .ifElse(let condition, let then, let otherwise):
            writeIf(opening: "if " + expression(condition), then: then, otherwise: otherwise, into: &writer)
        case .ifLet(let name, let value, let then, let otherwise):
            writeIf(opening: "if let " + Naming.escaped(name) + " = " + expression(value), then: then, otherwise: otherwise, into: &writer)
        case .ifLets(let bindings, let then, let otherwise):
            let opening = "if " + bindings.map { "let " + bound($0.name) + " = " + expression($0.value) }.joined(separator: ", ")
            writeIf(opening: opening, then: then, otherwise: otherwise, into: &writer)
        case .guardElse(let condition, let body):
            writeBlock(opening: "guard " + expression(condition) + " else", body: body, into: &writer)
        case .guardLet(let name, let value, let body):
            writeBlock(opening: "guard let " + Naming.escaped(name) + " = " + expression(value) + " else", body: body, into: &writer)
        case .forIn(let name, let sequence, let body):
            writeBlock(opening: "for " + Naming.escaped(name) + " in " + expression(sequence), body: body, into: &writer)
        case .switchStmt(let subject, let cases):
            writer.line("switch " + expression(subject) + " {")
            for c in cases {
                writer.line(pattern(c.pattern))
                writer.indented { inner in
                    if c.body.isEmpty { inner.line("break") } else { write(c.body, into: &inner) }
                }
            }
            writer.line("}")
        case .returnStmt(let value):
            writer.line(value.map { "return " + expression($0) } ?? "return")
        case .throwStmt(let value):
            writer.line("throw " + expression(value))
        case .scope(let body):
            writeBlock(opening: "do", body: body, into: &writer)
        }
    }

    private func writeIf(opening: String, then: [SwiftStmt], otherwise: [SwiftStmt]?, into writer: inout CodeWriter) {
        writer.line(opening + " {")
        writer.indented { write(then, into: &$0) }
        var rest = otherwise
        while let branch = rest {
            if branch.count == 1, case .ifElse(let condition, let nestedThen, let nestedElse) = branch[0] {
                writer.line("} else if " + expression(condition) + " {")
                writer.indented { write(nestedThen, into: &$0) }
                rest = nestedElse
            } else {
                writer.line("} else {")
                writer.indented { write(branch, into: &$0) }
                rest = nil
            }
        }
        writer.line("}")
    }

    private func writeBlock(opening: String, body: [SwiftStmt], into writer: inout CodeWriter) {
        writer.line(opening + " {")
        writer.indented { write(body, into: &$0) }
        writer.line("}")
    }

    private func pattern(_ p: SwiftPattern) -> String {
        switch p {
        case .enumCase(let name): "case ." + Naming.escapedMember(name) + ":"
        case .enumCaseBinding(let name, let binding): "case ." + Naming.escapedMember(name) + "(let " + Naming.escaped(binding) + "):"
        case .defaultCase: "default:"
        case .value(let e): "case " + expression(e) + ":"
        case .alternatives(let values): "case " + values.map(expression).joined(separator: ", ") + ":"
        }
    }

    /// The name a `let` binds: `_` is Swift's wildcard (a constant nothing reads), any other name as a name.
    private func bound(_ name: String) -> String {
        name == "_" ? "_" : Naming.escaped(name)
    }
}
