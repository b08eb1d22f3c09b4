import EVDLSyntax

extension Translator {
    /// `enum OrderStatus { draft, placed }` → a `String`-backed Swift enum whose raw values are the spec names,
    /// (the implicit raw value of a case is its name), so stored values keep their spelling.
    func translateEnum(_ d: EnumDecl) -> SwiftDecl {
        let cases = d.cases.map { c in
            SwiftDecl.enumCase(SwiftEnumCase(doc: docLines(c.doc), name: c.name.name))
        }
        return .enumeration(SwiftTypeDecl(
            header: typeHeader(doc: docLines(d.doc)), name: d.name.name,
            conformances: [.named("String"), .named("Sendable"), .named("Codable"), .named("Hashable"), .named("CaseIterable")],
            members: cases
        ))
    }
}
