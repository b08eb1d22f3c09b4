/// Renders the Swift representation as source text. Owns all formatting decisions: spacing, blank lines,
/// parentheses from precedence, escaping of names and string literals.
public struct SwiftRenderer: Sendable {
    /// The access keyword used for `.configured` declarations; `internal` prints nothing.
    public var accessLevel: AccessLevel

    /// Creates a renderer.
    public init(accessLevel: AccessLevel) {
        self.accessLevel = accessLevel
    }

    /// The source text of a whole file.
    public func render(_ file: SwiftFile) -> String {
        var writer = CodeWriter()
        for comment in file.headerComments { writer.line("// " + comment) }
        writer.blankLine()
        // `@testable import M` is written as given.
        for module in file.imports { writer.line(module.hasPrefix("@") ? module : "import " + module) }
        for declaration in file.declarations {
            writer.blankLine()
            write(declaration, into: &writer)
        }
        return writer.text
    }

    /// The source text of one declaration (used by tests).
    public func render(_ declaration: SwiftDecl) -> String {
        var writer = CodeWriter()
        write(declaration, into: &writer)
        return writer.text
    }

    /// The source text of statements (used by tests).
    public func render(_ statements: [SwiftStmt]) -> String {
        var writer = CodeWriter()
        write(statements, into: &writer)
        return writer.text
    }

    // MARK: Declarations

    func write(_ declaration: SwiftDecl, into writer: inout CodeWriter) {
        switch declaration {
        case .structure(let d):
            writeNominal(d, keyword: "struct", into: &writer)
        case .enumeration(let d):
            writeNominal(d, keyword: "enum", into: &writer)
        case .protocolDecl(let d):
            writeNominal(d, keyword: "protocol", into: &writer)
        case .extensionDecl(let d):
            writeHeaderLines(d.header, into: &writer)
            var text = prefix(d.header) + "extension " + type(d.extendedType)
            if !d.conformances.isEmpty { text += ": " + d.conformances.map(type).joined(separator: ", ") }
            if !d.requirements.isEmpty {
                text += " where " + d.requirements.map { type($0.lhs) + " == " + type($0.rhs) }.joined(separator: ", ")
            }
            writeMembers(d.members, opening: text, into: &writer)
        case .function(let d):
            writeFunction(d, into: &writer)
        case .initializer(let d):
            writeHeaderLines(d.header, into: &writer)
            let text = prefix(d.header) + "init(" + d.parameters.map(parameter).joined(separator: ", ") + ")" + throwsClause(d.throwing)
            writeBody(d.body, opening: text, into: &writer)
        case .property(let d):
            writeProperty(d, into: &writer)
        case .enumCase(let d):
            writeDoc(d.doc, into: &writer)
            var text = "case " + Naming.escaped(d.name)
            if !d.associatedValues.isEmpty { text += "(" + d.associatedValues.map(type).joined(separator: ", ") + ")" }
            if let raw = d.rawValue { text += " = " + stringLiteral([.text(raw)]) }
            writer.line(text)
        case .typeAlias(let d):
            writeHeaderLines(d.header, into: &writer)
            writer.line(prefix(d.header) + "typealias " + Naming.escaped(d.name) + " = " + type(d.type))
        }
    }

    private func writeNominal(_ d: SwiftTypeDecl, keyword: String, into writer: inout CodeWriter) {
        writeHeaderLines(d.header, into: &writer)
        var text = prefix(d.header) + keyword + " " + Naming.escaped(d.name)
        if !d.conformances.isEmpty { text += ": " + d.conformances.map(type).joined(separator: ", ") }
        writeMembers(d.members, opening: text, into: &writer)
    }

    private func writeMembers(_ members: [SwiftDecl], opening: String, into writer: inout CodeWriter) {
        if members.isEmpty {
            writer.line(opening + " {}")
            return
        }
        writer.line(opening + " {")
        writer.indented { inner in
            var previous: SwiftDecl?
            for member in members {
                if let previous, separatedByBlankLine(previous, member) { inner.blankLine() }
                write(member, into: &inner)
                previous = member
            }
        }
        writer.line("}")
    }

    /// Enum cases and undocumented stored properties stay together; everything else gets air.
    private func separatedByBlankLine(_ previous: SwiftDecl, _ next: SwiftDecl) -> Bool {
        switch (previous, next) {
        case (.enumCase, .enumCase):
            return false
        case (.property(let p), .property(let q)):
            return !(isStored(p) && isStored(q) && q.header.doc.isEmpty)
        case (.structure, _), (.enumeration, _), (.protocolDecl, _), (.extensionDecl, _), (.function, _),
             (.initializer, _), (.property, _), (.enumCase, _), (.typeAlias, _):
            return true
        }
    }

    private func isStored(_ p: SwiftProperty) -> Bool {
        switch p.kind {
        case .constant, .stored, .requirement: true
        case .computed: false
        }
    }

    private func writeFunction(_ d: SwiftFunction, into writer: inout CodeWriter) {
        writeHeaderLines(d.header, into: &writer)
        var text = prefix(d.header) + "func " + Naming.escaped(d.name)
        if !d.genericParameters.isEmpty {
            text += "<" + d.genericParameters.map { g in g.constraint.map { g.name + ": " + type($0) } ?? g.name }.joined(separator: ", ") + ">"
        }
        text += "(" + d.parameters.map(parameter).joined(separator: ", ") + ")"
        if d.isAsync { text += " async" }
        text += throwsClause(d.throwing)
        if let result = d.result { text += " -> " + type(result) }
        if let body = d.body {
            writeBody(body, opening: text, into: &writer)
        } else {
            writer.line(text)
        }
    }

    private func writeProperty(_ d: SwiftProperty, into writer: inout CodeWriter) {
        writeHeaderLines(d.header, into: &writer)
        let declared = Naming.escaped(d.name) + ": " + type(d.type)
        switch d.kind {
        case .constant(let value):
            writer.line(prefix(d.header) + "let " + declared + (value.map { " = " + expression($0) } ?? ""))
        case .stored(let value):
            writer.line(prefix(d.header) + "var " + declared + (value.map { " = " + expression($0) } ?? ""))
        case .computed(let body):
            writeBody(body, opening: prefix(d.header) + "var " + declared, into: &writer)
        case .requirement:
            writer.line(prefix(d.header) + "var " + declared + " { get }")
        }
    }

    private func writeBody(_ body: [SwiftStmt], opening: String, into writer: inout CodeWriter) {
        if body.isEmpty {
            writer.line(opening + " {}")
            return
        }
        writer.line(opening + " {")
        writer.indented { write(body, into: &$0) }
        writer.line("}")
    }

    private func writeHeaderLines(_ header: SwiftDeclHeader, into writer: inout CodeWriter) {
        writeDoc(header.doc, into: &writer)
        for attribute in header.attributes { writer.line("@" + attribute) }
    }

    private func writeDoc(_ doc: [String], into writer: inout CodeWriter) {
        for line in doc { writer.line(line.isEmpty ? "///" : "/// " + line) }
    }

    /// `public nonisolated static ` and the like.
    private func prefix(_ header: SwiftDeclHeader) -> String {
        var words: [String] = []
        switch header.access {
        case .configured:
            switch accessLevel {
            case .internal: break
            case .public: words.append("public")
            case .package: words.append("package")
            }
        case .private: words.append("private")
        case .none: break
        }
        if header.isNonisolated { words.append("nonisolated") }
        if header.isStatic { words.append("static") }
        return words.map { $0 + " " }.joined()
    }

    private func throwsClause(_ throwing: SwiftThrows) -> String {
        switch throwing {
        case .none: ""
        case .untyped: " throws"
        case .typed(let error): " throws(" + type(error) + ")"
        }
    }

    private func parameter(_ p: SwiftParameter) -> String {
        var text: String
        switch p.label {
        case nil: text = Naming.escaped(p.name)
        case "_"?: text = "_ " + Naming.escaped(p.name)
        case let label?: text = label == p.name ? Naming.escaped(p.name) : Naming.escapedLabel(label) + " " + Naming.escaped(p.name)
        }
        switch p.convention {
        case .plain: text += ": " + type(p.type)
        case .inout: text += ": inout " + type(p.type)
        case .consuming: text += ": consuming " + type(p.type)
        }
        if let value = p.defaultValue { text += " = " + expression(value) }
        return text
    }

    // MARK: Types

    /// The text of a type.
    public func type(_ t: SwiftType) -> String {
        switch t {
        case .named(let name): name
        case .declared(let name): Naming.escaped(name)
        case .member(let base, let name): type(base) + "." + Naming.escapedMember(name)
        case .generic(let base, let arguments): type(base) + "<" + arguments.map(type).joined(separator: ", ") + ">"
        case .array(let element): "[" + type(element) + "]"
        case .dictionary(let key, let value): "[" + type(key) + ": " + type(value) + "]"
        case .optional(let wrapped): type(wrapped) + "?"
        case .opaque(let constraint): "some " + type(constraint)
        case .metatype(let base): type(base) + ".Type"
        }
    }
}
