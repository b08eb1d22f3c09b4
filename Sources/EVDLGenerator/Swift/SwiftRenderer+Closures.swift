extension SwiftRenderer {
    /// `{ a, _ in first; second }`, or `{ statement }` without parameters. Closures of generated code hold a
    /// few one-line statements, so they stay on one line; a statement that would span lines is joined with spaces.
    func closure(parameters: [String], body: [SwiftStmt]) -> String {
        let head = parameters.isEmpty ? "" : parameters.map { $0 == "_" ? "_" : Naming.escaped($0) }.joined(separator: ", ") + " in "
        let statements = body.map { statement -> String in
            var writer = CodeWriter()
            write(statement, into: &writer)
            return writer.text.split(separator: "\n").map { $0.drop { $0 == " " } }.joined(separator: " ")
        }
        return "{ " + head + statements.joined(separator: "; ") + " }"
    }
}
