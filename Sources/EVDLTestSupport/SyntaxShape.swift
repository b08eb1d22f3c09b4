import EVDLSyntax

/// The shape of a parsed tree without its places: two files that parse to the same tree (the same declarations,
/// names, types, expressions and doc comments) have the same shape whatever their layout. Used by the formatter's
/// tests and its fuzz harness to show that formatting never changes meaning.
public enum SyntaxShape {
    /// The shape of a parsed file as text. Spans are left out, and doc comment lines are compared without trailing
    /// spaces (the formatter removes them).
    public static func of(_ spec: SpecFile) -> String {
        var out = ""
        write(spec.declarations, into: &out)
        return out
    }

    private static func write(_ value: Any, into out: inout String) {
        if value is Span || value is FileID {
            out += "_"
            return
        }
        if let doc = value as? DocComment {
            out += "doc("
            for line in doc.lines {
                var text = Substring(line)
                while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
                out += text + "\\n"
            }
            out += ")"
            return
        }
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty {
            out += String(describing: value)
            return
        }
        out += "\(mirror.subjectType)("
        for child in mirror.children {
            if let label = child.label { out += label + ":" }
            write(child.value, into: &out)
            out += ","
        }
        out += ")"
    }
}
