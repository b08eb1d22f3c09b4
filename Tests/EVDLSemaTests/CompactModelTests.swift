import EVDLSema
import EVDLSyntax
import Testing

/// The checker's model stays compact: one resolution and one type slot per expression, and symbols that do not
/// copy their declarations (see Benchmarks/CheckThroughput for what the sizes buy).
@Suite("Compact model representation")
struct CompactModelTests {
    @Test("table slots, targets and symbols keep their small sizes")
    func sizes() {
        #expect(MemoryLayout<NameResolution?>.stride == 24)
        #expect(MemoryLayout<SemType?>.stride == 8)
        #expect(MemoryLayout<MessageTarget>.stride == 8)
        #expect(MemoryLayout<FieldSymbol>.stride <= 40)
        #expect(MemoryLayout<CommandSymbol>.stride <= 160)
        #expect(MemoryLayout<EventSymbol>.stride <= 112)
        #expect(MemoryLayout<SagaStepSymbol>.stride <= 72)
    }

    @Test("boxed enum-case resolutions and message targets compare and hash by value")
    func boxedValues() {
        let a = NameResolution.enumCase(enumName: "Status", caseName: "open")
        let b = NameResolution.enumCase(enumName: "Status", caseName: "open")
        #expect(a == b && a.hashValue == b.hashValue && a != .enumCase(enumName: "Status", caseName: "closed"))
        guard case .enumCase(let enumName, let caseName) = a else {
            Issue.record("not an enum case: \(a)")
            return
        }
        #expect(enumName == "Status" && caseName == "open")
        let target = MessageTarget.aggregateEvent(aggregate: "Order", event: "Placed")
        #expect(Set([target, .aggregateEvent(aggregate: "Order", event: "Placed"), .aggregateCommand(aggregate: "Order", command: "Placed")]).count == 2)
    }

    @Test("an expression table sized from the parser's counts reads nil until written, and grows past them")
    func sizedTables() {
        let file = FileID(index: 1)
        var table = ExpressionTable<SemType>(sizedFor: [SpecFile(file: file, declarations: [], expressionCount: 4)])
        #expect(table.isEmpty && table[ExprID(file: file, index: 3)] == nil)
        table[ExprID(file: file, index: 3)] = .int
        table[ExprID(file: file, index: 9)] = .string
        table[ExprID(file: FileID(index: 0), index: 0)] = .bool
        #expect(table.count == 3)
        #expect(table[ExprID(file: file, index: 3)] == .int && table[ExprID(file: file, index: 9)] == .string)
        table[ExprID(file: file, index: 3)] = nil
        #expect(table.count == 2 && table[ExprID(file: file, index: 3)] == nil)
    }
}
