import EVDLSyntax
import Testing

/// The tree stays compact: spans, names and nodes are held by the hundred thousand for a large spec, so their
/// sizes are part of what keeps `evdlc check` within 20x the input (see Benchmarks/CheckThroughput).
@Suite("Compact tree representation")
struct CompactTreeTests {
    @Test("spans, ids, names and expression nodes keep their small sizes")
    func sizes() {
        #expect(MemoryLayout<Span>.size == 12)
        #expect(MemoryLayout<ExprID>.size == 8)
        #expect(MemoryLayout<Identifier>.stride == 32)
        #expect(MemoryLayout<Expr>.stride == 24)
        #expect(MemoryLayout<FieldDecl>.stride <= 128)
    }

    @Test("32-bit offsets convert back exactly, and out-of-range offsets are clamped")
    func offsets() {
        let file = FileID(index: 3)
        var span = Span(file: file, start: 70_000, end: 4_000_000_000)
        #expect(file.index == 3)
        #expect(span.start == 70_000 && span.end == 4_000_000_000 && span.length == 3_999_930_000)
        span.end = -5
        #expect(span.end == 0)
        #expect(Span(file: file, start: 10, end: 2).end == 10)
        #expect(Span(file: file, start: Int(UInt32.max) + 10, end: Int(UInt32.max) + 20).start == Int(UInt32.max))
        var id = ExprID(file: file, index: 41)
        id.index += 1
        #expect(id == ExprID(file: file, index: 42))
        var expr = Expr(id: id, kind: .nilLiteral, span: Span(file: file, start: 1, end: 4))
        #expect(expr.id == id)
        expr.id = ExprID(file: FileID(index: 5), index: 7)
        #expect(expr.id == ExprID(file: FileID(index: 5), index: 7) && expr.span.file == FileID(index: 5) && expr.span.end == 4)
    }

    @Test("a field's doc comment and earlier name are kept (boxed) and can be changed")
    func rareFieldParts() {
        let file = FileID(index: 0)
        let name = Identifier("total", span: Span(file: file, start: 0, end: 5))
        let type = TypeExpr(.named(Identifier("Int", span: Span(file: file, start: 7, end: 10))), span: Span(file: file, start: 7, end: 10))
        let doc = DocComment(lines: ["The total."], span: Span(file: file, start: 0, end: 0))
        var field = FieldDecl(name: name, type: type, span: Span(file: file, start: 0, end: 10))
        #expect(field.doc == nil && field.previousName == nil)
        field.doc = doc
        field.previousName = Identifier("sum", span: Span(file: file, start: 15, end: 18))
        #expect(field.doc == doc && field.previousName?.name == "sum")
        field.doc = nil
        #expect(field.doc == nil && field.previousName?.name == "sum")
        field.previousName = nil
        #expect(field == FieldDecl(name: name, type: type, span: Span(file: file, start: 0, end: 10)))
    }

    @Test("the line table maps offsets to lines with 32-bit starts")
    func lineTable() {
        let table = LineTable(bytes: Array("a\nbc\r\nd\re".utf8))
        #expect(table.count == 4)
        #expect((0..<4).map { table.start(ofLine: $0 + 1) } == [0, 2, 6, 8])
        #expect(table.line(of: 7) == 3 && table.line(of: 9) == 4)
        #expect(table.start(ofLine: 99) == 8)
    }
}
